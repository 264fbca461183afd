import type { PriceLookup, PricePoint } from './price-types.ts'

/** What the store holds for one chain and asset. */
export interface PriceSeriesInfo {
  chain: string
  asset: string
  symbol: string | null
  source: string
  kind: PricePoint['kind']
  points: number
  first: bigint
  last: bigint
}

/** The stored USD prices. Writes are atomic: a failed import leaves every stored price as it was. */
export interface PriceStore {
  /** Stores points, replacing any with the same chain, asset, source and time. */
  put(points: readonly PricePoint[]): Promise<void>
  /** The latest price at or before `time` (any source; on a tie Chainlink first), or why there is none. */
  priceAt(chain: string, asset: string, time: bigint, maxAgeSeconds: bigint): Promise<PriceLookup>
  /** Every point of the assets on a chain, in time order, for valuing many figures at once. */
  series(chain: string, assets: readonly string[]): Promise<Map<string, PricePoint[]>>
  /** One line per chain, asset and source. */
  summary(): Promise<PriceSeriesInfo[]>
  /** Points of one asset, in time order, optionally in [from, to]. */
  points(chain: string, asset: string, range?: { from?: bigint; to?: bigint }): Promise<PricePoint[]>
  /** How many points the store holds. */
  count(): Promise<number>
}
