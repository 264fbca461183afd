import type { Context } from '../core/context.ts'
import { DragnetError } from '../core/errors.ts'
import { ENTITIES, INGEST_JOB, ingestEvm } from '../ingest/ingest-evm.ts'
import { EvmFetcher, type TraceMode } from '../sources/evm-rpc/evm-fetcher.ts'
import { followHeads, type HeadFollowerOptions } from '../sources/evm-rpc/head-follower.ts'
import type { JsonRpcClient } from '../sources/evm-rpc/json-rpc-client.ts'
import type { Store } from '../store/store.ts'

export interface LiveIngestOptions {
  chain: string
  /** First block to store when the chain has no checkpoint yet; default the head when watching starts. */
  fromBlock?: bigint
  traces: TraceMode
  concurrency: number
  /** Blocks per store transaction while catching up. */
  batchSize: number
  maxReorgDepth?: number
  follow: Omit<HeadFollowerOptions, 'rpcUrl' | 'logger'>
  /** Runs each catch-up (store reads and writes) under the caller's lock: a server shares one DuckDB connection. */
  lock?: <T>(work: () => Promise<T>) => Promise<T>
}

/**
 * What the live ingest did. `stored`: blocks [from, to] are in the store, after `removedFrom` was rolled back when a
 * reorg replaced blocks (every block from it on was replaced, so what was derived from them is withdrawn).
 */
export type LiveEvent =
  | { kind: 'stored'; from: bigint; to: bigint; removedFrom: bigint | null; head: bigint }
  | { kind: 'node-away'; error: DragnetError }
  | { kind: 'node-back'; via: 'ws' | 'poll' }

/** The job whose checkpoint says how far the chain is stored: that of a full ingest (blocks, receipts, traces). */
export const LIVE_JOB = `${INGEST_JOB}:${[...ENTITIES].sort().join('+')}`

/**
 * Follows the node's head and stores every new block with the same pipeline as `ingest evm` (checkpoints, reorg
 * handling, retries, traces), until `signal` aborts. The checkpoint is the only cursor: after the node went away,
 * or this process restarted, the next head resumes right after the last stored block, so no block is missed or
 * stored twice. A head at or below the stored tip is checked against the stored hash: a reorg that kept the height
 * (or shortened the chain) is found there and rolled back.
 */
export async function* liveIngest(
  ctx: Context,
  store: Store,
  client: JsonRpcClient,
  options: LiveIngestOptions,
  signal: AbortSignal,
): AsyncGenerator<LiveEvent> {
  const fetcher = new EvmFetcher(client, { logger: ctx.logger, traces: 'none' })
  const heads = followHeads({ ...options.follow, rpcUrl: client.url, logger: ctx.logger }, signal)
  let away = false
  for await (const e of heads) {
    if (e.kind === 'disconnected') {
      if (!away) yield { kind: 'node-away', error: e.error }
      away = true
      continue
    }
    if (e.kind === 'connected') {
      if (away) yield { kind: 'node-back', via: e.via }
      away = false
      continue
    }
    try {
      const work = () => catchUp(ctx, store, client, fetcher, options, e.number)
      const done = await (options.lock ? options.lock(work) : work())
      if (done) yield done
    } catch (error) {
      if (!(error instanceof DragnetError) || !error.code.startsWith('RPC_')) throw error
      // The node went away mid-batch: what was stored is checkpointed; the next head resumes after it.
      if (!away) yield { kind: 'node-away', error }
      away = true
    }
  }
}

async function catchUp(
  ctx: Context,
  store: Store,
  client: JsonRpcClient,
  fetcher: EvmFetcher,
  o: LiveIngestOptions,
  head: bigint,
): Promise<LiveEvent | undefined> {
  const cp = await store.getCheckpoint(o.chain, LIVE_JOB)
  let from: bigint
  let removedFrom: bigint | null = null
  if (!cp) from = o.fromBlock ?? head
  else {
    const tip = cp.block < head ? cp.block : head
    const stored = (await store.blockHashes(o.chain, tip, tip)).get(tip)
    const theirs = await fetcher.blockHash(tip)
    if (stored !== undefined && stored === theirs) {
      if (cp.block > head) {
        // The node's chain is shorter than the stored one and agrees up to its head: the rest was dropped.
        await store.rollbackFrom(o.chain, head + 1n, LIVE_JOB)
        return { kind: 'stored', from: head + 1n, to: head, removedFrom: head + 1n, head }
      }
      from = cp.block + 1n
    } else {
      // The stored tip (or the block at the node's head) was replaced: ingest re-fetches it, and its parent check
      // walks back to the fork. Stored blocks above the node's head descend from a replaced block: gone too.
      if (cp.block > head) await store.rollbackFrom(o.chain, head + 1n, LIVE_JOB)
      from = tip
      removedFrom = tip
    }
  }
  if (from > head) return undefined
  const summary = await ingestEvm(ctx, store, client, {
    chain: o.chain,
    from,
    to: head,
    traces: o.traces,
    concurrency: o.concurrency,
    batchSize: o.batchSize,
    entities: new Set(ENTITIES),
    restart: true,
    maxReorgDepth: o.maxReorgDepth ?? 128,
  })
  for (const r of summary.reorgs) {
    const first = r.forkBlock + 1n
    if (removedFrom === null || first < removedFrom) removedFrom = first
  }
  if (removedFrom !== null && removedFrom > from) removedFrom = from
  const start = removedFrom !== null && removedFrom < from ? removedFrom : from
  return { kind: 'stored', from: start, to: head, removedFrom, head }
}
