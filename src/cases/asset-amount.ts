import { formatUnits } from '../core/amount.ts'

/** What a person needs to read an asset's amounts: its symbol and decimals (null when the chain data lacks them). */
export interface AssetUnits {
  symbol: string | null
  decimals: number | null
}

/** An amount as machines and people read it: base units, and the same amount in the asset's units. */
export interface FormattedAmount {
  /** Exact, in base units (wei, or the token's smallest unit). */
  amount: string
  /** Exact, in the asset's units ("1500000.5"); base units again when the decimals are unknown. */
  amountFormatted: string
  symbol: string | null
  decimals: number | null
}

/** Native ETH has no token contract to read units from: 18 decimals, as on every EVM chain Dragnet reads. */
const NATIVE: AssetUnits = { symbol: 'ETH', decimals: 18 }

/**
 * The units of `asset` ('native' or a token address) from a trace's asset table (TraceResult.assets or a
 * stored copy of it); unknown tokens get nulls, so their amounts stay in base units.
 */
export function unitsOf(assets: Readonly<Record<string, Partial<AssetUnits>>> | undefined, asset: string): AssetUnits {
  const meta = assets?.[asset] ?? assets?.[asset.toLowerCase()]
  if (asset === 'native') return { symbol: meta?.symbol ?? NATIVE.symbol, decimals: meta?.decimals ?? NATIVE.decimals }
  return { symbol: meta?.symbol ?? null, decimals: meta?.decimals ?? null }
}

/** Base units as a decimal string in the asset's units: formatUnits when the decimals are known. */
export function unitsText(amount: bigint | string, units: AssetUnits): string {
  const v = typeof amount === 'bigint' ? amount : BigInt(amount)
  return units.decimals === null ? v.toString() : formatUnits(v, units.decimals)
}

/** `{amount, amountFormatted, symbol, decimals}` for an API body or a stored record. */
export function formattedAmount(amount: bigint | string, units: AssetUnits): FormattedAmount {
  const v = typeof amount === 'bigint' ? amount : BigInt(amount)
  return { amount: v.toString(), amountFormatted: unitsText(v, units), symbol: units.symbol, decimals: units.decimals }
}

/** Groups the whole part in threes for a reader: "1500000.25" -> "1,500,000.25". */
export function groupDigits(text: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text)
  if (!m) return text
  return `${m[1]}${(m[2] as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`
}

/**
 * An amount as a person reads it in a letter or a message: "1,500,000 USDX"; with unknown decimals,
 * "1500000000000 base units of 0xabc…" so nobody mistakes base units for whole tokens.
 */
export function humanAmount(amount: bigint | string, units: AssetUnits, asset = ''): string {
  const v = typeof amount === 'bigint' ? amount : BigInt(amount)
  if (units.decimals === null) return `${v} base units of ${units.symbol ?? (asset || 'the token')}`
  return `${groupDigits(formatUnits(v, units.decimals))} ${units.symbol ?? asset}`.trim()
}
