import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PerAsset } from '../engine/per-asset.ts'
import { FifoLimbBook } from './fifo-book.ts'
import { HaircutLimbBook } from './haircut-book.ts'
import { LimbValue } from './limbs.ts'

const val = (v: bigint) => {
  const x = new LimbValue()
  x.setBig(v)
  return x
}
const heldOf = (book: HaircutLimbBook | FifoLimbBook) => {
  const out = new PerAsset(4)
  book.held(out)
  return out.get(0, -1)
}

describe('haircut book in limbs', () => {
  it('takes the floor of the share and keeps the remainder tainted', () => {
    // 10 tainted of 30: 7 out carries floor(70 / 30) = 2; then 5 of 23 with 8 tainted carries floor(40 / 23) = 1.
    const b = new HaircutLimbBook(4)
    const s = b.slot(0, -1)
    b.credit(s, val(10n), val(10n))
    b.credit(s, val(20n), val(0n))
    b.debit(s, val(7n))
    assert.equal(b.t.toBig(), 2n)
    b.debit(s, val(5n))
    assert.equal(b.t.toBig(), 1n)
    assert.equal(heldOf(b), 7n)
  })

  it('moves a balance that reaches 2^84 to bigints and stays exact', () => {
    const b = new HaircutLimbBook(4)
    const s = b.slot(0, -1)
    b.credit(s, val(2n ** 83n), val(2n ** 83n))
    b.credit(s, val(2n ** 83n), val(0n))
    // Balance 2^84, taint 2^83: 2^83 out carries 2^83 * 2^83 / 2^84 = 2^82.
    b.debit(s, val(2n ** 83n))
    assert.equal(b.t.toBig(), 2n ** 82n)
    assert.equal(heldOf(b), 2n ** 82n)
  })

  it('takes an amount of 2^116 and above in bigints', () => {
    const b = new HaircutLimbBook(4)
    const s = b.slot(0, -1)
    b.credit(s, val(2n ** 116n), val(2n ** 115n))
    // Half tainted: 2^100 out carries 2^99.
    b.debit(s, val(2n ** 100n))
    assert.equal(b.t.toBig(), 2n ** 99n)
    assert.equal(heldOf(b), 2n ** 115n - 2n ** 99n)
  })
})

describe('FIFO book in limbs', () => {
  it('grows its segment pool past its first size and gives every segment back', () => {
    const f = new FifoLimbBook(4)
    const s = f.slot(0, -1)
    // 3000 runs, alternately 1 tainted and 2 clean: none merges, so 3000 segments (the pool starts at 1024).
    for (let i = 0; i < 1500; i++) {
      f.credit(s, val(1n), val(1n), false)
      f.credit(s, val(2n), val(0n), false)
    }
    assert.equal(f.live, 3000)
    assert.equal(heldOf(f), 1500n)
    // 4500 out takes the whole queue: 1500 tainted.
    f.debit(s, val(4500n))
    assert.equal(f.t.toBig(), 1500n)
    assert.equal(f.live, 0)
    assert.equal(heldOf(f), 0n)
  })

  it('splits the front segment and hands the recipient the same runs', () => {
    const f = new FifoLimbBook(4)
    const a = f.slot(0, -1)
    const b = f.slot(1, -1)
    f.credit(a, val(5n), val(3n), false) // A: 3 tainted, 2 clean
    f.credit(a, val(4n), val(0n), false) // A: 3 tainted, 6 clean
    f.debit(a, val(4n)) // 3 tainted and 1 clean leave; A keeps 5 clean
    assert.equal(f.t.toBig(), 3n)
    f.credit(b, val(4n), f.t, true)
    f.debit(b, val(2n)) // B's front: 2 of its 3 tainted
    assert.equal(f.t.toBig(), 2n)
    const out = new PerAsset(4)
    f.held(out)
    assert.equal(out.get(0, -1), 0n)
    assert.equal(out.get(1, -1), 1n)
  })

  it('moves a queue whose run reaches 2^84 to bigints', () => {
    const f = new FifoLimbBook(4)
    const s = f.slot(0, -1)
    f.credit(s, val(2n ** 83n), val(2n ** 83n), false)
    f.credit(s, val(2n ** 83n), val(2n ** 83n), false) // merged run 2^84
    f.credit(s, val(7n), val(0n), false)
    f.debit(s, val(2n ** 84n + 3n)) // the tainted 2^84, then 3 clean
    assert.equal(f.t.toBig(), 2n ** 84n)
    assert.equal(heldOf(f), 0n)
    f.debit(s, val(10n)) // 4 clean left, 6 topped up clean
    assert.equal(f.t.toBig(), 0n)
  })
})
