import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { add4, fromBig4, LIMB_CAP_BIG, LimbValue, mulDivFloor, sub4, sumDiffToBig, sumToBig, toBig4 } from './limbs.ts'

const x = new Float64Array(16)
const limbs = (v: bigint) => {
  const l = new Float64Array(4)
  fromBig4(l, 0, v)
  return [...l]
}
const M = 2 ** 21 - 1

/** floor(a * t / b) by the limbs. */
function mulDiv(a: bigint, t: bigint, b: bigint): bigint {
  fromBig4(x, 0, a)
  fromBig4(x, 4, t)
  fromBig4(x, 8, b)
  mulDivFloor(x, 0, x, 4, x, 8, x, 12)
  return toBig4(x, 12)
}

describe('amount limbs', () => {
  it('splits values at the bounds into 21-bit limbs and back', () => {
    assert.deepEqual(limbs(0n), [0, 0, 0, 0])
    assert.deepEqual(limbs(2n ** 21n - 1n), [M, 0, 0, 0])
    assert.deepEqual(limbs(2n ** 21n), [0, 1, 0, 0])
    // 2^53 = 2^42 * 2^11: the third limb holds 2^11.
    assert.deepEqual(limbs(2n ** 53n - 1n), [M, M, 2 ** 11 - 1, 0])
    assert.deepEqual(limbs(2n ** 53n + 1n), [1, 0, 2 ** 11, 0])
    assert.deepEqual(limbs(2n ** 63n - 1n), [M, M, M, 0])
    assert.deepEqual(limbs(2n ** 63n), [0, 0, 0, 1])
    assert.deepEqual(limbs(2n ** 84n - 1n), [M, M, M, M])
    for (const v of [2n ** 53n + 1n, 2n ** 63n + 12345n, 2n ** 84n - 1n]) {
      fromBig4(x, 0, v)
      assert.equal(toBig4(x, 0), v)
    }
  })

  it('adds with carries and refuses a sum that reaches 2^84', () => {
    fromBig4(x, 0, 2n ** 83n)
    fromBig4(x, 4, 2n ** 83n - 1n)
    assert.equal(add4(x, 0, x, 4), true)
    assert.deepEqual([...x.subarray(0, 4)], [M, M, M, M])
    fromBig4(x, 4, 1n)
    assert.equal(add4(x, 0, x, 4), false, '2^84 - 1 + 1 = 2^84 does not fit')
    assert.equal(toBig4(x, 0), 2n ** 84n - 1n, 'left unchanged')
    fromBig4(x, 0, 2n ** 53n - 1n)
    fromBig4(x, 4, 2n ** 53n - 1n)
    add4(x, 0, x, 4)
    assert.equal(toBig4(x, 0), 2n ** 54n - 2n)
  })

  it('subtracts with borrows', () => {
    fromBig4(x, 0, 2n ** 63n)
    fromBig4(x, 4, 1n)
    sub4(x, 0, x, 4)
    assert.deepEqual([...x.subarray(0, 4)], [M, M, M, 0])
    fromBig4(x, 0, 2n ** 84n - 1n)
    fromBig4(x, 4, 2n ** 63n + 2n ** 42n + 2n ** 21n + 1n)
    sub4(x, 0, x, 4)
    assert.deepEqual([...x.subarray(0, 4)], [M - 1, M - 1, M - 1, M - 1])
  })

  it('floors amount * taint / balance exactly at the bounds', () => {
    // Small operands: the double path. 7 * 10 / 30 = 2.33.
    assert.equal(mulDiv(7n, 10n, 30n), 2n)
    // (2^53 + 1) * 3 / 6 = 2^52 + 1/2: the product passes 2^53, so the limb path.
    assert.equal(mulDiv(2n ** 53n + 1n, 3n, 6n), 2n ** 52n)
    // a = b: the share is the taint itself, 2^63 - 2.
    assert.equal(mulDiv(2n ** 63n - 1n, 2n ** 63n - 2n, 2n ** 63n - 1n), 2n ** 63n - 2n)
    // (2^63 + 1) * 2^62 / 2^64 = 2^61 + 1/4.
    assert.equal(mulDiv(2n ** 63n + 1n, 2n ** 62n, 2n ** 64n), 2n ** 61n)
    assert.equal(mulDiv(2n ** 84n - 1n, 2n ** 84n - 2n, 2n ** 84n - 1n), 2n ** 84n - 2n)
    // (2^84 - 1) / 3 = 4^0 + 4^1 + ... + 4^41: binary 0101...01, 21 hex fives.
    assert.equal(mulDiv(2n ** 84n - 1n, 1n, 3n), 0x555555555555555555555n)
    // One below an integer: (3 * (2^70 + 1) - 1) / 3 has the fraction 2/3 just under 2^70 + 1.
    assert.equal(mulDiv(3n * (2n ** 70n + 1n) - 1n, 2n ** 40n, 2n ** 40n * 3n), 2n ** 70n)
  })

  it('agrees with bigint on a seeded sweep of operands up to 2^84', () => {
    let s = 0x9e3779b97f4a7c15n
    const next = (bits: bigint) => {
      s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 128n) - 1n)
      return (s >> 20n) % (1n << bits)
    }
    for (let i = 0; i < 20000; i++) {
      const b = (next(BigInt(1 + (i % 84))) % (LIMB_CAP_BIG - 1n)) + 1n
      const t = next(84n) % (b + 1n)
      const a = i % 2 ? next(84n) % LIMB_CAP_BIG : b - (next(8n) % b)
      assert.equal(mulDiv(a, t, b), (a * t) / b, `${a} * ${t} / ${b}`)
    }
  })

  it('keeps a value from 2^84 up as a bigint', () => {
    const v = new LimbValue()
    v.setBig(2n ** 116n + 5n)
    assert.equal(v.big, 2n ** 116n + 5n)
    assert.equal(v.toBig(), 2n ** 116n + 5n)
    v.setBig(2n ** 84n - 1n)
    assert.equal(v.big, null)
    assert.equal(v.toBig(), 2n ** 84n - 1n)
  })
})

