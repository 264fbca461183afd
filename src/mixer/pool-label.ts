import { parseUnits } from '../core/amount.ts'

/** A denomination as a label states it: "Tornado.Cash: 100,000 USDT" → { amount: '100000', symbol: 'USDT' }. */
export interface LabelDenomination {
  /** Decimal text, thousands separators removed. */
  amount: string
  /** As written, upper-cased. */
  symbol: string
}

/**
 * The denomination a mixer label's name states: a number followed by a symbol ("10 ETH", "100,000 USDT",
 * "0.1 ETH", "Mixer (100 ETH pool)"); null when the name states none, or states two different ones (a label for
 * a router or a whole family of pools names no single pool).
 */
export function parseLabelDenomination(name: string): LabelDenomination | null {
  const found = new Map<string, LabelDenomination>()
  for (const m of name.matchAll(/(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([A-Za-z][A-Za-z0-9]*)\b/g)) {
    const whole = (m[1] ?? '').replaceAll(',', '')
    const amount = m[2] === undefined ? whole : `${whole}.${m[2]}`
    const symbol = (m[3] ?? '').toUpperCase()
    const d = { amount: normalise(amount), symbol }
    found.set(`${d.amount} ${d.symbol}`, d)
  }
  if (found.size !== 1) return null
  const only = [...found.values()][0] as LabelDenomination
  return Number(only.amount) > 0 ? only : null
}

/** "010.50" → "10.5": one text per amount, so "10 ETH" and "10.0 ETH" are the same denomination. */
function normalise(amount: string): string {
  const [whole = '0', frac = ''] = amount.split('.')
  const w = whole.replace(/^0+(?=\d)/, '')
  const f = frac.replace(/0+$/, '')
  return f === '' ? w : `${w}.${f}`
}

/** The native coin's symbol per chain, as pool labels name it; chains not listed pay in ETH. */
const NATIVE_SYMBOLS: Record<string, readonly string[]> = {
  bsc: ['BNB'],
  polygon: ['MATIC', 'POL'],
  avalanche: ['AVAX'],
  gnosis: ['XDAI', 'DAI'],
  fantom: ['FTM'],
}

/** Whether `symbol` names the chain's native coin. */
export function isNativeSymbol(chain: string, symbol: string): boolean {
  return (NATIVE_SYMBOLS[chain] ?? ['ETH']).includes(symbol.toUpperCase())
}

/** A label's amount in base units of an asset with `decimals`; null when it has more places than the asset. */
export function labelAmountUnits(d: LabelDenomination, decimals: number): bigint | null {
  try {
    return parseUnits(d.amount, decimals)
  } catch {
    return null
  }
}
