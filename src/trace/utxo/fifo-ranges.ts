/**
 * Satoshi ranges for FIFO: a flat list [start0, end0, start1, end1, ...] of half-open ranges, sorted and
 * disjoint, adjacent ranges merged. In a transaction the inputs' satoshis are laid end to end in input order
 * and the outputs take them in output order, the fee last; a tainted range of an input is therefore an exact
 * range of the transaction's satoshis, and its overlap with an output's range is that output's tainted part.
 */

/** Appends [s, e) to a sorted list, merging with the last range when they touch. */
export function pushRange(list: number[], s: number, e: number): void {
  if (e <= s) return
  const n = list.length
  if (n > 0 && (list[n - 1] as number) >= s) {
    if ((list[n - 1] as number) < e) list[n - 1] = e
    return
  }
  list.push(s, e)
}

/** Total length of the ranges. */
export function rangeTotal(list: readonly number[]): number {
  let t = 0
  for (let i = 0; i < list.length; i += 2) t += (list[i + 1] as number) - (list[i] as number)
  return t
}

/**
 * The parts of `ranges` (in transaction satoshis) inside [from, to), shifted to start at 0, and their total.
 * `k` is the index of the first range that may still reach `from` (ranges are visited once over all outputs).
 */
export function cutRanges(
  ranges: readonly number[],
  k: number,
  from: number,
  to: number,
  out: number[],
): { total: number; next: number } {
  let total = 0
  let i = k
  while (i < ranges.length && (ranges[i + 1] as number) <= from) i += 2
  for (let j = i; j < ranges.length; j += 2) {
    const s = ranges[j] as number
    if (s >= to) break
    const e = ranges[j + 1] as number
    const a = Math.max(s, from)
    const b = Math.min(e, to)
    if (b > a) {
      pushRange(out, a - from, b - from)
      total += b - a
    }
  }
  return { total, next: i }
}

/**
 * Ranges holding `target` satoshis of an output of `value`: the given ones, topped up with the output's first
 * clean satoshis (an outpoint seeded with an amount and no known order of its own taints its first satoshis).
 */
export function fillFirst(ranges: readonly number[], value: number, target: number): number[] {
  let need = Math.min(target, value) - rangeTotal(ranges)
  if (need <= 0) return [...ranges]
  const out: number[] = []
  let pos = 0
  for (let i = 0; i <= ranges.length; i += 2) {
    const s = i < ranges.length ? (ranges[i] as number) : value
    const take = Math.min(need, s - pos)
    if (take > 0) {
      pushRange(out, pos, pos + take)
      need -= take
    }
    if (i < ranges.length) pushRange(out, s, ranges[i + 1] as number)
    pos = i < ranges.length ? (ranges[i + 1] as number) : value
  }
  return out
}
