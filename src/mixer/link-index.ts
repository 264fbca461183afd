import { getOr } from '../core/get-or.ts'
import type { LinkOptions, MixerPool, PoolActivity, PoolDeposit, PoolWithdrawal } from './mixer-types.ts'
import { compareEvents } from './pool-order.ts'

/**
 * PoolActivity indexed once for every rule: events in chain order, per pool and per address, so no rule scans
 * the whole history per withdrawal.
 */
export interface LinkIndex {
  activity: PoolActivity
  options: LinkOptions
  pools: Map<string, MixerPool>
  /** Every deposit in chain order. */
  deposits: PoolDeposit[]
  withdrawals: PoolWithdrawal[]
  depositsByPool: Map<string, PoolDeposit[]>
  withdrawalsByPool: Map<string, PoolWithdrawal[]>
  /** `<pool>|<depositor>` → that depositor's deposits into the pool, in chain order. */
  depositsByPoolAddress: Map<string, PoolDeposit[]>
  depositsByAddress: Map<string, PoolDeposit[]>
  withdrawalsByRecipient: Map<string, PoolWithdrawal[]>
  /** Each withdrawal's position in its pool's chain-ordered list (for the anonymity set before it). */
  withdrawalRank: Map<PoolWithdrawal, number>
  /** Each deposit's position in its pool's chain-ordered list. */
  depositRank: Map<PoolDeposit, number>
}

/** Builds the index rules read; events of pools not in `activity.pools` are left out (no pool, no link). */
export function buildLinkIndex(activity: PoolActivity, options: LinkOptions): LinkIndex {
  const pools = new Map(activity.pools.map((p) => [p.address, p]))
  const deposits = activity.deposits.filter((d) => pools.has(d.pool)).sort(compareEvents)
  const withdrawals = activity.withdrawals.filter((w) => pools.has(w.pool)).sort(compareEvents)
  const depositsByPool = groupBy(deposits, (d) => d.pool)
  const withdrawalsByPool = groupBy(withdrawals, (w) => w.pool)
  const depositRank = new Map<PoolDeposit, number>()
  for (const list of depositsByPool.values()) for (const [i, d] of list.entries()) depositRank.set(d, i)
  const withdrawalRank = new Map<PoolWithdrawal, number>()
  for (const list of withdrawalsByPool.values()) for (const [i, w] of list.entries()) withdrawalRank.set(w, i)
  return {
    activity,
    options,
    pools,
    deposits,
    withdrawals,
    depositsByPool,
    withdrawalsByPool,
    depositsByPoolAddress: groupBy(deposits, (d) => `${d.pool}|${d.depositor}`),
    depositsByAddress: groupBy(deposits, (d) => d.depositor),
    withdrawalsByRecipient: groupBy(withdrawals, (w) => w.recipient),
    withdrawalRank,
    depositRank,
  }
}

/** How many of the pool's deposits come strictly before `at` (binary search over the chain-ordered list). */
export function depositsBefore(index: LinkIndex, pool: string, at: { block: bigint; logIndex: number }): number {
  const list = index.depositsByPool.get(pool) ?? []
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const d = list[mid]
    if (d !== undefined && compareEvents(d, at) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    getOr(out, k, () => []).push(item)
  }
  return out
}
