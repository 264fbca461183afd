import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { loadApplicantDir, loadApplicantFile } from '../applicant/load-applicants.ts'
import { loadRuleSet } from '../rules/load-rules.ts'
import { loadLabelScreener } from '../wallet/label-csv-screener.ts'
import { screenApplicant } from './screen-applicant.ts'

const fx = (p: string): string => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url))
const one = (p: string) => loadApplicantFile(fx(p))[0]!
const rules = loadRuleSet()
const labels = loadLabelScreener(fx('labels.csv'))

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

  it('names the labelled wallet and its category', async () => {
    const r = await screenApplicant(one('applicants/per-rule/HIRE-WALLET-EXPOSURE.json'), {
      rules,
      walletScreener: labels,
    })
    assert.deepEqual(r.signals[0]!.evidence, [
      'ethereum wallet 0x00000000000000000000000000000000000dEaD1: dprk-attributed (labelled "Example attributed cluster (test)" by test fixture)',
    ])
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
        value: '0x000000000000000000000000000000000000C1a5',
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
