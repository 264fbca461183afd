import { approx4, fromNumber4, mulDivFloor } from '../models/limbs.ts'

const A = new Float64Array(4)
const T = new Float64Array(4)
const B = new Float64Array(4)
const Q = new Float64Array(4)
const TWO53 = 2 ** 53

/**
 * floor(a * t / b) exactly, for integers 0 <= t <= b, 0 <= a, all below 2^53 (satoshi amounts: Bitcoin's supply
 * is below 2^51). A product below 2^53 is an exact double, and then one division and a floor are exact (the
 * argument of src/trace/models/limbs.ts mulDivFloor); a larger product goes through the limb arithmetic there.
 * The quotient is at most a, so it is an exact double again.
 */
export function mulDiv(a: number, t: number, b: number): number {
  const p = a * t
  if (p < TWO53) return Math.floor(p / b)
  fromNumber4(A, 0, a)
  fromNumber4(T, 0, t)
  fromNumber4(B, 0, b)
  mulDivFloor(A, 0, T, 0, B, 0, Q, 0)
  return approx4(Q, 0)
}
