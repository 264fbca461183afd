/**
 * Exact integer arithmetic on amounts held as four limbs of 21 bits in doubles: x0 + x1 * 2^21 + x2 * 2^42 +
 * x3 * 2^63, each limb an integer in [0, 2^21), so values below 2^84 (the edge batch's limbs when hi < 2^21).
 * A limb value is four consecutive items of a Float64Array from an offset, so the taint books keep their state in
 * flat typed arrays. Every double these functions make is an integer below 2^53, hence exact: see each bound.
 * The books fall back to bigint for any value at or above LIMB_CAP.
 */

export const LIMB = 2 ** 21
export const INV_LIMB = 2 ** -21
/** Values held in limbs are below this. */
export const LIMB_CAP = 2 ** 84
export const LIMB_CAP_BIG = 1n << 84n
const MASK = (1n << 21n) - 1n

/** An approximation of the value (relative error at most 3 * 2^-53: three roundings in Horner's scheme). */
export function approx4(x: Float64Array, i: number): number {
  return (((x[i + 3] as number) * LIMB + (x[i + 2] as number)) * LIMB + (x[i + 1] as number)) * LIMB + (x[i] as number)
}

export function isZero4(x: Float64Array, i: number): boolean {
  return x[i] === 0 && x[i + 1] === 0 && x[i + 2] === 0 && x[i + 3] === 0
}

/** -1, 0 or 1 as x is below, equal to or above y (both normalised). */
export function cmp4(x: Float64Array, xi: number, y: Float64Array, yi: number): number {
  for (let k = 3; k >= 0; k--) {
    const a = x[xi + k] as number
    const b = y[yi + k] as number
    if (a !== b) return a < b ? -1 : 1
  }
  return 0
}

export function copy4(to: Float64Array, ti: number, x: Float64Array, xi: number): void {
  to[ti] = x[xi] as number
  to[ti + 1] = x[xi + 1] as number
  to[ti + 2] = x[xi + 2] as number
  to[ti + 3] = x[xi + 3] as number
}

export function zero4(x: Float64Array, i: number): void {
  x[i] = 0
  x[i + 1] = 0
  x[i + 2] = 0
  x[i + 3] = 0
}

/**
 * x += y. Each limb sum is below 2^22 plus a carry of at most 1, so exact; returns false (leaving x unchanged)
 * when the sum would reach LIMB_CAP, so that the caller can keep the value as a bigint instead.
 */
export function add4(x: Float64Array, xi: number, y: Float64Array, yi: number): boolean {
  const s0 = (x[xi] as number) + (y[yi] as number)
  const c0 = s0 >= LIMB ? 1 : 0
  const s1 = (x[xi + 1] as number) + (y[yi + 1] as number) + c0
  const c1 = s1 >= LIMB ? 1 : 0
  const s2 = (x[xi + 2] as number) + (y[yi + 2] as number) + c1
  const c2 = s2 >= LIMB ? 1 : 0
  const s3 = (x[xi + 3] as number) + (y[yi + 3] as number) + c2
  if (s3 >= LIMB) return false
  x[xi] = s0 - c0 * LIMB
  x[xi + 1] = s1 - c1 * LIMB
  x[xi + 2] = s2 - c2 * LIMB
  x[xi + 3] = s3
  return true
}

/** x -= y, for x >= y: each limb difference is above -2^21 - 1, a borrow of at most 1; exact. */
export function sub4(x: Float64Array, xi: number, y: Float64Array, yi: number): void {
  const s0 = (x[xi] as number) - (y[yi] as number)
  const b0 = s0 < 0 ? 1 : 0
  const s1 = (x[xi + 1] as number) - (y[yi + 1] as number) - b0
  const b1 = s1 < 0 ? 1 : 0
  const s2 = (x[xi + 2] as number) - (y[yi + 2] as number) - b1
  const b2 = s2 < 0 ? 1 : 0
  x[xi] = s0 + b0 * LIMB
  x[xi + 1] = s1 + b1 * LIMB
  x[xi + 2] = s2 + b2 * LIMB
  x[xi + 3] = (x[xi + 3] as number) - (y[yi + 3] as number) - b2
}

