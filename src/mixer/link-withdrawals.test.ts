import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DragnetError } from '../core/errors.ts'
import { linkConfidence } from './combine-votes.ts'
import { DEFAULT_LINK_OPTIONS, linkWithdrawals } from './link-withdrawals.ts'
import { DEFAULT_MIN_CONFIDENCE, MIXER_RULES } from './mixer-types.ts'
import { activity, addr, deposit, ETH, pool, withdrawal } from './pool-activity-fixture.ts'

const P1 = addr('1e1')
const pools = [pool(P1, ETH)]
const X = addr('a1')
const A = addr('a2')
const B = addr('a3')

describe('linkWithdrawals', () => {
  it('defaults to every rule, the shared minimum confidence and the documented windows', () => {
    assert.deepEqual([...DEFAULT_LINK_OPTIONS.rules], [...MIXER_RULES])
    assert.equal(DEFAULT_LINK_OPTIONS.minConfidence, DEFAULT_MIN_CONFIDENCE)
    assert.equal(DEFAULT_LINK_OPTIONS.timingWindowSeconds, 600)
    assert.equal(DEFAULT_LINK_OPTIONS.multiDenominationWindowSeconds, 86_400)
  })

  it('combines rules as 1 - Π(1 - c), strongest rule first', () => {
    // X deposits at t=1000 into a pool that last saw a deposit at t=0 and withdraws to itself 120 s later:
    // address-match 0.95; timing with one other deposit that day 0.6 × e^(-600/86400) = 0.596 (rounded);
    // together 1 - 0.05 × 0.404 = 0.9798.
    const d = deposit({ pool: P1, block: 3, time: 1000, depositor: X })
    const links = linkWithdrawals(
      activity({
        pools,
        deposits: [deposit({ pool: P1, block: 1, time: 0, depositor: A }), d],
        withdrawals: [withdrawal({ pool: P1, block: 4, time: 1120, recipient: X })],
      }),
    )
    assert.equal(links.length, 1)
    assert.deepEqual(
      links[0]?.rules.map((r) => r.rule),
      ['address-match', 'timing'],
    )
    assert.ok(Math.abs((links[0]?.confidence ?? 0) - 0.9798) < 1e-12)
    assert.deepEqual(links[0]?.anonymitySet, { before: 2, after: 2 })
  })

  it('raises a link to 1/before, reaches 1 only when one note preceded, and drops links below the minimum', () => {
    assert.equal(linkConfidence([0.55], 1), 1)
    assert.equal(linkConfidence([0.4], 2), 0.5)
    assert.equal(linkConfidence([0.55], 3), 0.55)
    assert.equal(linkConfidence([0.95, 0.8, 0.7, 0.65, 0.55], 1000), 0.999)
    // The only deposit of the pool, withdrawn 300 s later: timing votes 0.6, the anonymity set makes it 1.
    const a = activity({
      pools,
      deposits: [deposit({ pool: P1, block: 1, time: 1000, depositor: A })],
      withdrawals: [withdrawal({ pool: P1, block: 2, time: 1300, recipient: B })],
    })
    assert.deepEqual(
      linkWithdrawals(a).map((l) => [l.confidence, l.anonymitySet.before, l.anonymitySet.after]),
      [[1, 1, 1]],
    )
    const busier = activity({
      pools,
      deposits: [
        deposit({ pool: P1, block: 1, time: 0, depositor: addr('c1') }),
        deposit({ pool: P1, block: 2, time: 10, depositor: addr('c2') }),
        deposit({ pool: P1, block: 3, time: 1000, depositor: A }),
      ],
      withdrawals: [withdrawal({ pool: P1, block: 4, time: 1300, recipient: B })],
    })
    // Two other deposits that day: 0.6 × e^(-2 × 600/86400) = 0.5917 → 0.592.
    assert.equal(linkWithdrawals(busier)[0]?.confidence, 0.592)
    assert.deepEqual(linkWithdrawals(busier, { minConfidence: 0.593 }), [])
  })

  it('gives each withdrawal one deposit, spreads equal candidates over the notes, and names the competition', () => {
    // X deposits twice and withdraws twice to itself: four 0.95 pairs. The first withdrawal keeps the first note,
    // the second the note nobody took; each names the other note as competing for it.
    const d1 = deposit({ pool: P1, block: 1, depositor: X })
    const d2 = deposit({ pool: P1, block: 2, depositor: X })
    const d3 = deposit({ pool: P1, block: 3, depositor: A })
    const w1 = withdrawal({ pool: P1, block: 4, recipient: X })
    const w2 = withdrawal({ pool: P1, block: 5, recipient: X })
    const links = linkWithdrawals(activity({ pools, deposits: [d3, d2, d1], withdrawals: [w2, w1] }))
    assert.deepEqual(
      links.map((l) => [l.id, l.confidence, l.anonymitySet, l.competing]),
      [
        [
          `${d1.tx}:0>${w1.tx}:0`,
          0.95,
          { before: 3, after: 2 },
          [{ id: `${d2.tx}:0>${w1.tx}:0`, confidence: 0.95, shares: 'withdrawal' }],
        ],
        [
          `${d2.tx}:0>${w2.tx}:0`,
          0.95,
          { before: 3, after: 2 },
          [{ id: `${d1.tx}:0>${w2.tx}:0`, confidence: 0.95, shares: 'withdrawal' }],
        ],
      ],
    )
  })

  it('keeps a deposit two withdrawals name on both links, each saying so', () => {
    const d0 = deposit({ pool: P1, block: 1, depositor: A })
    const d1 = deposit({ pool: P1, block: 2, depositor: X })
    const w1 = withdrawal({ pool: P1, block: 3, recipient: X })
    const w2 = withdrawal({ pool: P1, block: 4, recipient: X })
    const links = linkWithdrawals(activity({ pools, deposits: [d0, d1], withdrawals: [w1, w2] }))
    const first = `${d1.tx}:0>${w1.tx}:0`
    const second = `${d1.tx}:0>${w2.tx}:0`
    assert.deepEqual(
      links.map((l) => [l.id, l.anonymitySet, l.competing]),
      [
        [first, { before: 2, after: 1 }, [{ id: second, confidence: 0.95, shares: 'deposit' }]],
        [second, { before: 2, after: 1 }, [{ id: first, confidence: 0.95, shares: 'deposit' }]],
      ],
    )
  })

  it('answers the same whatever order the events come in', () => {
    const deposits = [1, 2, 3, 4, 5].map((b) => deposit({ pool: P1, block: b, depositor: b % 2 ? X : A }))
    const withdrawals = [6, 7, 8].map((b) => withdrawal({ pool: P1, block: b, recipient: b % 2 ? X : A }))
    const forward = linkWithdrawals(activity({ pools, deposits, withdrawals }))
    const backward = linkWithdrawals(
      activity({ pools, deposits: [...deposits].reverse(), withdrawals: [...withdrawals].reverse() }),
    )
    assert.deepEqual(backward, forward)
    assert.deepEqual(
      forward.map((l) => l.withdrawal.block),
      [6n, 7n, 8n],
    )
  })

  it('refuses a minimum confidence outside (0, 1] and an unknown rule with INVALID_ARGUMENT', () => {
    const a = activity({ pools, deposits: [], withdrawals: [] })
    for (const minConfidence of [0, -0.1, 1.5, Number.NaN]) {
      assert.throws(
        () => linkWithdrawals(a, { minConfidence }),
        (e: unknown) => e instanceof DragnetError && e.code === 'INVALID_ARGUMENT',
      )
    }
    assert.deepEqual(linkWithdrawals(a, { minConfidence: 1 }), [])
    assert.throws(
      () => linkWithdrawals(a, { rules: new Set(['nonsense' as 'timing']) }),
      (e: unknown) => e instanceof DragnetError && e.code === 'INVALID_ARGUMENT',
    )
  })
})
