import type { Context } from '../core/context.ts'
import { DragnetError } from '../core/errors.ts'
import { mapPool } from '../core/pool.ts'
import type { DecodedBlock } from '../sources/evm-rpc/decode-block.ts'
import type { DecodedReceipts } from '../sources/evm-rpc/decode-receipts.ts'
import { EvmFetcher, type TraceMode } from '../sources/evm-rpc/evm-fetcher.ts'
import type { JsonRpcClient } from '../sources/evm-rpc/json-rpc-client.ts'
import { readTokenMetadata } from '../sources/evm-rpc/token-metadata.ts'
import type { ChainTable } from '../store/schema.ts'
import type { ChainBatch, Row, Store } from '../store/store.ts'
import { deriveTransfers } from './derive-transfers.ts'
import { findFork } from './find-fork.ts'
import type { Progress } from './progress.ts'
import { ensureWrappedNative } from './wrapped-native.ts'

export type Entity = 'blocks' | 'receipts' | 'traces'
export const ENTITIES: readonly Entity[] = ['blocks', 'receipts', 'traces']

export interface IngestEvmOptions {
  chain: string
  from: bigint
  to: bigint
  traces: TraceMode
  /** Blocks fetched at once. */
  concurrency: number
  /** Blocks written per store transaction (and per checkpoint). */
  batchSize: number
  /** What to fetch; transfers are derived whenever blocks are fetched. */
  entities: ReadonlySet<Entity>
  /** Start at `from` even when a checkpoint says part of the range is done. */
  restart?: boolean
  maxReorgDepth?: number
  progress?: Progress
}

export interface IngestSummary {
  chain: string
  from: bigint
  to: bigint
  resumedFrom: bigint | null
  blocks: number
  transactions: number
  logs: number
  tokenTransfers: number
  traces: number
  transfers: number
  receiptSource: string | null
  traceSource: string | null
  notes: string[]
  reorgs: { forkBlock: bigint; depth: number }[]
}

export const INGEST_JOB = 'ingest:evm'

/**
 * Ingests a block range from a node into the store: batches written atomically with their checkpoint,
 * resumable after a crash, idempotent on re-runs, and reorg-aware (a changed parent hash rolls back first).
 */
export async function ingestEvm(
  ctx: Context,
  store: Store,
  client: JsonRpcClient,
  options: IngestEvmOptions,
): Promise<IngestSummary> {
  const { chain, from, to } = options
  if (from > to)
    throw new DragnetError('INVALID_RANGE', `--from ${from} is after --to ${to}`, {
      details: { from: String(from), to: String(to) },
    })
  const fetcher = new EvmFetcher(client, {
    logger: ctx.logger,
    traces: options.entities.has('traces') ? options.traces : 'none',
  })
  const summary: IngestSummary = {
    chain,
    from,
    to,
    resumedFrom: null,
    blocks: 0,
    transactions: 0,
    logs: 0,
    tokenTransfers: 0,
    traces: 0,
    transfers: 0,
    receiptSource: null,
    traceSource: null,
    notes: [],
    reorgs: [],
  }
  const job = `${INGEST_JOB}:${[...options.entities].sort().join('+')}`
  let next = from
  const cp = await store.getCheckpoint(chain, job)
  if (!options.restart && cp && cp.block >= from && cp.block < to) {
    next = cp.block + 1n
    summary.resumedFrom = next
  }
  const wrapped = await ensureWrappedNative(store, chain)
  options.progress?.start(Number(to - next + 1n))
  while (next <= to) {
    const end = next + BigInt(options.batchSize) - 1n < to ? next + BigInt(options.batchSize) - 1n : to
    const fetched = await fetchBatchConsistent(fetcher, next, end, options)
    const hashes = {
      stored: async (n: bigint) => (await store.blockHashes(chain, n, n)).get(n),
      node: (n: bigint) => fetcher.blockHash(n),
    }
    const fork = await findFork(ctx, chain, fetched[0]?.block, hashes, options.maxReorgDepth ?? 128)
    if (fork !== undefined) {
      summary.reorgs.push({ forkBlock: fork.block, depth: fork.depth })
      ctx.logger.warn({ chain, forkBlock: String(fork.block), depth: fork.depth }, 'reorg: replaced blocks removed')
      await store.rollbackFrom(chain, fork.block + 1n, job)
      // The rolled-back blocks, even those below --from, are fetched again from the node's chain.
      if (fork.block + 1n < next) next = fork.block + 1n
      continue
    }
    const batch = buildBatch(chain, next, end, fetched, wrapped, options.entities)
    const prior = await store.getCheckpoint(chain, job)
    const last = fetched.at(-1)?.block
    batch.checkpoint = {
      chain,
      job,
      block: prior && prior.block > end ? prior.block : end,
      blockHash: prior && prior.block > end ? prior.blockHash : (last?.hash ?? null),
    }
    if (options.entities.has('receipts')) await cacheTokens(store, client, chain, batch.tables.transfers ?? [])
    await store.writeBatch(batch)
    tally(summary, batch)
    options.progress?.advance(Number(end - next + 1n), batch.tables.transfers?.length ?? 0)
    next = end + 1n
  }
  options.progress?.finish()
  summary.receiptSource = fetcher.receiptSource ?? null
  summary.traceSource = options.entities.has('traces') ? (fetcher.traceSource ?? null) : 'none'
  if (fetcher.traceNote) summary.notes.push(fetcher.traceNote)
  return summary
}

