import { decodeFunctionResult, encodeFunctionData, type Hex, hexToBigInt, parseAbi, toEventSelector } from 'viem'
import { DragnetError } from '../core/errors.ts'
import type { JsonRpcClient } from '../sources/evm-rpc/json-rpc-client.ts'
import type { PriceFeed } from './price-feeds.ts'
import type { PricePoint } from './price-types.ts'

/** Chainlink's AggregatorV3Interface, and the proxy's aggregator() that names the contract emitting events. */
const abi = parseAbi([
  'function decimals() view returns (uint8)',
  'function description() view returns (string)',
  'function aggregator() view returns (address)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function getRoundData(uint80 roundId) view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
])
/** AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt), as aggregators emit it. */
export const ANSWER_UPDATED = toEventSelector('AnswerUpdated(int256,uint256,uint256)')
/** Blocks per eth_getLogs request; public nodes refuse much wider ranges. */
const LOG_WINDOW = 2000n
const ROUND_BATCH = 100

interface Round {
  roundId: bigint
  answer: bigint
  updatedAt: bigint
  block: bigint | null
}

/** What reading one feed over a block range found. */
export interface FeedReading {
  feed: string
  asset: string
  /** The contract whose AnswerUpdated events were read (the proxy's aggregator, or the feed itself). */
  emitter: string | null
  decimals: number
  description: string | null
  read: PriceFeed['read']
  points: PricePoint[]
  /** Rounds left out: a non-positive answer or an unfinished round (updatedAt 0) is no price. */
  skipped: number
  notes: string[]
}

type Block = bigint | 'latest'
const tag = (b: Block) => (b === 'latest' ? b : `0x${b.toString(16)}`)

async function call(client: JsonRpcClient, to: string, data: Hex, block: Block): Promise<Hex> {
  return await client.request<Hex>('eth_call', [{ to, data }, tag(block)])
}

async function decimalsOf(client: JsonRpcClient, feed: string): Promise<number> {
  try {
    const out = await call(client, feed, encodeFunctionData({ abi, functionName: 'decimals' }), 'latest')
    return decodeFunctionResult({ abi, functionName: 'decimals', data: out })
  } catch (cause) {
    if (cause instanceof DragnetError && cause.code !== 'RPC_ERROR') throw cause
    throw new DragnetError(
      'PRICES_FEED_INVALID',
      `${feed} does not answer decimals(): it is not a Chainlink price feed on this chain`,
      { details: { feed }, cause },
    )
  }
}

/** A call that may not exist on every feed (description, aggregator): undefined when it reverts or is empty. */
async function optional(client: JsonRpcClient, feed: string, fn: 'description' | 'aggregator') {
  try {
    const data =
      fn === 'description'
        ? encodeFunctionData({ abi, functionName: 'description' })
        : encodeFunctionData({ abi, functionName: 'aggregator' })
    const out = await call(client, feed, data, 'latest')
    if (out === '0x') return undefined
    return fn === 'description'
      ? decodeFunctionResult({ abi, functionName: 'description', data: out })
      : decodeFunctionResult({ abi, functionName: 'aggregator', data: out })
  } catch (error) {
    if (error instanceof DragnetError && error.code !== 'RPC_ERROR') throw error
    return undefined
  }
}

function decodeRound(data: Hex, fn: 'latestRoundData' | 'getRoundData'): Round {
  const [roundId, answer, , updatedAt] = decodeFunctionResult({ abi, functionName: fn, data })
  return { roundId, answer, updatedAt, block: null }
}

async function latestRound(client: JsonRpcClient, feed: string, block: Block): Promise<Round> {
  const out = await call(client, feed, encodeFunctionData({ abi, functionName: 'latestRoundData' }), block)
  return decodeRound(out, 'latestRoundData')
}

/** Rounds by id, in one batch; a round the feed does not have (it reverts) is left out. */
async function roundsById(client: JsonRpcClient, feed: string, ids: readonly bigint[]): Promise<Round[]> {
  const out: Round[] = []
  for (let i = 0; i < ids.length; i += ROUND_BATCH) {
    const slice = ids.slice(i, i + ROUND_BATCH)
    const calls = slice.map((id) => ({
      method: 'eth_call',
      params: [{ to: feed, data: encodeFunctionData({ abi, functionName: 'getRoundData', args: [id] }) }, 'latest'],
    }))
    for (const r of await client.batchSettled<Hex>(calls)) {
      if (r.ok && r.result !== '0x') out.push(decodeRound(r.result, 'getRoundData'))
      else if (!r.ok && r.error.code !== 'RPC_ERROR') throw r.error
    }
  }
  return out
}

interface RpcLog {
  blockNumber: Hex
  topics: Hex[]
  data: Hex
}

async function answerUpdates(client: JsonRpcClient, emitter: string, from: bigint, to: bigint): Promise<Round[]> {
  const out: Round[] = []
  for (let lo = from; lo <= to; lo += LOG_WINDOW) {
    const hi = lo + LOG_WINDOW - 1n < to ? lo + LOG_WINDOW - 1n : to
    const logs = await client.request<RpcLog[]>('eth_getLogs', [
      { address: emitter, topics: [ANSWER_UPDATED], fromBlock: tag(lo), toBlock: tag(hi) },
    ])
    for (const log of logs) {
      const [, current, roundId] = log.topics
      if (current === undefined || roundId === undefined) continue
      out.push({
        roundId: hexToBigInt(roundId),
        answer: hexToBigInt(current, { signed: true }),
        updatedAt: hexToBigInt(log.data),
        block: hexToBigInt(log.blockNumber),
      })
    }
  }
  return out
}

