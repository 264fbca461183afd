import { formatUnits } from '../../core/amount.ts'
import type { TraceResult } from '../trace-types.ts'

/** A short name for an asset: its symbol, the native coin's (ETH unless the result names it, e.g. BTC), else the shortened address. */
export function assetSymbol(result: Pick<TraceResult, 'assets'>, asset: string): string {
  if (asset === 'native') return result.assets.native?.symbol ?? 'ETH'
  return result.assets[asset]?.symbol ?? shortAddress(asset)
}

/** An amount in the asset's units when its decimals are known, else in base units. */
export function formatAmount(result: Pick<TraceResult, 'assets'>, asset: string, amount: bigint): string {
  const decimals = asset === 'native' ? (result.assets.native?.decimals ?? 18) : result.assets[asset]?.decimals
  const text = decimals === null || decimals === undefined ? amount.toString() : formatUnits(amount, decimals)
  return `${text} ${assetSymbol(result, asset)}`
}

export function shortAddress(a: string): string {
  return a.length > 14 ? `${a.slice(0, 8)}…${a.slice(-4)}` : a
}