interface Fetched {
  number: bigint
  /** Null when only traces were asked for. */
  block: DecodedBlock | null
  receipts: DecodedReceipts | null
  traces: Row[] | null
}

async function fetchBatchConsistent(
  fetcher: EvmFetcher,
  from: bigint,
  to: bigint,
  options: IngestEvmOptions,
): Promise<Fetched[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const fetched = await fetchBatch(fetcher, from, to, options)
      for (let i = 1; i < fetched.length; i++) {
        const prev = fetched[i - 1] as Fetched
        const cur = fetched[i] as Fetched
        if (cur.block && prev.block && cur.block.parentHash !== prev.block.hash) {
          throw new DragnetError(
            'CHAIN_INCONSISTENT',
            `block ${cur.number} does not follow block ${prev.number}: the chain changed while fetching`,
            {
              details: { block: cur.number.toString(), retryable: true },
            },
          )
        }
      }
      return fetched
    } catch (error) {
      if (!(error instanceof DragnetError) || error.code !== 'CHAIN_INCONSISTENT' || attempt >= 3) throw error
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)))
    }
  }
}

async function fetchBatch(
  fetcher: EvmFetcher,
  from: bigint,
  to: bigint,
  options: IngestEvmOptions,
): Promise<Fetched[]> {
  const numbers: bigint[] = []
  for (let n = from; n <= to; n++) numbers.push(n)
  // Block bodies in small JSON-RPC batches, then receipts and traces per block, `concurrency` at a time.
  const groups: bigint[][] = []
  for (let i = 0; i < numbers.length; i += 10) groups.push(numbers.slice(i, i + 10))
  const blocks = options.entities.has('blocks')
    ? (await mapPool(groups, options.concurrency, (g) => fetcher.blocks(g))).flat()
    : numbers.map(() => null)
  return await mapPool(numbers, options.concurrency, async (number, i) => {
    const block = blocks[i] ?? null
    const txHashes = block ? block.transactions.map((t) => t.hash as string) : []
    const [receipts, traces] = await Promise.all([
      block && options.entities.has('receipts') ? fetcher.receipts(block) : Promise.resolve(null),
      options.entities.has('traces') ? fetcher.traces(number, txHashes) : Promise.resolve(null),
    ])
    return { number, block, receipts, traces }
  })
}

function buildBatch(
  chain: string,
  from: bigint,
  to: bigint,
  fetched: Fetched[],
  wrapped: ReadonlySet<string>,
  entities: ReadonlySet<Entity>,
): ChainBatch {
  const tables: Record<ChainTable, Row[]> = {
    blocks: [],
    transactions: [],
    receipts: [],
    logs: [],
    token_transfers: [],
    traces: [],
    transfers: [],
  }
  const replace: ChainTable[] = []
  if (entities.has('blocks')) replace.push('blocks', 'transactions', 'transfers')
  if (entities.has('receipts')) replace.push('receipts', 'logs', 'token_transfers')
  if (entities.has('traces')) replace.push('traces')
  for (const f of fetched) {
    if (f.block) {
      tables.blocks.push(f.block.block)
      tables.transactions.push(...f.block.transactions)
    }
    if (f.receipts) {
      tables.receipts.push(...f.receipts.receipts)
      tables.logs.push(...f.receipts.logs)
      tables.token_transfers.push(...f.receipts.tokenTransfers)
    }
    if (f.traces) tables.traces.push(...f.traces)
    if (f.block) {
      tables.transfers.push(
        ...deriveTransfers(
          {
            number: f.block.number,
            timestamp: f.block.timestamp,
            transactions: f.block.transactions,
            receipts: f.receipts?.receipts ?? [],
            logs: f.receipts?.logs ?? [],
            tokenTransfers: f.receipts?.tokenTransfers ?? [],
            traces: f.traces ?? [],
            hasTraces: f.traces !== null,
            hasLogs: f.receipts !== null,
          },
          wrapped,
        ),
      )
    }
  }
  return { chain, fromBlock: from, toBlock: to, tables, replace }
}

async function cacheTokens(store: Store, client: JsonRpcClient, chain: string, transfers: Row[]): Promise<void> {
  const tokens = [...new Set(transfers.filter((t) => t.asset !== 'native').map((t) => t.asset as string))]
  if (tokens.length === 0) return
  const known = await store.getTokens(chain, tokens)
  const missing = tokens.filter((t) => !known.has(t))
  if (missing.length > 0) await store.putTokens(await readTokenMetadata(client, chain, missing))
}

function tally(s: IngestSummary, b: ChainBatch): void {
  s.blocks += b.tables.blocks?.length ?? 0
  s.transactions += b.tables.transactions?.length ?? 0
  s.logs += b.tables.logs?.length ?? 0
  s.tokenTransfers += b.tables.token_transfers?.length ?? 0
  s.traces += b.tables.traces?.length ?? 0
  s.transfers += b.tables.transfers?.length ?? 0
}
