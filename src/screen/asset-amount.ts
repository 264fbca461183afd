import { formatUnits } from '../core/amount.ts'

/** How to show an asset's amounts: its symbol and decimals, each null when the store does not know them. */
export interface AssetInfo {
  symbol: string | null
  decimals: number | null
}

/** Native coins whose symbol is not ETH; every other EVM chain's native coin is ETH with 18 decimals. */
const NATIVE: Readonly<Record<string, AssetInfo>> = {
  bsc: { symbol: 'BNB', decimals: 18 },
  polygon: { symbol: 'POL', decimals: 18 },
  avalanche: { symbol: 'AVAX', decimals: 18 },
  'ethereum-classic': { symbol: 'ETC', decimals: 18 },
  bitcoin: { symbol: 'BTC', decimals: 8 },
  tron: { symbol: 'TRX', decimals: 6 },
}

/** The native coin of a chain. The chain tables hold EVM data, so a chain not listed counts in ETH (wei). */
export function nativeAsset(chain: string): AssetInfo {
  return NATIVE[chain] ?? { symbol: 'ETH', decimals: 18 }
}

/** Groups the whole part of a decimal string by thousands: "1413.82" -> "1,413.82". */
export function groupThousands(decimal: string): string {
  const negative = decimal.startsWith('-')
  const body = negative ? decimal.slice(1) : decimal
  const dot = body.indexOf('.')
  const whole = dot < 0 ? body : body.slice(0, dot)
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '-' : ''}${grouped}${dot < 0 ? '' : body.slice(dot)}`
}

/**
 * An amount as a person reads it, exact (no float): "1,413.826237060000070656 ETH". When the decimals are
 * unknown it stays in base units and says so, naming the asset by its symbol or address.
 */
export function formatAssetAmount(amount: bigint, info: AssetInfo, asset: string): string {
  const name = info.symbol ?? asset
  if (info.decimals === null) return `${groupThousands(amount.toString())} base units of ${name} (decimals unknown)`
  return `${groupThousands(formatUnits(amount, info.decimals))} ${name}`
}
