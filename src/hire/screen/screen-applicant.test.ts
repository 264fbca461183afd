import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { DEFAULT_PACK_PATH, readPack } from '../../labels/label-pack.ts'
import { loadApplicantDir, loadApplicantFile } from '../applicant/load-applicants.ts'
import { loadRuleSet } from '../rules/load-rules.ts'
import { readWalletLabels, walletScreenerOf } from '../wallet/registry-wallet-screener.ts'
import { screenApplicant } from './screen-applicant.ts'

const fx = (p: string): string => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url))
const one = (p: string) => loadApplicantFile(fx(p))[0]!
const rules = loadRuleSet()
// The shipped label pack, as a store's registry holds it: the FBI's Bybit laundering addresses among them.
const labels = walletScreenerOf(readPack(DEFAULT_PACK_PATH).labels, 'the shipped pack')
const FBI_WALLET = '0x51E9d833Ecae4E8D9D8Be17300AEE6D3398C135D'

describe('screenApplicant', () => {
  it('fires nothing for the clean applicant', async () => {
    const r = await screenApplicant(one('applicants/clean.json'), { rules, walletScreener: labels, against: [] })
    assert.deepEqual(r.signals, [])
    assert.equal(r.score, 0)
    assert.equal(r.band, 'low')
    assert.deepEqual(r.notEvaluated, [])
  })

  const perRule = readdirSync(fx('applicants/per-rule')).sort()
  it('has one fixture for every shipped rule except the linking rule', () => {
    const ids = rules.rules.map((r) => r.id).filter((id) => id !== 'HIRE-LINKED-APPLICANTS')
    assert.deepEqual(
      perRule.map((f) => f.replace(/\.json$/, '')),
      [...ids].sort(),
    )
  })
  for (const file of perRule) {
    const ruleId = file.replace(/\.json$/, '')
    it(`fires exactly ${ruleId} for its fixture`, async () => {
      const r = await screenApplicant(one(`applicants/per-rule/${file}`), {
        rules,
        walletScreener: labels,
        against: [],
      })
      assert.deepEqual(
        r.signals.map((s) => s.ruleId),
        [ruleId],
      )
      const s = r.signals[0]!
      assert.equal(r.score, s.weight)
      assert.ok(s.evidence.length > 0)
      assert.ok(s.sources.length > 0 && s.sources.every((x) => x.url.startsWith('https://')))
    })
  }

  it('explains the UTC+9 activity signal against the claimed time zone', async () => {
    const r = await screenApplicant(one('applicants/per-rule/HIRE-ACTIVITY-UTC9-HOURS.json'), { rules })
    assert.deepEqual(r.signals[0]!.evidence, [
      '9 of 10 activity times (90%) fall in 9:00-18:00 UTC+09:00 and outside 9:00-18:00 in the claimed time zone America/Chicago (UTC-06:00)',
    ])
  })

  it('flags an FBI-listed payroll wallet from the label registry, with the list and its date', async () => {
    const r = await screenApplicant(one('applicants/per-rule/HIRE-WALLET-EXPOSURE.json'), {
      rules,
      walletScreener: labels,
    })
    // FBI PSA250226 lists this address as TraderTraitor's Bybit laundering: dprk-attributed, severe by policy.
    assert.deepEqual(r.signals[0]!.evidence, [
      `ethereum wallet ${FBI_WALLET}: dprk-attributed (severe: is dprk-attributed: ` +
        'TraderTraitor (Lazarus Group): Bybit theft laundering (fbi-psa250226 2025-02-26))',
    ])
  })

  it('reads a wallet label CSV through the registry CSV reader and flags its wallet', async () => {
    const extra = await readWalletLabels(fx('labels.csv'))
    const r = await screenApplicant(one('applicants/csv-labelled-wallet.json'), {
      rules,
      walletScreener: walletScreenerOf(extra, 'labels.csv'),
    })
    assert.deepEqual(r.signals[0]!.evidence, [
      'ethereum wallet 0x00000000000000000000000000000000000DEaD1: dprk-attributed (severe: is dprk-attributed: ' +
        'Example attributed cluster (test) (test fixture))',
    ])
  })

  it('passes a wallet the registry does not flag, saying what it was screened against', async () => {
    const applicant = one('applicants/per-rule/HIRE-WALLET-EXPOSURE.json')
    const wallet = '0x00000000000000000000000000000000000a11ce'
    const clean = { ...applicant, payment: { ...applicant.payment, wallets: [{ chain: 'ethereum', address: wallet }] } }
    const r = await screenApplicant(clean, { rules, walletScreener: labels })
    assert.deepEqual(r.signals, [])
    assert.equal(
      r.passed.find((p) => p.ruleId === 'HIRE-WALLET-EXPOSURE')?.detail,
      `ethereum wallet ${wallet}: none (no label; no chain store: direct hits only); screened against the shipped pack`,
    )
  })

  it('names a wallet it cannot screen instead of passing it', async () => {
    const applicant = one('applicants/per-rule/HIRE-WALLET-EXPOSURE.json')
    const bad = { ...applicant, payment: { ...applicant.payment, wallets: [{ chain: 'ethereum', address: '0x12' }] } }
    const r = await screenApplicant(bad, { rules, walletScreener: labels })
    assert.deepEqual(r.signals, [])
    const wallet = r.notEvaluated.find((n) => n.ruleId === 'HIRE-WALLET-EXPOSURE')
    assert.match(wallet?.reason ?? '', /^ethereum wallet 0x12 could not be screened: INVALID_ADDRESS /)
  })

  it('lists every rule that ran and did not fire as passed, threshold rules with what they measured', async () => {
    const r = await screenApplicant(one('applicants/clean.json'), { rules, walletScreener: labels, against: [] })
    const evaluated = rules.rules.map((x) => x.id)
    assert.deepEqual(
      r.passed.map((p) => p.ruleId),
      evaluated,
    )
    const detail = (id: string) => r.passed.find((p) => p.ruleId === id)?.detail
    // clean.json: 3 logins, all from the US, none through a VPN; 6 activity times in Chicago office hours.
    assert.equal(
      detail('HIRE-LOGIN-VPN-HOSTING'),
      '0 of 3 logins (0%) came through VPN or hosting addresses; the rule fires from 50%',
    )
    assert.equal(
      detail('HIRE-LOGIN-COUNTRY-HOPPING'),
      '3 logins, at most 1 country within any 24 hours; the rule fires from 3',
    )
    assert.match(detail('HIRE-ACTIVITY-UTC9-HOURS') ?? '', /^0 of 6 activity times \(0%\) .*the rule fires from 60%$/)
    assert.equal(detail('HIRE-WALLET-EXPOSURE'), 'no payroll wallet given')
  })

  it('reports wallet screening and linking as not evaluated when their inputs are missing', async () => {
    const r = await screenApplicant(one('applicants/per-rule/HIRE-WALLET-EXPOSURE.json'), { rules })
    assert.deepEqual(r.signals, [])
    assert.deepEqual(
      r.notEvaluated.map((n) => n.ruleId),
      ['HIRE-WALLET-EXPOSURE', 'HIRE-LINKED-APPLICANTS'],
    )
  })

  it('links a cluster of three applicants by a shared wallet and near-identical resumes', async () => {
    const r = await screenApplicant(one('applicants/cluster-a.json'), {
      rules,
      against: loadApplicantDir(fx('applicants/pool')),
    })
    assert.deepEqual(r.cluster?.members, ['cluster-a', 'cluster-b', 'cluster-c'])
    assert.deepEqual(r.cluster?.shared, [
      {
        kind: 'wallet',
        value: '0x000000000000000000000000000000000000C1A5',
        members: ['cluster-a', 'cluster-b', 'cluster-c'],
      },
    ])
    // MinHash uses fixed seeds, so the estimates are reproducible run to run.
    assert.deepEqual(r.cluster?.similarResumes, [
      { a: 'cluster-a', b: 'cluster-b', similarity: 0.95 },
      { a: 'cluster-a', b: 'cluster-c', similarity: 0.908 },
      { a: 'cluster-b', b: 'cluster-c', similarity: 0.858 },
    ])
    assert.deepEqual(
      r.signals.map((s) => s.ruleId),
      ['HIRE-LINKED-APPLICANTS'],
    )
    assert.equal(r.signals[0]!.evidence.length, 4)
  })
})
