/** Transfer kinds as stored in the trace index (a byte per edge). */
export const KIND_CODES = { native: 0, internal: 1, erc20: 2, wrap: 3, unwrap: 4 } as const
export const KIND_NAMES = ['native', 'internal', 'erc20', 'wrap', 'unwrap'] as const
/** Bits of the kind byte: the kind code, and whether the amount is in the wide map (>= 2^116). */
export const KIND_MASK = 7
export const AMOUNT_WIDE = 128

/**
 * Edges read from the trace index as column arrays. `ord` is the edge's place in the direction's time order
 * (block, transaction index, position) and unique per edge; `txo` numbers transactions in the same order.
 * In a backward trace `src`/`dst` are already swapped and both orders reversed, so the engine never asks.
 * `asset` is the token's address id, or -1 for the native coin. Amounts are limbs held exactly in doubles,
 * hi * 2^63 + l2 * 2^42 + l1 * 2^21 + l0 (each l below 2^21, hi below 2^53), or, from 2^116 up, an entry of
 * `wide`: sums over millions of transfers stay exact in doubles, and no bigint is made until one is needed.
 */
export interface EdgeBatch {
  length: number
  ord: Int32Array
  txo: Int32Array
  src: Int32Array
  dst: Int32Array
  asset: Int32Array
  kind: Uint8Array
  l0: Float64Array
  l1: Float64Array
  l2: Float64Array
  hi: Float64Array
  wide: Map<number, bigint>
  /** Every amount as a bigint, made on first read (convenient for small batches; the engine uses amountAt). */
  readonly amount: readonly bigint[]
}

/** Gives a batch its lazily materialised `amount` column. */
export function withAmounts(b: Omit<EdgeBatch, 'amount'>): EdgeBatch {
  let cache: bigint[] | undefined
  return Object.defineProperty(b, 'amount', {
    get: () => {
      cache ??= Array.from({ length: b.length }, (_, i) => amountAt(b, i))
      return cache
    },
    enumerable: false,
  }) as EdgeBatch
}

/** An empty batch with room for `capacity` edges. */
export function allocBatch(capacity: number): Omit<EdgeBatch, 'amount'> {
  return {
    length: 0,
    ord: new Int32Array(capacity),
    txo: new Int32Array(capacity),
    src: new Int32Array(capacity),
    dst: new Int32Array(capacity),
    asset: new Int32Array(capacity),
    kind: new Uint8Array(capacity),
    l0: new Float64Array(capacity),
    l1: new Float64Array(capacity),
    l2: new Float64Array(capacity),
    hi: new Float64Array(capacity),
    wide: new Map(),
  }
}

/** The exact amount of edge i of a batch-like set of columns. */
export function amountAt(b: Pick<EdgeBatch, 'kind' | 'l0' | 'l1' | 'l2' | 'hi' | 'wide'>, i: number): bigint {
  if ((b.kind[i] as number) & AMOUNT_WIDE) return b.wide.get(i) as bigint
  return fromLimbs(b.l0[i] as number, b.l1[i] as number, b.l2[i] as number, b.hi[i] as number)
}

/** hi * 2^63 + l2 * 2^42 + l1 * 2^21 + l0 from exact doubles (sums of limbs included); one bigint when below 2^53. */
export function fromLimbs(l0: number, l1: number, l2: number, hi: number): bigint {
  const small = l2 * 2 ** 42 + l1 * 2 ** 21 + l0
  if (hi === 0 && small <= Number.MAX_SAFE_INTEGER) return BigInt(small)
  return (BigInt(hi) << 63n) + (BigInt(l2) << 42n) + (BigInt(l1) << 21n) + BigInt(l0)
}

/** Grows a typed array to at least `need` items, doubling so appends stay amortised O(1). */
export function growInt32(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a
  const b = new Int32Array(Math.max(need, a.length * 2, 16))
  b.set(a)
  return b
}

export function growF64(a: Float64Array, need: number): Float64Array {
  if (need <= a.length) return a
  const b = new Float64Array(Math.max(need, a.length * 2, 16))
  b.set(a)
  return b
}

export function growUint8(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) return a
  const b = new Uint8Array(Math.max(need, a.length * 2, 16))
  b.set(a)
  return b
}
