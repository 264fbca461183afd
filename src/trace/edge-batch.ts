/** Transfer kinds as stored in the trace index (a byte per edge). */
export const KIND_CODES = { native: 0, internal: 1, erc20: 2, wrap: 3, unwrap: 4 } as const
export const KIND_NAMES = ['native', 'internal', 'erc20', 'wrap', 'unwrap'] as const

/**
 * Edges read from the trace index as column arrays. `ord` is the edge's place in the direction's time order
 * (block, transaction index, position) and unique per edge; `txo` numbers transactions in the same order.
 * In a backward trace `src`/`dst` are already swapped and both orders reversed, so the engine never asks.
 * `asset` is the token's address id, or -1 for the native coin.
 */
export interface EdgeBatch {
  length: number
  ord: Int32Array
  txo: Int32Array
  src: Int32Array
  dst: Int32Array
  asset: Int32Array
  kind: Uint8Array
  amount: bigint[]
}

/** An empty batch with room for `capacity` edges. */
export function allocBatch(capacity: number): EdgeBatch {
  return {
    length: 0,
    ord: new Int32Array(capacity),
    txo: new Int32Array(capacity),
    src: new Int32Array(capacity),
    dst: new Int32Array(capacity),
    asset: new Int32Array(capacity),
    kind: new Uint8Array(capacity),
    amount: [],
  }
}

/** Grows a typed array to at least `need` items, doubling so appends stay amortised O(1). */
export function growInt32(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a
  const b = new Int32Array(Math.max(need, a.length * 2, 16))
  b.set(a)
  return b
}

export function growUint8(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) return a
  const b = new Uint8Array(Math.max(need, a.length * 2, 16))
  b.set(a)
  return b
}
