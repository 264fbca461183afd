import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { runInProcess } from '../main.ts'

const fx = (p: string): string => fileURLToPath(new URL(`../../hire/fixtures/${p}`, import.meta.url))

const run = runInProcess

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
      '--format',
      'json',
    ])
    assert.equal(r.code, 0)
    const report = JSON.parse(r.out)
    assert.equal(report.score, 30)
    assert.deepEqual(report.cluster.members, ['cluster-a', 'cluster-b', 'cluster-c'])
    assert.equal(report.signals[0].ruleId, 'HIRE-LINKED-APPLICANTS')
  })

  it('screen fires the wallet rule from a label CSV', async () => {
    const r = await run([
      'hire',
      'screen',
      fx('applicants/per-rule/HIRE-WALLET-EXPOSURE.json'),
      '--labels',
      fx('labels.csv'),
      '--json',
    ])
    assert.equal(r.code, 0)
    assert.deepEqual(
      JSON.parse(r.out).signals.map((s: { ruleId: string }) => s.ruleId),
      ['HIRE-WALLET-EXPOSURE'],
    )
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
