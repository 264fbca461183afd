import type { DuckDBVector } from '@duckdb/node-api'

/**
 * Copies an INTEGER column of a chunk into `out` at `offset`. The vector's backing Int32Array is used directly
 * when present (one memcpy per 2048 rows); otherwise items are read one by one.
 */
export function copyInt32(v: DuckDBVector, n: number, out: Int32Array, offset: number): void {
  const items = (v as unknown as { items?: unknown }).items
  if (items instanceof Int32Array && items.length >= n) {
    out.set(items.subarray(0, n), offset)
    return
  }
  for (let i = 0; i < n; i++) out[offset + i] = Number(v.getItem(i) ?? 0)
}

/** Reads a HUGEINT amount column, falling back to the text column for amounts beyond 2^127. */
export function pushAmounts(v: DuckDBVector, text: DuckDBVector, n: number, out: bigint[]): void {
  for (let i = 0; i < n; i++) {
    const a = v.getItem(i)
    out.push(typeof a === 'bigint' ? a : BigInt(String(text.getItem(i))))
  }
}
