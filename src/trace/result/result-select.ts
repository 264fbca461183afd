import { parseUnits } from '../../core/amount.ts'
import type { EndpointCategory, Freezer, ReportOptions } from '../trace-types.ts'

export const CATEGORY_ORDER: EndpointCategory[] = ['exchange', 'held', 'bridge', 'mixer', 'dex', 'dark', 'unfollowed']

/** One (node, asset) share of the final taint, before it becomes a listed endpoint. */
export interface FinalEntry {
  node: number
  /** The node's id in the store's trace index: the same on every store and run, so ties break alike everywhere. */
  key: number
  asset: number
  amount: bigint
  category: EndpointCategory
  /** Who can freeze it; empty when nobody can. */
  freezableBy: Freezer[]
  /** Ordering weight: the amount in whole units of its asset (ordering only, never a total). */
  weight: number
}

/** The smallest share of an asset the lists show, in base units (0: every share). */
export function minFreezeOf(
  report: Pick<ReportOptions, 'minFreeze' | 'minFreezeUnits'>,
  asset: string,
  decimals: number | null,
): bigint {
  const named = report.minFreeze[asset] ?? report.minFreeze['*']
  if (named !== undefined) return named
  if (report.minFreezeUnits === null || decimals === null) return 0n
  // A fraction finer than the asset's base unit rounds down (to 0 for a coin with few decimals).
  const frac = report.minFreezeUnits.split('.')[1] ?? ''
  const scaled = parseUnits(report.minFreezeUnits, frac.length)
  return (scaled * 10n ** BigInt(decimals)) / 10n ** BigInt(frac.length)
}

/** What selectEntries left out below the minimum, per asset id. */
export type LeftOut = Map<number, { endpoints: number; amount: bigint }>

/**
 * The entries a result lists: freezable ones first, then by category order, each group heaviest first, at most
 * `max`; shares below their asset's minimum are left out and summed per asset. Large groups are cut with a
 * numeric pre-selection, then ordered exactly.
 */
export function selectEntries(
  entries: FinalEntry[],
  max: number,
  minimum: (asset: number) => bigint = () => 0n,
): { chosen: FinalEntry[]; leftOut: LeftOut } {
  const leftOut: LeftOut = new Map()
  const kept = entries.filter((e) => {
    if (e.amount >= minimum(e.asset)) return true
    const d = leftOut.get(e.asset) ?? { endpoints: 0, amount: 0n }
    d.endpoints++
    d.amount += e.amount
    leftOut.set(e.asset, d)
    return false
  })
  const groups: FinalEntry[][] = [kept.filter((e) => e.freezableBy.length > 0)]
  for (const c of CATEGORY_ORDER) groups.push(kept.filter((e) => e.freezableBy.length === 0 && e.category === c))
  const chosen: FinalEntry[] = []
  for (const group of groups) {
    const room = max - chosen.length
    if (room <= 0) break
    chosen.push(...top(group, room))
  }
  return { chosen, leftOut }
}

function top(group: FinalEntry[], k: number): FinalEntry[] {
  let pool = group
  if (group.length > k) {
    const weights = new Float64Array(group.length)
    for (let i = 0; i < group.length; i++) weights[i] = (group[i] as FinalEntry).weight
    const threshold = kthSmallest(weights, weights.length - k)
    pool = group.filter((e) => e.weight >= threshold)
  }
  return pool.sort(heavierFirst).slice(0, k)
}

/**
 * The value a full ascending sort would put at index k (Hoare's selection, in place, expected linear time): only
 * the threshold of the k heaviest is needed, not the order of the whole group.
 */
export function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0
  let hi = a.length - 1
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1] as number
    let i = lo
    let j = hi
    while (i <= j) {
      while ((a[i] as number) < pivot) i++
      while ((a[j] as number) > pivot) j--
      if (i <= j) {
        const t = a[i] as number
        a[i] = a[j] as number
        a[j] = t
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return a[k] as number
  }
  return a[k] as number
}

const heavierFirst = (a: FinalEntry, b: FinalEntry) =>
  CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
  b.weight - a.weight ||
  (a.amount === b.amount ? a.key - b.key : a.amount > b.amount ? -1 : 1)
