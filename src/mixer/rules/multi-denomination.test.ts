import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { linkWithdrawals } from '../link-withdrawals.ts'
import type { PoolWithdrawal } from '../mixer-types.ts'
import { activity, addr, deposit, ETH, pool, withdrawal } from '../pool-activity-fixture.ts'

const P1 = addr('1e1')
const P10 = addr('1e10')
const pools = [pool(P1, ETH), pool(P10, 10n * ETH)]
const multiOnly = { rules: new Set(['multi-denomination'] as const) }
const X = addr('a1')
const Y = addr('b1')
const Z = addr('b2')
const HOUR = 3600

// X pays 12 ETH in as 1 + 1 + 10; careful users pay single notes around it.
const xs = [
  deposit({ pool: P1, block: 10, time: 10 * HOUR, depositor: X }),
  deposit({ pool: P10, block: 11, time: 11 * HOUR, depositor: X }),
  deposit({ pool: P1, block: 12, time: 12 * HOUR, depositor: X }),
]
const crowd = [
  deposit({ pool: P1, block: 1, time: HOUR, depositor: addr('c1') }),
  deposit({ pool: P10, block: 2, time: 2 * HOUR, depositor: addr('c2') }),
  deposit({ pool: P1, block: 3, time: 3 * HOUR, depositor: addr('c3') }),
]
/** Y takes the same 1 + 1 + 10 out within the day after X's last deposit. */
const ys = [
  withdrawal({ pool: P1, block: 20, time: 20 * HOUR, recipient: Y }),
  withdrawal({ pool: P10, block: 21, time: 21 * HOUR, recipient: Y }),
  withdrawal({ pool: P1, block: 22, time: 30 * HOUR, recipient: Y }),
]

describe('multi-denomination', () => {
  it('pairs each of the one matching recipient’s withdrawals with a deposit of the same pool, in time order, at 0.65', () => {
    const links = linkWithdrawals(activity({ pools, deposits: [...crowd, ...xs], withdrawals: ys }), multiOnly)
    assert.deepEqual(
      links.map((l) => [l.deposit.tx, l.withdrawal.tx, l.confidence]),
      [
        [xs[0]?.tx, ys[0]?.tx, 0.65],
        [xs[1]?.tx, ys[1]?.tx, 0.65],
        [xs[2]?.tx, ys[2]?.tx, 0.65],
      ],
    )
    assert.equal(links[0]?.rules[0]?.facts.denominations, `2 × ${ETH}, 1 × ${10n * ETH}`)
    // P1 held 4 deposits before Y's first withdrawal (c1, c3, X, X) and 4 before the third; each link's own note
    // stays, the other X note in P1 is taken by the other link.
    assert.deepEqual(
      links.map((l) => l.anonymitySet),
      [
        { before: 4, after: 3 },
        { before: 2, after: 2 },
        { before: 4, after: 3 },
      ],
    )
  })

  it('links nothing when a second recipient withdraws the same set, past the window, or for two notes', () => {
    const zs: PoolWithdrawal[] = [
      withdrawal({ pool: P1, block: 23, time: 23 * HOUR, recipient: Z }),
      withdrawal({ pool: P10, block: 24, time: 24 * HOUR, recipient: Z }),
      withdrawal({ pool: P1, block: 25, time: 25 * HOUR, recipient: Z }),
    ]
    const twin = activity({ pools, deposits: [...crowd, ...xs], withdrawals: [...ys, ...zs] })
    assert.deepEqual(linkWithdrawals(twin, multiOnly), [])
    const slow = activity({ pools, deposits: [...crowd, ...xs], withdrawals: ys })
    assert.deepEqual(linkWithdrawals(slow, { ...multiOnly, multiDenominationWindowSeconds: 17 * HOUR }), [])
    const two = activity({ pools, deposits: [...crowd, ...xs.slice(0, 2)], withdrawals: ys.slice(0, 2) })
    assert.deepEqual(linkWithdrawals(two, multiOnly), [])
  })

  it('links nothing for one denomination only, and nothing when switched off', () => {
    const sameDenomination = activity({
      pools,
      deposits: [...crowd, ...xs.map((d) => ({ ...d, pool: P1 }))],
      withdrawals: ys.map((w) => ({ ...w, pool: P1 })),
    })
    assert.deepEqual(linkWithdrawals(sameDenomination, multiOnly), [])
    const a = activity({ pools, deposits: [...crowd, ...xs], withdrawals: ys })
    assert.deepEqual(linkWithdrawals(a, { rules: new Set(['timing', 'gas-price']) }), [])
  })
})
