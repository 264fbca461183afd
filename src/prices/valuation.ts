import { isoTime, type PriceLookup, type PricePoint } from './price-types.ts'
import { type Decimal, decimalToString, formatUsd, valueUsd } from './usd.ts'

/** The price a figure was valued at: USD per whole unit, when it was set, and by whom. */
export interface PriceUsed {
  usdPerUnit: string
  time: bigint
  date: string
  source: string
  roundId: string | null
  block: bigint | null
}

/** Why a figure has no USD value. */
export type MissingReason = 'no-price' | 'stale' | 'no-decimals' | 'no-time'

/** A USD figure: exact (`usd`), for people (`display`, rounded to cents), with the price used; or why there is none. */
export type UsdFigure =
  | { usd: string; display: string; price: PriceUsed }
  | { usd: null; missing: MissingReason; latest: PriceUsed | null }

/** A figure with its exact value kept for summing. */
export interface Valued {
  figure: UsdFigure
  value: Decimal | null
}

/** The price a point gives, for reports. */
export function priceUsed(p: PricePoint): PriceUsed {
  return {
    usdPerUnit: decimalToString(p.price),
    time: p.time,
    date: isoTime(p.time),
    source: p.source,
    roundId: p.roundId,
    block: p.block,
  }
}

/** Values `amount` base units at a looked-up price; decimals null (unknown token) gives no value. */
export function valueAt(amount: bigint, decimals: number | null, lookup: PriceLookup): Valued {
  if (lookup.status === 'none') return { figure: { usd: null, missing: 'no-price', latest: null }, value: null }
  if (lookup.status === 'stale') {
    return { figure: { usd: null, missing: 'stale', latest: priceUsed(lookup.latest) }, value: null }
  }
  if (decimals === null) {
    return { figure: { usd: null, missing: 'no-decimals', latest: priceUsed(lookup.point) }, value: null }
  }
  const value = valueUsd(amount, decimals, lookup.point.price)
  return {
    figure: { usd: decimalToString(value), display: formatUsd(value), price: priceUsed(lookup.point) },
    value,
  }
}

/** Why there is no value, in words. */
export function missingText(f: Extract<UsdFigure, { usd: null }>): string {
  switch (f.missing) {
    case 'no-price':
      return 'no price'
    case 'stale':
      return `no price: latest is ${f.latest?.date} (${f.latest?.source}), older than the staleness bound`
    case 'no-decimals':
      return "no value: the token's decimals are unknown"
    case 'no-time':
      return 'no value: the transfer has no time'
  }
}
