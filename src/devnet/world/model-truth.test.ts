import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DragnetError } from '../../core/errors.ts'
import type { Address, Hex } from '../../core/hex.ts'
import type { MixingLeg, MixingMove } from './manifest.ts'
import { mixingShares, stolenTotals } from './model-truth.ts'

const A = '0x00000000000000000000000000000000000000aa' as Address
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex

function leg(moves: [MixingMove['direction'], number, boolean?][]): MixingLeg {
  return {
    wallet: A,
    name: 'w',
    asset: 'native',
    moves: moves.map(([direction, amount, stolen], i) => ({
      direction,
      counterparty: A,
      amount: BigInt(amount),
      hash: hash(i),
      blockNumber: BigInt(i + 1),
      stolen: stolen === true,
      endpoint: null,
    })),
  }
}

describe('the reference taint of one wallet', () => {
  // 60 stolen in, then 40 clean in, then 80 out.
  const example = leg([
    ['in', 60, true],
    ['in', 40],
    ['out', 80],
  ])

  it('poison: everything from the first stolen arrival on is tainted, what is paid and what is kept', () => {
    assert.deepEqual(mixingShares(example, 'poison'), { payouts: [80n], held: 20n, absorbed: 40n })
  })

  it('haircut: each payout carries the tainted share of the balance (60%)', () => {
    assert.deepEqual(mixingShares(example, 'haircut'), { payouts: [48n], held: 12n, absorbed: 0n })
  })

  it('FIFO: the first funds in are the first out', () => {
    assert.deepEqual(mixingShares(example, 'fifo'), { payouts: [60n], held: 0n, absorbed: 0n })
  })

  it('clean funds before the stolen ones leave first under FIFO; poison absorbs them too', () => {
    const cleanFirst = leg([
      ['in', 50],
      ['in', 50, true],
      ['out', 70],
      ['out', 30],
    ])
    assert.deepEqual(mixingShares(cleanFirst, 'fifo'), { payouts: [20n, 30n], held: 0n, absorbed: 0n })
    assert.deepEqual(mixingShares(cleanFirst, 'haircut'), { payouts: [35n, 15n], held: 0n, absorbed: 0n })
    assert.deepEqual(mixingShares(cleanFirst, 'poison'), { payouts: [70n, 30n], held: 0n, absorbed: 50n })
  })

  it('refuses a haircut share that does not divide exactly', () => {
    const odd = leg([
      ['in', 1, true],
      ['in', 2],
      ['out', 1],
    ])
    assert.throws(
      () => mixingShares(odd, 'haircut'),
      (e: unknown) => e instanceof DragnetError && e.code === 'INTERNAL',
    )
  })

  it('checks that endpoints add up to what was stolen, or to stolen plus what poison absorbed', () => {
    const endpoint = (amount: bigint) => ({
      category: 'held' as const,
      address: A,
      heldBy: A,
      name: 'w',
      asset: 'native' as const,
      amount,
      origin: { asset: 'native' as const, amount },
      freezableBy: [],
      arrivalTx: hash(0),
    })
    const stolen = [{ asset: 'native' as const, amount: 100n }]
    assert.equal(stolenTotals(stolen, [endpoint(100n)], 'native')[0]?.held, 100n)
    assert.throws(() => stolenTotals(stolen, [endpoint(140n)], 'native'))
    assert.equal(stolenTotals(stolen, [endpoint(140n)], 'native', [{ asset: 'native', amount: 40n }])[0]?.held, 140n)
  })
})
