import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { alertSeverity, loadAlertPolicy, validateAlertPolicy } from './alert-policy.ts'

const ETH = 10n ** 18n
const USDT = '0xdAC17F958D2ee523a2206206994597C13D831ec7'

describe('alert policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-alert-policy-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const policy = loadAlertPolicy()

  it('grades the shipped policy: freezable arrivals first, small movements low', () => {
    const at = (
      kind: Parameters<typeof alertSeverity>[1]['kind'],
      place: 'exchange-deposit' | 'issuer-freezable' | null,
      amount: bigint,
      asset = 'native',
    ) => alertSeverity(policy, { kind, place, asset, amount })
    assert.equal(at('freezable-arrival', 'exchange-deposit', 1n), 'severe')
    assert.equal(at('freezable-arrival', 'issuer-freezable', 5n, USDT), 'high')
    assert.equal(at('bridge-entered', null, 1n), 'high')
    assert.equal(at('mixer-entered', null, 1n), 'high')
    assert.equal(at('swap', null, 1n), 'medium')
    assert.equal(at('funds-moved', null, ETH), 'medium')
    assert.equal(at('funds-moved', null, ETH - 1n), 'low')
    // A token the minimum does not name passes the first funds-moved rule.
    assert.equal(at('funds-moved', null, 1n, USDT), 'medium')
    assert.equal(at('retracted', null, 0n), 'medium')
  })

  it('lets a rule silence a kind, and matches token minimums whatever the address case', () => {
    const p = validateAlertPolicy({
      format: 'dragnet.alert-policy/1',
      name: 'desk',
      rules: [
        { kind: 'swap', severity: 'none' },
        { kind: 'funds-moved', minAmount: { [USDT]: '1000000000' }, severity: 'high' },
      ],
    })
    assert.equal(alertSeverity(p, { kind: 'swap', place: null, asset: 'native', amount: ETH }), 'none')
    assert.equal(
      alertSeverity(p, { kind: 'funds-moved', place: null, asset: USDT.toLowerCase(), amount: 1_000_000_000n }),
      'high',
    )
    assert.equal(alertSeverity(p, { kind: 'funds-moved', place: null, asset: USDT, amount: 999_999_999n }), 'none')
    assert.equal(alertSeverity(p, { kind: 'mixer-entered', place: null, asset: 'native', amount: ETH }), 'none')
  })

  it('refuses a bad policy with WATCH_INVALID_POLICY naming the field, and a missing file with FILE_NOT_FOUND', () => {
    const fails = (data: unknown) => {
      try {
        validateAlertPolicy(data)
      } catch (e) {
        return [(e as { code: string }).code, (e as { details: { where: string } }).details.where]
      }
      return ['accepted']
    }
    const base = { format: 'dragnet.alert-policy/1', name: 'x' }
    assert.deepEqual(fails({ ...base, format: 'dragnet.screen-policy/1', rules: [] }), [
      'WATCH_INVALID_POLICY',
      'policy',
    ])
    assert.deepEqual(fails({ ...base, rules: [{ kind: 'teleport', severity: 'low' }] }), [
      'WATCH_INVALID_POLICY',
      'policy.rules[0]',
    ])
    assert.deepEqual(fails({ ...base, rules: [{ kind: 'swap', severity: 'urgent' }] }), [
      'WATCH_INVALID_POLICY',
      'policy.rules[0]',
    ])
    assert.deepEqual(fails({ ...base, rules: [{ kind: 'swap', place: 'exchange', severity: 'low' }] }), [
      'WATCH_INVALID_POLICY',
      'policy.rules[0]',
    ])
    assert.deepEqual(
      fails({ ...base, rules: [{ kind: 'funds-moved', minAmount: { native: 1.5 }, severity: 'low' }] }),
      ['WATCH_INVALID_POLICY', 'policy.rules[0].minAmount.native'],
    )
    const file = join(dir, 'broken.json')
    writeFileSync(file, '{"format": ')
    assert.throws(() => loadAlertPolicy(file), { code: 'WATCH_INVALID_POLICY' })
    assert.throws(() => loadAlertPolicy(join(dir, 'none.json')), { code: 'FILE_NOT_FOUND' })
  })
})