export function toBig4(x: Float64Array, i: number): bigint {
  const lo = (x[i + 1] as number) * LIMB + (x[i] as number)
  const hi = (x[i + 3] as number) * LIMB + (x[i + 2] as number)
  if (hi === 0) return BigInt(lo)
  return (BigInt(hi) << 42n) | BigInt(lo)
}

/** Writes v (0 <= v < LIMB_CAP) as limbs. */
export function fromBig4(x: Float64Array, i: number, v: bigint): void {
  if (v <= 9007199254740991n) {
    fromNumber4(x, i, Number(v))
    return
  }
  x[i] = Number(v & MASK)
  x[i + 1] = Number((v >> 21n) & MASK)
  x[i + 2] = Number((v >> 42n) & MASK)
  x[i + 3] = Number(v >> 63n)
}

/**
 * Writes an integral double 0 <= v < LIMB_CAP as limbs. Multiplying by 2^-21 and flooring is exact (a power of
 * two scales the exponent only), and so is each remainder, an integer below 2^21.
 */
export function fromNumber4(x: Float64Array, i: number, v: number): void {
  const h1 = Math.floor(v * INV_LIMB)
  x[i] = v - h1 * LIMB
  const h2 = Math.floor(h1 * INV_LIMB)
  x[i + 1] = h1 - h2 * LIMB
  const h3 = Math.floor(h2 * INV_LIMB)
  x[i + 2] = h2 - h3 * LIMB
  x[i + 3] = h3
}

// Scratch of mulDivFloor: the columns of a * t, the quotient's limbs (five: an estimate may pass 2^84 a little)
// and the remainder's nine limbs with its sign carry.
const AT = new Float64Array(7)
const Q = new Float64Array(5)
const R = new Float64Array(10)
const D = new Float64Array(9)

/**
 * q = floor(a * t / b) into q[qi..], exactly, for 0 <= t <= b, b > 0, all below LIMB_CAP (so q <= a).
 *
 * Why it is exact. (1) If the double product p = a * t is below 2^53, a and t are exact doubles and so is p (a
 * product at or above 2^53 cannot round below it); for an exact p < 2^53 and any b >= 1, floor(fl(p / b)) =
 * floor(p / b): the gap from p / b up to the next integer is at least 1/b, the rounding error at most
 * (p / b) * 2^-53 < 1/b. (2) Otherwise an estimate q0 = floor(fl(a) * fl(t) / fl(b)) has a relative error below
 * 2^-49 (eleven roundings of 2^-53), so |q0 - q| < 2^35 + 1 as q < 2^84. The remainder R = a * t - q0 * b is
 * formed exactly in 21-bit columns (each column a sum of at most four products of limbs, below 2^44), carried
 * into limbs; R / b estimates q - q0 with an error below 1, giving q1 within 1 of q, fixed by at most two exact
 * steps of R -= b or R += b until 0 <= R < b.
 */
export function mulDivFloor(
  a: Float64Array,
  ai: number,
  t: Float64Array,
  ti: number,
  b: Float64Array,
  bi: number,
  q: Float64Array,
  qi: number,
): void {
  const bd = approx4(b, bi)
  const p = approx4(a, ai) * approx4(t, ti)
  if (p < 2 ** 53) {
    fromNumber4(q, qi, Math.floor(p / bd))
    return
  }
  const a0 = a[ai] as number
  const a1 = a[ai + 1] as number
  const a2 = a[ai + 2] as number
  const a3 = a[ai + 3] as number
  const t0 = t[ti] as number
  const t1 = t[ti + 1] as number
  const t2 = t[ti + 2] as number
  const t3 = t[ti + 3] as number
  AT[0] = a0 * t0
  AT[1] = a0 * t1 + a1 * t0
  AT[2] = a0 * t2 + a1 * t1 + a2 * t0
  AT[3] = a0 * t3 + a1 * t2 + a2 * t1 + a3 * t0
  AT[4] = a1 * t3 + a2 * t2 + a3 * t1
  AT[5] = a2 * t3 + a3 * t2
  AT[6] = a3 * t3
  fromNumber5(Q, Math.floor(p / bd))
  const corr = Math.floor(remainder(b, bi) / bd)
  addSmall5(Q, corr)
  remainder(b, bi)
  while ((R[9] as number) < 0) {
    addSmall5(Q, -1)
    addB(b, bi, 1)
  }
  while (remainderAtLeast(b, bi)) {
    addSmall5(Q, 1)
    addB(b, bi, -1)
  }
  q[qi] = Q[0] as number
  q[qi + 1] = Q[1] as number
  q[qi + 2] = Q[2] as number
  q[qi + 3] = Q[3] as number
}

