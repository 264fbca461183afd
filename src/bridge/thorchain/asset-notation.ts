/**
 * THORChain's asset notation (dev.thorchain.org, "Asset Notation" and "Memo Length Reduction"): `CHAIN.SYMBOL`
 * on the asset's own chain, `CHAIN/SYMBOL` for a synthetic, `CHAIN~SYMBOL` for a trade asset (both held on
 * THORChain itself), tokens with their contract after a dash (`ETH.USDT-0XDAC1…`), and one-letter short codes
 * for native assets.
 */
export const SHORT_CODES: Readonly<Record<string, string>> = {
  r: 'THOR.RUNE',
  a: 'AVAX.AVAX',
  b: 'BTC.BTC',
  c: 'BCH.BCH',
  e: 'ETH.ETH',
  g: 'GAIA.ATOM',
  n: 'BNB.BNB',
  s: 'BSC.BNB',
  d: 'DOGE.DOGE',
  l: 'LTC.LTC',
}

/** THORChain's chain codes and the chain names Dragnet's stores use for them by default. */
export const CHAIN_NAMES: Readonly<Record<string, string>> = {
  BTC: 'bitcoin',
  ETH: 'ethereum',
  LTC: 'litecoin',
  BCH: 'bitcoin-cash',
  DOGE: 'dogecoin',
  AVAX: 'avalanche',
  BSC: 'bsc',
  BASE: 'base',
  GAIA: 'cosmoshub',
  BNB: 'bnb-beacon',
  THOR: 'thorchain',
}

/** Where an asset is paid out: on its own chain (layer 1), or kept on THORChain (synth, trade, secured). */
export type AssetKind = 'layer1' | 'synth' | 'trade' | 'secured'

export interface ThorAsset {
  /** Upper-case full notation, short codes expanded, e.g. `BTC.BTC`. */
  notation: string
  /** THORChain's chain code, e.g. `BTC`. */
  chain: string
  symbol: string
  kind: AssetKind
  /** What follows the symbol's dash (a token's contract, or an abbreviation of it), else null. */
  ticker: string | null
  /** The token contract when the ticker is a whole EVM address (lowercase), else null. */
  contract: string | null
}

const SEPARATORS: readonly [string, AssetKind][] = [
  ['.', 'layer1'],
  ['/', 'synth'],
  ['~', 'trade'],
  ['-', 'secured'],
]

/**
 * Parses an asset as a memo writes it; null when it is not in THORChain's notation.
 * @example parseAsset('b') // { notation: 'BTC.BTC', chain: 'BTC', symbol: 'BTC', kind: 'layer1', contract: null }
 */
export function parseAsset(text: string): ThorAsset | null {
  const expanded = SHORT_CODES[text.toLowerCase()] ?? text
  const upper = expanded.toUpperCase()
  // The first separator after the chain code decides the kind; a dash later on is a token's contract.
  const m = /^([A-Z0-9]+)([./~-])(.+)$/.exec(upper)
  if (!m) return null
  const [, chain, sep, rest] = m as unknown as [string, string, string, string]
  const kind = SEPARATORS.find(([s]) => s === sep)?.[1] ?? 'layer1'
  const dash = rest.indexOf('-')
  const symbol = dash < 0 ? rest : rest.slice(0, dash)
  const ticker = dash < 0 ? null : rest.slice(dash + 1)
  const contract = ticker !== null && /^0X[0-9A-F]{40}$/.test(ticker) ? ticker.toLowerCase() : null
  if (symbol === '') return null
  return { notation: `${chain}${sep}${rest}`, chain, symbol, kind, ticker, contract }
}

/** The Dragnet chain name of a THORChain chain code (the lowercased code when none is known). */
export function chainNameOf(code: string, names: Readonly<Record<string, string>> = CHAIN_NAMES): string {
  return names[code.toUpperCase()] ?? code.toLowerCase()
}

/**
 * The trace asset of a THORChain asset on its chain: 'native' for an asset without a ticker (the chain's gas
 * asset), the contract for a token written in full, null for a token abbreviated by fuzzy matching (`ETH.USDT`).
 */
export function traceAssetOf(asset: ThorAsset): string | null {
  if (asset.ticker === null)
    return asset.symbol === GAS_SYMBOL[asset.chain] || !(asset.chain in GAS_SYMBOL) ? 'native' : null
  return asset.contract
}

/** Each chain's gas asset: the only asset written without a ticker that is native to the chain. */
const GAS_SYMBOL: Readonly<Record<string, string>> = {
  BTC: 'BTC',
  ETH: 'ETH',
  LTC: 'LTC',
  BCH: 'BCH',
  DOGE: 'DOGE',
  AVAX: 'AVAX',
  BSC: 'BNB',
  BASE: 'ETH',
  GAIA: 'ATOM',
  BNB: 'BNB',
  THOR: 'RUNE',
}
