import type { DuckDBVector } from '@duckdb/node-api'

type Items = { items?: unknown }

/**
 * Copies an INTEGER column of a chunk into `out` at `offset`. The vector's backing Int32Array is used directly
 * when present (one memcpy per 2048 rows); otherwise items are read one by one.
 */
export function copyInt32(v: DuckDBVector, n: number, out: Int32Array, offset: number): void {
  const items = (v as unknown as Items).items
  if (items instanceof Int32Array && items.length >= n) {
    out.set(items.subarray(0, n), offset)
    return
  }
  for (let i = 0; i < n; i++) out[offset + i] = Number(v.getItem(i) ?? 0)
}

/** Copies a non-null DOUBLE column the same way. */
export function copyFloat64(v: DuckDBVector, n: number, out: Float64Array, offset: number): void {
  const items = (v as unknown as Items).items
  if (items instanceof Float64Array && items.length >= n) {
    out.set(items.subarray(0, n), offset)
    return
  }
  for (let i = 0; i < n; i++) out[offset + i] = Number(v.getItem(i) ?? 0)
}

const LIMB = 0x1fffff

/**
 * Splits a non-negative BIGINT column below 2^63 into three 21-bit limbs as exact doubles, read from the
 * column's two 32-bit halves: DuckDB sends one 8-byte column instead of three computed 8-byte ones.
 */
export function copyLimbs(
  v: DuckDBVector,
  n: number,
  l0: Float64Array,
  l1: Float64Array,
  l2: Float64Array,
  offset: number,
): void {
  const items = (v as unknown as Items).items
  if (items instanceof BigInt64Array && items.length >= n) {
    const halves = new Uint32Array(items.buffer, items.byteOffset, n * 2)
    for (let i = 0; i < n; i++) {
      const low = halves[2 * i] as number
      const high = halves[2 * i + 1] as number
      l0[offset + i] = low & LIMB
      l1[offset + i] = ((low >>> 21) | ((high & 0x3ff) << 11)) & LIMB
      l2[offset + i] = high >>> 10
    }
    return
  }
  for (let i = 0; i < n; i++) {
    const x = BigInt((v.getItem(i) as bigint | null) ?? 0n)
    l0[offset + i] = Number(x & 0x1fffffn)
    l1[offset + i] = Number((x >> 21n) & 0x1fffffn)
    l2[offset + i] = Number(x >> 42n)
  }
}