function fromNumber5(x: Float64Array, v: number): void {
  let h = Math.max(0, v)
  for (let k = 0; k < 4; k++) {
    const up = Math.floor(h * INV_LIMB)
    x[k] = h - up * LIMB
    h = up
  }
  x[4] = h
}

/** Q += d for an integer |d| < 2^52, in limbs; a negative result is clamped to 0 (q is never negative). */
function addSmall5(x: Float64Array, d: number): void {
  let c = d
  for (let k = 0; k < 5; k++) {
    const v = (x[k] as number) + c
    c = Math.floor(v * INV_LIMB)
    x[k] = v - c * LIMB
  }
  if (c < 0) x.fill(0)
}

/**
 * R = AT - Q * b into R (limbs 0..8 normalised, R[9] the sign carry: -1 when negative); returns R as a double.
 * Column k of Q * b sums at most four products below 2^42 (Q[4] is at most 1 as Q < 2^85), so |column| < 2^44
 * and every carry stays below 2^24: all exact.
 */
function remainder(b: Float64Array, bi: number): number {
  const b0 = b[bi] as number
  const b1 = b[bi + 1] as number
  const b2 = b[bi + 2] as number
  const b3 = b[bi + 3] as number
  const q0 = Q[0] as number
  const q1 = Q[1] as number
  const q2 = Q[2] as number
  const q3 = Q[3] as number
  const q4 = Q[4] as number
  D[0] = (AT[0] as number) - q0 * b0
  D[1] = (AT[1] as number) - (q0 * b1 + q1 * b0)
  D[2] = (AT[2] as number) - (q0 * b2 + q1 * b1 + q2 * b0)
  D[3] = (AT[3] as number) - (q0 * b3 + q1 * b2 + q2 * b1 + q3 * b0)
  D[4] = (AT[4] as number) - (q1 * b3 + q2 * b2 + q3 * b1 + q4 * b0)
  D[5] = (AT[5] as number) - (q2 * b3 + q3 * b2 + q4 * b1)
  D[6] = (AT[6] as number) - (q3 * b3 + q4 * b2)
  D[7] = -(q4 * b3)
  D[8] = 0
  let c = 0
  for (let k = 0; k < 9; k++) {
    const s = (D[k] as number) + c
    c = Math.floor(s * INV_LIMB)
    R[k] = s - c * LIMB
  }
  R[9] = c
  let v = c
  for (let k = 8; k >= 0; k--) v = v * LIMB + (R[k] as number)
  return v
}

/** R += sign * b, renormalised. */
function addB(b: Float64Array, bi: number, sign: number): void {
  let c = 0
  for (let k = 0; k < 9; k++) {
    const s = (R[k] as number) + (k < 4 ? sign * (b[bi + k] as number) : 0) + c
    c = Math.floor(s * INV_LIMB)
    R[k] = s - c * LIMB
  }
  R[9] = (R[9] as number) + c
}

/** Whether the (non-negative) remainder is at least b. */
function remainderAtLeast(b: Float64Array, bi: number): boolean {
  if ((R[9] as number) < 0) return false
  for (let k = 8; k >= 4; k--) if ((R[k] as number) > 0) return true
  for (let k = 3; k >= 0; k--) {
    const r = R[k] as number
    const y = b[bi + k] as number
    if (r !== y) return r > y
  }
  return true
}

/** One amount in a register: in limbs, or as a bigint (`big` not null) when at or above LIMB_CAP. */
export class LimbValue {
  readonly l = new Float64Array(4)
  big: bigint | null = null

  toBig(): bigint {
    return this.big ?? toBig4(this.l, 0)
  }

  setBig(v: bigint): void {
    if (v < LIMB_CAP_BIG) {
      fromBig4(this.l, 0, v)
      this.big = null
    } else this.big = v
  }

  isZero(): boolean {
    return this.big === null ? isZero4(this.l, 0) : this.big === 0n
  }

  setZero(): void {
    zero4(this.l, 0)
    this.big = null
  }

