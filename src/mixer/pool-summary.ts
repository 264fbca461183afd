import { formatUnits } from '../core/amount.ts'
import type { MixerPool, PoolActivity } from './mixer-types.ts'

/** How an asset is written: symbol and decimals (the native coin's, or a token's from the store). */
export interface AssetUnits {
  symbol: string | null
  decimals: number | null
}

/** One pool as `dragnet mixer pools` shows it. */
export interface PoolSummary extends MixerPool {
  deposits: number
  withdrawals: number
  /** Notes paid in and not yet withdrawn: what a withdrawal now could have come from. */
  anonymitySet: number
  /** The denomination in the asset's units ("10 ETH"), or base units when the asset's decimals are unknown. */
  denominationText: string
}

/** Each pool with its counts and current anonymity set (deposits − withdrawals), in pool address order. */
export function summarisePools(activity: PoolActivity, units: ReadonlyMap<string, AssetUnits>): PoolSummary[] {
  const count = (events: readonly { pool: string }[]) => {
    const out = new Map<string, number>()
    for (const e of events) out.set(e.pool, (out.get(e.pool) ?? 0) + 1)
    return out
  }
  const deposits = count(activity.deposits)
  const withdrawals = count(activity.withdrawals)
  return activity.pools.map((p) => {
    const d = deposits.get(p.address) ?? 0
    const w = withdrawals.get(p.address) ?? 0
    return {
      ...p,
      deposits: d,
      withdrawals: w,
      anonymitySet: d - w,
      denominationText: amountText(p.denomination, p.asset, units),
    }
  })
}

/** An amount in its asset's units: "0.1 ETH", "100000 USDX", or "123 (base units of 0x…)". */
export function amountText(amount: bigint, asset: string, units: ReadonlyMap<string, AssetUnits>): string {
  const u = units.get(asset)
  if (!u || u.decimals === null) return `${amount} (base units of ${asset})`
  return `${formatUnits(amount, u.decimals)} ${u.symbol ?? asset}`
}
