import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { linkWithdrawals } from '../link-withdrawals.ts'
import { activity, addr, deposit, ETH, pool, txHash, withdrawal } from '../pool-activity-fixture.ts'

const P1 = addr('1e1')
const pools = [pool(P1, ETH)]
const linkedOnly = { rules: new Set(['linked-addresses'] as const) }
const X = addr('a1')
const Y = addr('b1')
const FUNDING = txHash(4242)

describe('linked-addresses', () => {
  const deposits = [
    deposit({ pool: P1, block: 1, depositor: addr('c1') }),
    deposit({ pool: P1, block: 2, depositor: X }),
    deposit({ pool: P1, block: 3, depositor: addr('c2') }),
  ]
  const w = withdrawal({ pool: P1, block: 9, recipient: Y })

  it('links a depositor and a recipient that paid each other outside the pool, at 0.7', () => {
    const links = linkWithdrawals(
      activity({ pools, deposits, withdrawals: [w], interactions: [[Y, X, FUNDING]] }),
      linkedOnly,
    )
    assert.deepEqual(
      links.map((l) => [l.deposit.depositor, l.withdrawal.recipient, l.confidence, l.rules[0]?.facts.interactionTx]),
      [[X, Y, 0.7, FUNDING]],
    )
    assert.deepEqual(links[0]?.anonymitySet, { before: 3, after: 3 })
  })

  it('reads nothing into a service on either side, nor a deposit after the withdrawal', () => {
    const exchange = activity({
      pools,
      deposits,
      withdrawals: [w],
      interactions: [[X, Y, FUNDING]],
      services: [[Y, 'exchange-deposit']],
    })
    assert.deepEqual(linkWithdrawals(exchange, linkedOnly), [])
    const late = activity({
      pools,
      deposits: [...deposits.filter((d) => d.depositor !== X), deposit({ pool: P1, block: 12, depositor: X })],
      withdrawals: [w],
      interactions: [[X, Y, FUNDING]],
    })
    assert.deepEqual(linkWithdrawals(late, linkedOnly), [])
  })

  it('reads nothing into a hub that dealt with more than five pool users, and links through one that dealt with five', () => {
    // X paid Y and four others (five counterparties): still evidence. One more makes X a hub (a payroll).
    const others = [addr('e1'), addr('e2'), addr('e3'), addr('e4'), addr('e5')]
    const pairs = (n: number): [string, string, string][] => [
      [X, Y, FUNDING],
      ...others.slice(0, n).map((o): [string, string, string] => [X, o, txHash(7)]),
    ]
    const five = activity({ pools, deposits, withdrawals: [w], interactions: pairs(4) })
    assert.deepEqual(
      linkWithdrawals(five, linkedOnly).map((l) => l.deposit.depositor),
      [X],
    )
    const hub = activity({ pools, deposits, withdrawals: [w], interactions: pairs(5) })
    assert.deepEqual(linkWithdrawals(hub, linkedOnly), [])
  })

  it('votes nothing when switched off', () => {
    const a = activity({ pools, deposits, withdrawals: [w], interactions: [[X, Y, FUNDING]] })
    assert.deepEqual(linkWithdrawals(a, { rules: new Set(['address-match', 'gas-price']) }), [])
  })
})