  copy(x: LimbValue): void {
    copy4(this.l, 0, x.l, 0)
    this.big = x.big
  }
}

/**
 * A sum of limbs as a bigint: l0, l1, l2 each below 2^53 (sums of 21-bit limbs), hi (at 2^63) below 2^53 too. The
 * carries are taken first (exact: a power-of-two scale and integer remainders), so most values need two BigInt
 * conversions instead of four; a value below 2^53 needs one.
 */
export function sumToBig(l0: number, l1: number, l2: number, hi: number): bigint {
  const c0 = Math.floor(l0 * INV_LIMB)
  const v1 = l1 + c0
  const c1 = Math.floor(v1 * INV_LIMB)
  const v2 = l2 + c1
  const c2 = Math.floor(v2 * INV_LIMB)
  const top = hi + c2
  const lo = (v1 - c1 * LIMB) * LIMB + (l0 - c0 * LIMB)
  const mid = top * LIMB + (v2 - c2 * LIMB)
  if (mid === 0) return BigInt(lo)
  if (mid < 2 ** 11) return BigInt(mid * 2 ** 42 + lo)
  if (top < 2 ** 32) return (BigInt(mid) << 42n) | BigInt(lo)
  return (BigInt(top) << 63n) + (BigInt(v2 - c2 * LIMB) << 42n) + BigInt(lo)
}

/**
 * max(0, A - B) as a bigint, for sums of limbs A at a[ai] and B at b[bi] as sumToBig takes them. Each is first
 * normalised (carries taken exactly, as in sumToBig: every limb then below 2^21, the top below 2^53 plus a carry),
 * then subtracted limb by limb with a borrow; each difference is an integer of magnitude below 2^54, so exact.
 */
export function sumDiffToBig(a: Float64Array, ai: number, b: Float64Array, bi: number): bigint {
  const ac0 = Math.floor((a[ai] as number) * INV_LIMB)
  const av1 = (a[ai + 1] as number) + ac0
  const ac1 = Math.floor(av1 * INV_LIMB)
  const av2 = (a[ai + 2] as number) + ac1
  const ac2 = Math.floor(av2 * INV_LIMB)
  const bc0 = Math.floor((b[bi] as number) * INV_LIMB)
  const bv1 = (b[bi + 1] as number) + bc0
  const bc1 = Math.floor(bv1 * INV_LIMB)
  const bv2 = (b[bi + 2] as number) + bc1
  const bc2 = Math.floor(bv2 * INV_LIMB)
  let d0 = (a[ai] as number) - ac0 * LIMB - ((b[bi] as number) - bc0 * LIMB)
  let d1 = av1 - ac1 * LIMB - (bv1 - bc1 * LIMB)
  let d2 = av2 - ac2 * LIMB - (bv2 - bc2 * LIMB)
  let d3 = (a[ai + 3] as number) + ac2 - ((b[bi + 3] as number) + bc2)
  if (d0 < 0) {
    d0 += LIMB
    d1 -= 1
  }
  if (d1 < 0) {
    d1 += LIMB
    d2 -= 1
  }
  if (d2 < 0) {
    d2 += LIMB
    d3 -= 1
  }
  if (d3 < 0 || (d3 === 0 && d2 === 0 && d1 === 0 && d0 === 0)) return 0n
  return sumToBig(d0, d1, d2, d3)
}

/**
 * Adds a tainted arrival to the received sum held as limbs at `x[i]`; once a value or the sum no longer fits, the
 * slot `s` keeps its sum as a bigint in `wide` from then on (the haircut and FIFO books share this).
 */
export function addReceived(x: Float64Array, i: number, wide: Map<number, bigint>, s: number, t: LimbValue): void {
  if (t.big === null && !wide.has(s) && add4(x, i, t.l, 0)) return
  wide.set(s, (wide.get(s) ?? toBig4(x, i)) + t.toBig())
}

/** The received sum of slot `s` (limbs at `x[i]`, or its bigint in `wide`), null for nothing. */
export function receivedAt(x: Float64Array, i: number, wide: ReadonlyMap<number, bigint>, s: number): bigint | null {
  const w = wide.get(s)
  if (w !== undefined) return w
  return isZero4(x, i) ? null : toBig4(x, i)
}
