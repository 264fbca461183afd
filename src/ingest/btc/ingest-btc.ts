import type { BtcTransaction } from '../../core/btc-types.ts'
import type { Context } from '../../core/context.ts'
import { DragnetError } from '../../core/errors.ts'
import type { BtcFetcher } from '../../sources/bitcoin-rpc/btc-fetcher.ts'
import type { DecodedBtcBlock } from '../../sources/bitcoin-rpc/decode-btc-block.ts'
import { BTC_INGEST_JOB, type BtcStore } from '../../store/btc-store.ts'
import { findFork } from '../find-fork.ts'
import type { Progress } from '../progress.ts'
import { type EnrichCounts, emptyEnrichCounts, enrichInputs } from './enrich-inputs.ts'

export interface IngestBtcOptions {
  chain: string
  from: bigint
  to: bigint
  /** Blocks per store transaction and checkpoint. */
  batchSize: number
  /** Where spent outputs are looked up beyond the batch and the store: `rpc` adds getrawtransaction. */
  enrich: 'rpc' | 'store'
  /** Start at `from` even when the checkpoint says part of the range is done. */
  restart?: boolean
  maxReorgDepth?: number
  progress?: Progress
}

export interface IngestBtcSummary {
  chain: string
  from: bigint
  to: bigint
  resumedFrom: bigint | null
  blocks: number
  transactions: number
  inputs: number
  outputs: number
  /** Where the spent outputs of the inputs came from; `unknown` inputs keep a null value (and their fee). */
  spentOutputs: EnrichCounts
  reorgs: { forkBlock: bigint; depth: number }[]
}

/**
 * Ingests a block range of a Bitcoin-like chain from Bitcoin Core into the store in bitcoin-etl's schema:
 * batches written atomically with their checkpoint, resumable after a crash, idempotent on re-runs, and
 * reorg-aware (a first block whose previousblockhash is not the stored parent rolls the store back first).
 */
export async function ingestBtc(
  ctx: Context,
  store: BtcStore,
  fetcher: BtcFetcher,
  options: IngestBtcOptions,
): Promise<IngestBtcSummary> {
  const { chain, from, to } = options
  if (from > to) {
    throw new DragnetError('INVALID_RANGE', `--from ${from} is after --to ${to}`, {
      details: { from: String(from), to: String(to) },
    })
  }
  const summary = emptySummary(chain, from, to)
  let next = from
  const cp = await store.getBtcCheckpoint(chain)
  if (!options.restart && cp && cp.block >= from && cp.block < to) {
    next = cp.block + 1n
    summary.resumedFrom = next
  }
  options.progress?.start(Number(to - next + 1n))
  while (next <= to) {
    const step = BigInt(options.batchSize) - 1n
    const end = next + step < to ? next + step : to
    const fetched = await fetchConsistent(fetcher, next, end)
    const hashes = {
      stored: async (n: bigint) => (await store.btcBlockHashes(chain, n, n)).get(n),
      node: async (n: bigint) => (await fetcher.blockHashes([n]))[0],
    }
    const first = fetched[0]?.block
    const head = first && { number: first.number, parentHash: first.previousHash }
    const fork = await findFork(ctx, chain, head, hashes, options.maxReorgDepth ?? 100)
    if (fork !== undefined) {
      summary.reorgs.push({ forkBlock: fork.block, depth: fork.depth })
      ctx.logger.warn({ chain, forkBlock: String(fork.block), depth: fork.depth }, 'reorg: replaced blocks removed')
      await store.rollbackBtcFrom(chain, fork.block + 1n)
      if (fork.block + 1n < next) next = fork.block + 1n
      continue
    }
    const txs = fetched.flatMap((f) => f.transactions)
    await enrichInputs(store, chain, txs, options.enrich === 'rpc' ? fetcher : null, summary.spentOutputs)
    const prior = await store.getBtcCheckpoint(chain)
    const keep = prior !== undefined && prior.block > end
    const checkpoint = {
      chain,
      job: BTC_INGEST_JOB,
      block: keep ? prior.block : end,
      blockHash: keep ? prior.blockHash : (fetched.at(-1)?.block.hash ?? null),
    }
    const blocks = fetched.map((f) => f.block)
    await store.writeBtcBatch(chain, next, end, blocks, txs, checkpoint)
    tally(summary, blocks.length, txs)
    options.progress?.advance(Number(end - next + 1n), txs.length)
    next = end + 1n
  }
  options.progress?.finish()
  return summary
}

/** The blocks from..to, each following the one before; a chain that moved while fetching is fetched again. */
async function fetchConsistent(fetcher: BtcFetcher, from: bigint, to: bigint): Promise<DecodedBtcBlock[]> {
  const heights: bigint[] = []
  for (let n = from; n <= to; n++) heights.push(n)
  for (let attempt = 0; ; attempt++) {
    const blocks = await fetcher.blocks(await fetcher.blockHashes(heights))
    const broken = blocks.findIndex((b, i) => b.block.number !== heights[i])
    if (broken >= 0) {
      throw new DragnetError('RPC_INVALID_DATA', `the block asked at height ${heights[broken]} says it is at another`, {
        details: { height: String(heights[broken]), got: String(blocks[broken]?.block.number) },
      })
    }
    const gap = blocks.findIndex((b, i) => i > 0 && b.block.previousHash !== blocks[i - 1]?.block.hash)
    if (gap < 0) return blocks
    if (attempt >= 3) {
      throw new DragnetError('CHAIN_INCONSISTENT', `block ${heights[gap]} does not follow block ${heights[gap - 1]}`, {
        details: { block: String(heights[gap]) },
      })
    }
    await new Promise((r) => setTimeout(r, 200 * (attempt + 1)))
  }
}

function emptySummary(chain: string, from: bigint, to: bigint): IngestBtcSummary {
  const counts = { blocks: 0, transactions: 0, inputs: 0, outputs: 0 }
  return { chain, from, to, resumedFrom: null, ...counts, spentOutputs: emptyEnrichCounts(), reorgs: [] }
}

function tally(s: IngestBtcSummary, blocks: number, txs: readonly BtcTransaction[]): void {
  s.blocks += blocks
  s.transactions += txs.length
  for (const t of txs) {
    s.inputs += t.inputs.length
    s.outputs += t.outputs.length
  }
}