async function blockTime(client: JsonRpcClient, block: bigint): Promise<bigint> {
  const b = await client.request<{ timestamp: Hex } | null>('eth_getBlockByNumber', [tag(block), false])
  if (!b)
    throw new DragnetError('RPC_INVALID_DATA', `the node has no block ${block}`, { details: { block: `${block}` } })
  return hexToBigInt(b.timestamp)
}

/**
 * Reads the prices a Chainlink feed reported over [from, to]: every round updated in the range, and the round in
 * effect at `from`, so each transfer in the range has the price that held when it happened.
 */
export async function readFeed(
  client: JsonRpcClient,
  chain: string,
  feed: PriceFeed,
  from: bigint,
  to: bigint,
): Promise<FeedReading> {
  const decimals = await decimalsOf(client, feed.feed)
  const description = (await optional(client, feed.feed, 'description')) ?? null
  const reading: FeedReading = {
    feed: feed.feed,
    asset: feed.asset,
    emitter: null,
    decimals,
    description,
    read: feed.read,
    points: [],
    skipped: 0,
    notes: [],
  }
  const rounds =
    feed.read === 'events'
      ? await byEvents(client, feed, from, to, reading)
      : await byRounds(client, feed, from, to, reading)
  // The feed's current round too, so that values "now" have an on-chain price even for an old range.
  rounds.push(await latestRound(client, feed.feed, 'latest'))
  const seen = new Set<bigint>()
  for (const r of rounds) {
    // One round can come twice (its event and latestRoundData, under the aggregator's and the proxy's id).
    if (seen.has(r.updatedAt) && r.updatedAt !== 0n) continue
    seen.add(r.updatedAt)
    if (r.answer <= 0n || r.updatedAt === 0n) {
      reading.skipped++
      continue
    }
    const key = `${r.roundId}`
    reading.points.push({
      chain,
      asset: feed.asset,
      time: r.updatedAt,
      price: { units: r.answer, scale: decimals },
      source: `chainlink:${feed.feed}`,
      kind: 'chainlink',
      symbol: null,
      roundId: key,
      block: r.block,
    })
  }
  reading.points.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
  return reading
}

async function byEvents(
  client: JsonRpcClient,
  feed: PriceFeed,
  from: bigint,
  to: bigint,
  reading: FeedReading,
): Promise<Round[]> {
  // A proxy (EACAggregatorProxy) emits nothing; its aggregator does, with the aggregator's own round ids.
  const aggregator = await optional(client, feed.feed, 'aggregator')
  const emitter = aggregator?.toLowerCase() ?? feed.feed
  reading.emitter = emitter
  const updates = await answerUpdates(client, emitter, from, to)
  updates.sort((a, b) => (a.roundId < b.roundId ? -1 : a.roundId > b.roundId ? 1 : 0))
  const first = updates[0]
  if (first === undefined) {
    reading.notes.push(`no AnswerUpdated in blocks ${from}-${to}: the round in effect at block ${to} holds throughout`)
    return [await latestRound(client, feed.feed, to)]
  }
  if (first.roundId <= 1n) return updates
  const before = await roundsById(client, emitter, [first.roundId - 1n])
  if (before.length === 0) reading.notes.push(`round ${first.roundId - 1n} before the range is not readable`)
  return [...before, ...updates]
}

async function byRounds(
  client: JsonRpcClient,
  feed: PriceFeed,
  from: bigint,
  to: bigint,
  reading: FeedReading,
): Promise<Round[]> {
  const start = await blockTime(client, from)
  const latest = await latestRound(client, feed.feed, to)
  const out: Round[] = [latest]
  let id = latest.roundId
  let oldest = latest
  // Walk back until the round in effect at `from` (updated at or before its time); proxies number rounds
  // phase << 64 | n, so n = 1 is the first round of the phase and nothing before it is read.
  while (oldest.updatedAt > start) {
    const room = feed.maxRounds - out.length
    const n = id & 0xffff_ffff_ffff_ffffn
    if (room <= 0) {
      reading.notes.push(`stopped after ${feed.maxRounds} rounds (maxRounds); older rounds were not read`)
      break
    }
    if (n <= 1n) {
      reading.notes.push(`round ${id} is the first of its phase: rounds of earlier phases were not read`)
      break
    }
    const count = BigInt(Math.min(room, ROUND_BATCH))
    const ids: bigint[] = []
    for (let k = 1n; k <= count && n - k >= 1n; k++) ids.push(id - k)
    const got = await roundsById(client, feed.feed, ids)
    if (got.length === 0) {
      reading.notes.push(`getRoundData(${ids[0]}) is not answered: older rounds were not read`)
      break
    }
    for (const r of got) {
      out.push(r)
      id = r.roundId
      oldest = r
      if (r.updatedAt <= start) break
    }
  }
  return out
}

/** Checks that each feed answers decimals() before an ingest starts, so a wrong address fails before any work. */
export async function checkFeeds(client: JsonRpcClient, feeds: readonly PriceFeed[]): Promise<void> {
  for (const f of feeds) await decimalsOf(client, f.feed)
}
