import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { linkWithdrawals } from '../link-withdrawals.ts'
import { activity, addr, deposit, ETH, pool, withdrawal } from '../pool-activity-fixture.ts'

const P1 = addr('1e1')
const pools = [pool(P1, ETH)]
const timingOnly = { rules: new Set(['timing'] as const) }
const early = [
  deposit({ pool: P1, block: 1, time: 0, depositor: addr('c1') }),
  deposit({ pool: P1, block: 2, time: 100, depositor: addr('c2') }),
]
const quick = deposit({ pool: P1, block: 10, time: 1000, depositor: addr('a1') })

describe('timing', () => {
  it('links a withdrawal 300 s after the only deposit in the 600 s before it, at 0.6 × e^-(expected by chance)', () => {
    const w = withdrawal({ pool: P1, block: 20, time: 1300, recipient: addr('b1') })
    const links = linkWithdrawals(activity({ pools, deposits: [...early, quick], withdrawals: [w] }), timingOnly)
    assert.deepEqual(
      links.map((l) => [l.deposit.tx, l.withdrawal.tx, l.confidence, l.rules[0]?.facts.seconds]),
      // Two other deposits that day: 2 × 600 / 86400 expected in the window, 0.6 × e^-0.01389 = 0.5917.
      [[quick.tx, w.tx, 0.592, '300']],
    )
    // Three deposits before: 1/3 < 0.592.
    assert.deepEqual(links[0]?.anonymitySet, { before: 3, after: 3 })
  })

  it('links nothing in a busy pool, past the window, or across another withdrawal', () => {
    const w = withdrawal({ pool: P1, block: 20, time: 1300, recipient: addr('b1') })
    const busy = deposit({ pool: P1, block: 5, time: 900, depositor: addr('c3') })
    assert.deepEqual(
      linkWithdrawals(activity({ pools, deposits: [...early, busy, quick], withdrawals: [w] }), timingOnly),
      [],
    )
    const late = withdrawal({ pool: P1, block: 20, time: 1601, recipient: addr('b1') })
    assert.deepEqual(
      linkWithdrawals(activity({ pools, deposits: [...early, quick], withdrawals: [late] }), timingOnly),
      [],
    )
    // The first withdrawal after the deposit is the candidate; the second has another withdrawal between.
    const first = withdrawal({ pool: P1, block: 15, time: 1100, recipient: addr('b2') })
    const links = linkWithdrawals(activity({ pools, deposits: [...early, quick], withdrawals: [first, w] }), timingOnly)
    assert.deepEqual(
      links.map((l) => l.withdrawal.tx),
      [first.tx],
    )
  })

  it('falls below the default minimum in a pool with a deposit every quarter hour', () => {
    // 96 deposits in the day before the withdrawal, 15 minutes apart; the last one 300 s before it.
    const busyDay = Array.from({ length: 96 }, (_, i) =>
      deposit({ pool: P1, block: i + 1, time: 100_000 + i * 900, depositor: addr(`d${i}`) }),
    )
    const last = busyDay[95] as (typeof busyDay)[number]
    const w = withdrawal({ pool: P1, block: 200, time: Number(last.time) + 300, recipient: addr('b1') })
    const a = activity({ pools, deposits: busyDay, withdrawals: [w] })
    // 95 others: 95 × 600 / 86400 = 0.6597 expected; 0.6 × e^-0.6597 = 0.3101 → 0.31, under 0.5.
    assert.deepEqual(linkWithdrawals(a, timingOnly), [])
    const low = linkWithdrawals(a, { ...timingOnly, minConfidence: 0.3 })
    assert.deepEqual(
      low.map((l) => [l.deposit.tx, l.rules[0]?.confidence, l.rules[0]?.facts.otherDepositsThatDay]),
      [[last.tx, 0.31, '95']],
    )
  })

  it('follows timingWindowSeconds, and is silent when switched off', () => {
    const w = withdrawal({ pool: P1, block: 20, time: 1300, recipient: addr('b1') })
    const a = activity({ pools, deposits: [...early, quick], withdrawals: [w] })
    assert.deepEqual(linkWithdrawals(a, { ...timingOnly, timingWindowSeconds: 299 }), [])
    assert.equal(linkWithdrawals(a, { ...timingOnly, timingWindowSeconds: 300 }).length, 1)
    assert.deepEqual(linkWithdrawals(a, { rules: new Set(['address-match']) }), [])
  })
})
