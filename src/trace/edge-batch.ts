/** Transfer kinds as stored in the trace index (a byte per edge). */
export const KIND_CODES = { native: 0, internal: 1, erc20: 2, wrap: 3, unwrap: 4 } as const
export const KIND_NAMES = ['native', 'internal', 'erc20', 'wrap', 'unwrap'] as const
/** Bits of the kind byte: the kind code, then whether the amount needs its high word, or the wide map (>= 2^126). */
export const KIND_MASK = 7
export const AMOUNT_HIGH = 64
export const AMOUNT_WIDE = 128

/**
 * Edges read from the trace index as column arrays. `ord` is the edge's place in the direction's time order
 * (block, transaction index, position) and unique per edge; `txo` numbers transactions in the same order.
 * In a backward trace `src`/`dst` are already swapped and both orders reversed, so the engine never asks.
 * `asset` is the token's address id, or -1 for the native coin. Amounts are two 63-bit words, hi * 2^63 + lo (`hi`
 * read only when the kind byte says so), or, from 2^126 up, an entry of `wide`: no bigint is made until one is used.
 */
export interface EdgeBatch {
  length: number
  ord: Int32Array
  txo: Int32Array
  src: Int32Array
  dst: Int32Array
  asset: Int32Array
  kind: Uint8Array
  lo: BigInt64Array
  hi: BigInt64Array
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
    lo: new BigInt64Array(capacity),
    hi: new BigInt64Array(capacity),
    wide: new Map(),
  }
}

/** The exact amount of edge i of a batch-like set of columns. */
export function amountAt(b: Pick<EdgeBatch, 'kind' | 'lo' | 'hi' | 'wide'>, i: number): bigint {
  const k = b.kind[i] as number
  if (k < AMOUNT_HIGH) return b.lo[i] as bigint
  if (k & AMOUNT_WIDE) return b.wide.get(i) as bigint
  return ((b.hi[i] as bigint) << 63n) | (b.lo[i] as bigint)
}

/** Grows a typed array to at least `need` items, doubling so appends stay amortised O(1). */
export function growInt32(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a
  const b = new Int32Array(Math.max(need, a.length * 2, 16))
  b.set(a)
  return b
}

export function growI64(a: BigInt64Array, need: number): BigInt64Array {
  if (need <= a.length) return a
  const b = new BigInt64Array(Math.max(need, a.length * 2, 16))
  b.set(a)
  return b
}

export function growUint8(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) return a
  const b = new Uint8Array(Math.max(need, a.length * 2, 16))
  b.set(a)
  return b
}
