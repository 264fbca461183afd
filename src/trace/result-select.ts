import type { EndpointCategory } from './trace-types.ts'

export const CATEGORY_ORDER: EndpointCategory[] = ['exchange', 'held', 'bridge', 'mixer', 'dex', 'dark', 'unfollowed']

/** One (node, asset) share of the final taint, before it becomes a listed endpoint. */
export interface FinalEntry {
  node: number
  asset: number
  amount: bigint
  category: EndpointCategory
  /** Who can freeze it, or null. */
  freezableBy: string | null
  /** Ordering weight: the amount in whole units of its asset (ordering only, never a total). */
  weight: number
}

/**
 * The entries a result lists: freezable ones first, then by category order, each group heaviest first, at most
 * `max`. Large groups are cut with a numeric pre-selection, then ordered exactly.
 */
export function selectEntries(entries: FinalEntry[], max: number): FinalEntry[] {
  const groups: FinalEntry[][] = [entries.filter((e) => e.freezableBy !== null)]
  for (const c of CATEGORY_ORDER) groups.push(entries.filter((e) => e.freezableBy === null && e.category === c))
  const out: FinalEntry[] = []
  for (const group of groups) {
    const room = max - out.length
    if (room <= 0) break
    out.push(...top(group, room))
  }
  return out
}

function top(group: FinalEntry[], k: number): FinalEntry[] {
  let pool = group
  if (group.length > k) {
    const weights = Float64Array.from(group, (e) => e.weight).sort()
    const threshold = weights[weights.length - k] as number
    pool = group.filter((e) => e.weight >= threshold)
  }
  return pool.sort(heavierFirst).slice(0, k)
}

const heavierFirst = (a: FinalEntry, b: FinalEntry) =>
  CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
  b.weight - a.weight ||
  (a.amount === b.amount ? a.node - b.node : a.amount > b.amount ? -1 : 1)
