import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { linkWithdrawals } from '../link-withdrawals.ts'
import type { MixerRule } from '../mixer-types.ts'
import { activity, addr, deposit, ETH, pool, withdrawal } from '../pool-activity-fixture.ts'

const P1 = addr('1e1')
const P10 = addr('1e10')
const only = (rule: MixerRule) => ({ rules: new Set([rule]) })
const X = addr('a1')
const A = addr('a2')
const B = addr('a3')

describe('address-match', () => {
  const pools = [pool(P1, ETH), pool(P10, 10n * ETH)]

  it('links a withdrawal to the deposit its recipient made into the same pool before it, at 0.95', () => {
    const dx = deposit({ pool: P1, block: 1, depositor: X })
    const w = withdrawal({ pool: P1, block: 4, recipient: X })
    const links = linkWithdrawals(
      activity({
        pools,
        deposits: [dx, deposit({ pool: P1, block: 2, depositor: A }), deposit({ pool: P1, block: 3, depositor: B })],
        withdrawals: [w],
      }),
      only('address-match'),
    )
    assert.equal(links.length, 1)
    const [link] = links
    assert.equal(link?.id, `${dx.tx}:0>${w.tx}:0`)
    assert.equal(link?.pool, P1)
    assert.deepEqual(
      link?.rules.map((r) => [r.rule, r.confidence, r.facts.address]),
      [['address-match', 0.95, X]],
    )
    // Three deposits before it: 1/3 is below the rule's 0.95.
    assert.equal(link?.confidence, 0.95)
    assert.deepEqual(link?.anonymitySet, { before: 3, after: 3 })
    assert.deepEqual(link?.competing, [])
  })

  it('does not link a deposit made after the withdrawal, nor one into another pool', () => {
    const links = linkWithdrawals(
      activity({
        pools,
        deposits: [
          deposit({ pool: P1, block: 1, depositor: A }),
          deposit({ pool: P1, block: 2, depositor: B }),
          deposit({ pool: P10, block: 3, depositor: X }),
          deposit({ pool: P1, block: 9, depositor: X }),
        ],
        withdrawals: [withdrawal({ pool: P1, block: 5, recipient: X })],
      }),
      only('address-match'),
    )
    assert.deepEqual(links, [])
  })

  it('links one entity’s two addresses at 0.85, but never two addresses of a service', () => {
    const dA = deposit({ pool: P1, block: 1, depositor: A })
    const w = withdrawal({ pool: P1, block: 5, recipient: B })
    const base = {
      pools,
      deposits: [
        dA,
        deposit({ pool: P1, block: 2, depositor: X }),
        deposit({ pool: P1, block: 3, depositor: addr('a4') }),
      ],
      withdrawals: [w],
    }
    const entity = linkWithdrawals(
      activity({
        ...base,
        clusters: [
          [A, 'Lazarus wallet set'],
          [B, 'Lazarus wallet set'],
        ],
      }),
      only('address-match'),
    )
    assert.deepEqual(
      entity.map((l) => [l.deposit.tx, l.withdrawal.tx, l.confidence, l.rules[0]?.facts.entity]),
      [[dA.tx, w.tx, 0.85, 'Lazarus wallet set']],
    )
    const exchange = linkWithdrawals(
      activity({
        ...base,
        clusters: [
          [A, 'Harbor Exchange'],
          [B, 'Harbor Exchange'],
        ],
        services: [
          [A, 'hot-wallet'],
          [B, 'exchange-deposit'],
        ],
      }),
      only('address-match'),
    )
    assert.deepEqual(exchange, [])
  })

  it('votes nothing when switched off', () => {
    const a = activity({
      pools,
      deposits: [deposit({ pool: P1, block: 1, depositor: X }), deposit({ pool: P1, block: 2, depositor: A })],
      withdrawals: [withdrawal({ pool: P1, block: 4, recipient: X })],
    })
    assert.equal(linkWithdrawals(a).length, 1)
    assert.deepEqual(linkWithdrawals(a, { rules: new Set(['gas-price', 'timing']) }), [])
  })
})
