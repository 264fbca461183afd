import type { JsonRpcClient } from '../sources/evm-rpc/json-rpc-client.ts'
import { type FeedReading, readFeed } from './chainlink-reader.ts'
import type { PriceFeed } from './price-feeds.ts'
import type { PriceStore } from './price-store.ts'
import { isoTime } from './price-types.ts'

/** One feed's part of an ingest: how many prices it stored, over which times, and anything to know. */
export interface FeedSummary extends Omit<FeedReading, 'points'> {
  points: number
  first: bigint | null
  last: bigint | null
}

/** The feeds of a list that apply to a chain: those naming it and those naming none. */
export function feedsFor(feeds: readonly PriceFeed[], chain: string): PriceFeed[] {
  const named = new Set(feeds.filter((f) => f.chain === chain).map((f) => f.asset))
  return feeds.filter((f) => f.chain === chain || (f.chain === null && !named.has(f.asset)))
}

/**
 * Reads each feed's prices for blocks [from, to] through the node and stores them (source chainlink:<feed>);
 * all feeds are read before anything is stored, so a failing feed stores nothing.
 */
export async function ingestPriceFeeds(
  store: PriceStore,
  client: JsonRpcClient,
  chain: string,
  feeds: readonly PriceFeed[],
  range: { from: bigint; to: bigint },
): Promise<FeedSummary[]> {
  const readings: FeedReading[] = []
  for (const feed of feedsFor(feeds, chain)) readings.push(await readFeed(client, chain, feed, range.from, range.to))
  await store.put(readings.flatMap((r) => r.points))
  return readings.map(({ points, ...rest }) => ({
    ...rest,
    points: points.length,
    first: points[0]?.time ?? null,
    last: points.at(-1)?.time ?? null,
  }))
}

/** One feed's summary line for people. */
export function feedSummaryLine(f: FeedSummary): string {
  const span = f.first === null ? '' : `, ${isoTime(f.first)} .. ${isoTime(f.last ?? f.first)}`
  const skipped = f.skipped > 0 ? `; ${f.skipped} round(s) without a positive answer skipped` : ''
  const notes = f.notes.map((n) => `\n    note: ${n}`).join('')
  const what = f.description ? ` (${f.description})` : ''
  return `  prices ${f.asset} from Chainlink ${f.feed}${what}: ${f.points} price(s)${span}${skipped}${notes}\n`
}
