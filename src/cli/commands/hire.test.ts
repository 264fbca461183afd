import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { runInProcess } from '../main.ts'

const fx = (p: string): string => fileURLToPath(new URL(`../../hire/fixtures/${p}`, import.meta.url))

const run = runInProcess
const dir = mkdtempSync(join(tmpdir(), 'dragnet-hire-'))
after(() => rmSync(dir, { recursive: true, force: true }))
/** A fresh store: on first use it loads the shipped label pack, the FBI's PSA250226 list among it. */
const freshDb = (name: string) => join(dir, `${name}.duckdb`)
const FBI_WALLET = '0x51E9d833Ecae4E8D9D8Be17300AEE6D3398C135D'

describe('dragnet hire', () => {
  it('scan-repo exits 10 on a high-severity finding and lists it', async () => {
    const r = await run(['hire', 'scan-repo', fx('repos/techniques'), '--json'])
    assert.equal(r.code, 10)
    const report = JSON.parse(r.out) as { counts: Record<string, number>; findings: Array<{ rule: string }> }
    assert.deepEqual(report.counts, { low: 0, medium: 1, high: 13 })
    assert.match(r.err, /"code":"HIRE_HIGH_RISK_FINDING"/)
  })

  it('scan-repo exits 0 on a clean repository', async () => {
    const r = await run(['hire', 'scan-repo', fx('repos/express-api')])
    assert.equal(r.code, 0)
    assert.equal(r.out, `folder ${fx('repos/express-api')}: 3 files, 1757 bytes; 0 high, 0 medium, 0 low\n`)
  })

  it('scan-repo exits 3 with FILE_NOT_FOUND for a missing folder', async () => {
    const r = await run(['hire', 'scan-repo', fx('repos/missing'), '--json'])
    assert.equal(r.code, 3)
    assert.equal(JSON.parse(r.err).error.code, 'FILE_NOT_FOUND')
  })

  it('screen prints the score, each signal and the linked cluster as JSON', async () => {
    const r = await run([
      'hire',
      'screen',
      fx('applicants/cluster-a.json'),
      '--against',
      fx('applicants/pool'),
      '--db',
      freshDb('cluster'),
      '--format',
      'json',
    ])
    assert.equal(r.code, 0)
    const report = JSON.parse(r.out)
    assert.equal(report.score, 30)
    assert.deepEqual(report.cluster.members, ['cluster-a', 'cluster-b', 'cluster-c'])
    assert.equal(report.signals[0].ruleId, 'HIRE-LINKED-APPLICANTS')
  })

  it('screen flags an FBI-listed payroll wallet from the store label registry, no label file needed', async () => {
    const r = await run([
      'hire',
      'screen',
      fx('applicants/per-rule/HIRE-WALLET-EXPOSURE.json'),
      '--db',
      freshDb('registry'),
      '--json',
    ])
    assert.equal(r.code, 0, r.err)
    const report = JSON.parse(r.out)
    assert.deepEqual(
      report.signals.map((s: { ruleId: string }) => s.ruleId),
      ['HIRE-WALLET-EXPOSURE'],
    )
    assert.match(
      report.signals[0].evidence[0],
      /^ethereum wallet 0x51E9d833.*dprk-attributed.*fbi-psa250226 2025-02-26/,
    )
    assert.deepEqual(
      report.notEvaluated.map((n: { ruleId: string }) => n.ruleId),
      ['HIRE-LINKED-APPLICANTS'],
    )
  })

  it('screen flags a payroll wallet paid by an FBI-listed address: exposure, as dragnet screen finds it', async () => {
    const db = freshDb('exposure')
    const wallet = '0x00000000000000000000000000000000000a11ce'
    const store = await openDuckDbStore(db)
    try {
      // One transfer of 5 ETH from the FBI-listed address to the applicant's wallet.
      const row = {
        block_number: 1n,
        block_time: 1001n,
        tx_hash: `0x${'ab'.repeat(32)}`,
        tx_index: 0n,
        position: 'call:',
        kind: 'native',
        from_address: FBI_WALLET.toLowerCase(),
        to_address: wallet,
        asset: 'native',
        amount: (5n * 10n ** 18n).toString(),
      }
      await store.writeBatch({
        chain: 'ethereum',
        fromBlock: 1n,
        toBlock: 1n,
        tables: { transfers: [row] },
        replace: [],
      })
    } finally {
      await store.close()
    }
    const base = JSON.parse(readFileSync(fx('applicants/clean.json'), 'utf8'))
    const applicant = join(dir, 'paid.json')
    writeFileSync(
      applicant,
      JSON.stringify({ ...base, payment: { ...base.payment, wallets: [{ chain: 'ethereum', address: wallet }] } }),
    )
    const r = await run(['hire', 'screen', applicant, '--db', db, '--json'])
    assert.equal(r.code, 0, r.err)
    const report = JSON.parse(r.out)
    assert.deepEqual(
      report.signals.map((s: { ruleId: string }) => s.ruleId),
      ['HIRE-WALLET-EXPOSURE'],
    )
    assert.match(
      report.signals[0].evidence[0],
      new RegExp(
        `^ethereum wallet ${wallet}: dprk-attributed \\(severe: incoming direct dprk-attributed 100.00% of native: 5 ETH of 5 ETH from`,
      ),
    )
  })

  it('screen fires the wallet rule from a label CSV read by the registry CSV reader', async () => {
    const r = await run([
      'hire',
      'screen',
      fx('applicants/csv-labelled-wallet.json'),
      '--labels',
      fx('labels.csv'),
      '--db',
      freshDb('csv'),
      '--json',
    ])
    assert.equal(r.code, 0, r.err)
    assert.deepEqual(
      JSON.parse(r.out).signals.map((s: { ruleId: string }) => s.ruleId),
      ['HIRE-WALLET-EXPOSURE'],
    )
    const bad = join(dir, 'bad-labels.csv')
    writeFileSync(bad, 'address,label,category,source\n"0x00000000000000000000000000000000000DEaD1,x,sanctioned,t\n')
    const failed = await run([
      'hire',
      'screen',
      fx('applicants/csv-labelled-wallet.json'),
      '--labels',
      bad,
      '--db',
      freshDb('csv'),
      '--json',
    ])
    assert.equal(failed.code, 3)
    assert.equal(JSON.parse(failed.err).error.code, 'LABELS_MALFORMED')
  })

  it('screen lists the rules that ran and did not fire as checked and passed', async () => {
    const r = await run(['hire', 'screen', fx('applicants/clean.json')])
    assert.equal(r.code, 0, r.err)
    assert.match(r.out, /\nchecked and passed:\n {2}HIRE-IDENTITY-INCONSISTENT: checked: not found\n/)
    assert.match(
      r.out,
      /\n {2}HIRE-LOGIN-VPN-HOSTING: 0 of 3 logins \(0%\) came through VPN or hosting addresses; the rule fires from 50%\n/,
    )
    assert.match(r.out, /\n {2}HIRE-WALLET-EXPOSURE: no payroll wallet given\n/)
  })

  it('screen exits 3 with HIRE_INVALID_APPLICANT on malformed JSON', async () => {
    const r = await run(['hire', 'screen', fx('applicants/malformed.json'), '--json'])
    assert.equal(r.code, 3)
    assert.equal(JSON.parse(r.err).error.code, 'HIRE_INVALID_APPLICANT')
  })

  it('link lists the clusters of a folder', async () => {
    const r = await run(['hire', 'link', fx('applicants/pool'), '--json'])
    assert.equal(r.code, 0)
    const result = JSON.parse(r.out)
    assert.equal(result.applicants, 3)
    assert.deepEqual(
      result.clusters.map((c: { members: string[] }) => c.members),
      [['cluster-b', 'cluster-c']],
    )
  })

  it('rules lists every rule with a source', async () => {
    const r = await run(['hire', 'rules', '--json'])
    assert.equal(r.code, 0)
    const out = JSON.parse(r.out)
    assert.equal(out.applicant.rules.length, 14)
    assert.equal(out.scanner.length, 11)
  })
})
