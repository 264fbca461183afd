import type { Decimal } from './usd.ts'

/** Where a price came from: a user's CSV file or an on-chain Chainlink feed read through the node. */
export type PriceKind = 'csv' | 'chainlink'

/** One stored price: USD per whole unit of an asset, from `time` on, as an exact scaled integer. */
export interface PricePoint {
  chain: string
  /** 'native' or a lowercase token address. */
  asset: string
  /** Unix seconds from which the price holds: 00:00:00 UTC of a CSV row's date, a Chainlink round's updatedAt. */
  time: bigint
  /** USD per whole unit: price.units / 10^price.scale. */
  price: Decimal
  /** `csv:<name>` or `chainlink:<feed address>`. */
  source: string
  kind: PriceKind
  /** The symbol a CSV row named the asset by, when it did. */
  symbol: string | null
  /** Chainlink round id (decimal), as the feed reports it. */
  roundId: string | null
  /** Block of the AnswerUpdated event; null for CSV rows and rounds read by getRoundData. */
  block: bigint | null
}

/** How old a price may be, against the time it values, before it is no price at all. */
export const DEFAULT_MAX_AGE_SECONDS = 2 * 86_400

/** The price that holds at a time, or why there is none. */
export type PriceLookup =
  | { status: 'ok'; point: PricePoint }
  /** The latest price before the time is older than the staleness bound; it is given, never used. */
  | { status: 'stale'; latest: PricePoint }
  | { status: 'none' }

/** The ISO date-time of a unix time in seconds, UTC. */
export function isoTime(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z')
}
