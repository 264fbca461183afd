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