describe('sums of limbs', () => {
  it('carries unnormalised limb sums into the exact bigint', () => {
    const M = 2 ** 21 - 1
    // Three times 2^84 - 1 summed limb by limb: each limb 3 * (2^21 - 1), the value 3 * 2^84 - 3.
    assert.equal(sumToBig(3 * M, 3 * M, 3 * M, 3 * M), 3n * 2n ** 84n - 3n)
    assert.equal(sumToBig(2 ** 52, 0, 0, 0), 2n ** 52n)
    // 2^53 - 1 in l0 alone and 2^53 - 1 in l1: 2^53 - 1 + (2^53 - 1) * 2^21.
    assert.equal(sumToBig(2 ** 53 - 1, 2 ** 53 - 1, 0, 0), 2n ** 53n - 1n + (2n ** 53n - 1n) * 2n ** 21n)
    // A top limb near 2^53: (2^53 - 1) * 2^63 + 2^42.
    assert.equal(sumToBig(0, 0, 1, 2 ** 53 - 1), (2n ** 53n - 1n) * 2n ** 63n + 2n ** 42n)
    assert.equal(sumToBig(5, 0, 0, 1), 2n ** 63n + 5n)
  })

  it('subtracts one unnormalised sum from another, floored at zero, exactly', () => {
    const M = 2 ** 21 - 1
    const d = (a: number[], b: number[]) => sumDiffToBig(Float64Array.from(a), 0, Float64Array.from(b), 0)
    const v = (l: number[]) =>
      BigInt(l[0] as number) +
      (BigInt(l[1] as number) << 21n) +
      (BigInt(l[2] as number) << 42n) +
      (BigInt(l[3] as number) << 63n)
    // Worked by hand: (2^63 + 5) - 6 = 2^63 - 1; a borrow through every limb.
    assert.equal(d([5, 0, 0, 1], [6, 0, 0, 0]), 2n ** 63n - 1n)
    assert.equal(d([6, 0, 0, 0], [5, 0, 0, 1]), 0n)
    assert.equal(d([7, 0, 0, 0], [7, 0, 0, 0]), 0n)
    // 3 * (2^84 - 1) limb by limb less 2^84 - 1 normalised: 2 * 2^84 - 2.
    assert.equal(d([3 * M, 3 * M, 3 * M, 3 * M], [M, M, M, M]), 2n * 2n ** 84n - 2n)
    // The same value held two ways gives zero; one more in the lowest limb gives one.
    assert.equal(d([2 ** 21, 0, 0, 0], [0, 1, 0, 0]), 0n)
    assert.equal(d([2 ** 21 + 1, 0, 0, 0], [0, 1, 0, 0]), 1n)
    // A seeded sweep of limb sums up to 2^53 per limb against bigint.
    let seed = 7
    const rnd = (bits: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return Math.floor((seed / 2 ** 31) * 2 ** bits)
    }
    for (let k = 0; k < 2000; k++) {
      const bits = [21, 30, 45, 52][k % 4] as number
      const a = [rnd(bits), rnd(bits), rnd(bits), rnd(bits % 40)]
      const b = k % 3 === 0 ? [...a] : [rnd(bits), rnd(bits), rnd(bits), rnd(bits % 40)]
      if (k % 3 === 0) b[k % 4] = Math.max(0, (b[k % 4] as number) - (k % 5))
      const want = v(a) > v(b) ? v(a) - v(b) : 0n
      assert.equal(d(a, b), want)
    }
  })
})
