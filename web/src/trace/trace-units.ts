import { formatAmount, formatUnits } from '../ui/format.ts'
import { type AssetMeta, assetMeta } from './trace-json.ts'

/** An exact amount of a trace's asset, as text with its symbol. */
export function amountText(assets: Record<string, AssetMeta>, asset: string, amount: string | bigint): string {
  return formatAmount(amount, assetMeta(assets, asset), asset)
}

/** The asset's symbol, or its short address. */
export function symbolOf(assets: Record<string, AssetMeta>, asset: string): string {
  return assetMeta(assets, asset).symbol ?? `${asset.slice(0, 8)}…`
}

/** An amount in whole units as a float, for a chart's geometry only (labels and tooltips use the exact text). */
export function drawnUnits(assets: Record<string, AssetMeta>, asset: string, amount: string | bigint): number {
  return Number(formatUnits(amount, assetMeta(assets, asset).decimals).replace(/,/g, ''))
}
