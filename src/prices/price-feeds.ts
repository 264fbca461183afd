import { readFileSync } from 'node:fs'
import { DragnetError } from '../core/errors.ts'

/** How a feed's history is read: AnswerUpdated events of its aggregator, or getRoundData round by round. */
export type FeedRead = 'events' | 'rounds'

/** One Chainlink price feed: the asset it prices in USD on a chain, and the contract to read. */
export interface PriceFeed {
  /** The chain it is on; a feed without a chain applies to whichever chain is ingested. */
  chain: string | null
  /** 'native' or a lowercase token address. */
  asset: string
  /** The feed's address (a proxy such as EACAggregatorProxy, or an aggregator), lowercase. */
  feed: string
  read: FeedRead
  /** Rounds read at most per feed and ingest with read: rounds. */
  maxRounds: number
}

export const FEED_LIST_FORMAT = 'dragnet.price-feeds/1'
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/

function bad(file: string, message: string, details: Record<string, unknown> = {}): DragnetError {
  return new DragnetError('PRICES_MALFORMED', `${file}: ${message}`, { details: { file, ...details } })
}

/** Reads a feed list (docs/prices.md): `{"format": "dragnet.price-feeds/1", "feeds": [{chain, asset, feed}]}`. */
export function loadPriceFeeds(file: string): PriceFeed[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (cause) {
    throw new DragnetError('FILE_NOT_FOUND', `cannot read feed list ${file}: ${(cause as Error).message}`, {
      details: { file },
      cause,
    })
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (cause) {
    throw bad(file, `not JSON: ${(cause as Error).message}`)
  }
  return parsePriceFeeds(doc, file)
}

/** Validates a parsed feed list; each bad entry is named by its index. */
export function parsePriceFeeds(doc: unknown, file: string): PriceFeed[] {
  const d = doc as { format?: unknown; feeds?: unknown }
  if (typeof doc !== 'object' || doc === null || d.format !== FEED_LIST_FORMAT || !Array.isArray(d.feeds)) {
    throw bad(file, `not a feed list: expected {"format": "${FEED_LIST_FORMAT}", "feeds": [...]}`)
  }
  const seen = new Set<string>()
  return d.feeds.map((entry: unknown, i: number) => {
    const e = (entry ?? {}) as Record<string, unknown>
    const where = { entry: i }
    if (e.chain !== undefined && (typeof e.chain !== 'string' || e.chain === '')) {
      throw bad(file, `feeds[${i}].chain must be a chain name`, where)
    }
    const asset = e.asset
    if (asset !== 'native' && !(typeof asset === 'string' && ADDRESS_RE.test(asset))) {
      throw bad(file, `feeds[${i}].asset must be 'native' or a 20-byte 0x token address`, where)
    }
    if (typeof e.feed !== 'string' || !ADDRESS_RE.test(e.feed)) {
      throw bad(file, `feeds[${i}].feed must be the feed contract's 20-byte 0x address`, where)
    }
    const read = e.read ?? 'events'
    if (read !== 'events' && read !== 'rounds') throw bad(file, `feeds[${i}].read must be events or rounds`, where)
    const maxRounds = e.maxRounds ?? 10_000
    if (typeof maxRounds !== 'number' || !Number.isInteger(maxRounds) || maxRounds < 1) {
      throw bad(file, `feeds[${i}].maxRounds must be a positive integer`, where)
    }
    const feed: PriceFeed = {
      chain: typeof e.chain === 'string' ? e.chain : null,
      asset: asset.toLowerCase(),
      feed: e.feed.toLowerCase(),
      read,
      maxRounds,
    }
    const key = `${feed.chain}|${feed.asset}`
    if (seen.has(key)) throw bad(file, `feeds[${i}] lists ${feed.asset} on ${feed.chain ?? 'any chain'} twice`, where)
    seen.add(key)
    return feed
  })
}
