import type { DuckDBConnection } from '@duckdb/node-api'
import { DragnetError } from '../../core/errors.ts'
import type { EdgeDirection, EdgeSource, EdgeWindow } from '../edges/edge-source.ts'
import type { IndexUpdate, TraceIndex } from '../edges/trace-index.ts'
import type { Row } from '../store.ts'
import type { AddressIdCache } from './address-id-cache.ts'
import { APPEND_CHUNK_ROWS, appendBlockRange, blockRanges } from './append-trace-blocks.ts'
import { appendTransferRows, ROW_APPEND_MAX } from './append-trace-rows.ts'
import { DuckDbEdgeSource } from './duckdb-edge-source.ts'
import { removeTraceSuffix } from './remove-trace-suffix.ts'
import {
  emptyIndexState,
  readIndexState,
  TRACE_INDEX_VERSION,
  type TraceIndexState,
  updateIndexState,
  writeIndexState,
} from './trace-index-state.ts'
import { orderableTransfers } from './transfer-order.ts'

export { TRACE_INDEX_VERSION }

/**
 * Whether the chain's index is current: a state row of this version whose edge count is the chain's transfer
 * count (a cheap guard against rows written around the store, by another tool).
 */
async function isCurrent(c: DuckDBConnection, chain: string): Promise<boolean> {
  const state = await readIndexState(c, chain)
  if (state?.version !== TRACE_INDEX_VERSION) return false
  const r = await c.runAndReadAll('SELECT count(*) FROM transfers WHERE chain = $1', [chain])
  return Number(r.getRows()[0]?.[0] ?? 0) === state.edges
}

const LAST_BLOCK = 2n ** 62n

/**
 * Appends every transfer of blocks >= from, range by range. With `commitEach` (a full build) each range is its
 * own transaction with its state row; otherwise all run in the caller's transaction, which writes the state.
 * `rows`, when the caller knows it, is how many transfers there are from `from` up: a block's worth needs no
 * ranges worked out.
 */
async function appendFrom(
  c: DuckDBConnection,
  chain: string,
  state: TraceIndexState,
  from: bigint,
  options: { commitEach?: boolean; rows?: number | undefined; cache?: AddressIdCache | undefined } = {},
): Promise<TraceIndexState> {
  let s = state
  const ranges: [bigint, bigint][] =
    options.rows !== undefined && options.rows <= APPEND_CHUNK_ROWS
      ? [[from, LAST_BLOCK]]
      : await blockRanges(c, chain, from)
  for (const [lo, hi] of ranges) {
    if (!options.commitEach) {
      s = await appendBlockRange(c, chain, s, lo, hi, options.cache)
      continue
    }
    await inTransaction(c, async () => {
      s = await appendBlockRange(c, chain, s, lo, hi)
      await writeIndexState(c, chain, s)
    })
  }
  return s
}

async function inTransaction(c: DuckDBConnection, step: () => Promise<void>): Promise<void> {
  await c.run('BEGIN TRANSACTION')
  try {
    await step()
    await c.run('COMMIT')
  } catch (error) {
    await c.run('ROLLBACK')
    throw error
  }
}

/**
 * Builds the chain's index from scratch: the old one goes in one transaction, then the same append a write
 * makes runs over the transfers in ordered block ranges, each committed with its state row, so memory stays
 * bounded by one range. A build cut short leaves a state whose edge count is short of the transfers, which
 * the next trace rebuilds.
 */
async function buildTraceIndex(c: DuckDBConnection, chain: string): Promise<void> {
  await inTransaction(c, async () => {
    await c.run('DELETE FROM trace_addresses WHERE chain = $1', [chain])
    await c.run('DELETE FROM trace_edges WHERE chain = $1', [chain])
    await writeIndexState(c, chain, emptyIndexState())
  })
  await appendFrom(c, chain, emptyIndexState(), -1n, { commitEach: true })
}

/**
 * Brings the chain's trace index up to date with its transfers. Writes keep an existing index current, so this
 * builds only when the chain has no index of this version, when the index's edge count differs from the
 * chain's transfers, or when `force` is set. Returns whether it built.
 */
export async function ensureTraceIndex(c: DuckDBConnection, chain: string, force = false): Promise<boolean> {
  if (!force && (await isCurrent(c, chain))) return false
  try {
    await buildTraceIndex(c, chain)
  } catch (error) {
    throw new DragnetError('STORE_ERROR', `cannot build the trace index: ${(error as Error).message}`, {
      details: { chain },
      cause: error,
    })
  }
  return true
}

/**
 * Keeps the chain's index current after a write that replaced its transfers of blocks >= from (or of some
 * blocks, the lowest being `from`), inside the write's transaction. Above the index's reach it appends;
 * otherwise it removes the edges of blocks >= from and appends those blocks again. A chain without an index
 * (or with one of another version, which the next trace rebuilds) is left alone.
 */
export async function updateTraceIndex(
  c: DuckDBConnection,
  chain: string,
  from: bigint,
  options: { rows?: number; cache?: AddressIdCache; transfers?: readonly Row[] } = {},
): Promise<void> {
  const state = await readIndexState(c, chain)
  if (state?.version !== TRACE_INDEX_VERSION) return
  const above = state.maxBlock === null || from > state.maxBlock
  // A block or a few at the head, with the rows at hand: worked out in JavaScript, written by appenders.
  const held = options.transfers
  const ordered = above && held && held.length <= ROW_APPEND_MAX ? orderableTransfers(held) : undefined
  if (ordered) {
    await updateIndexState(c, chain, await appendTransferRows(c, chain, state, ordered, options.cache))
    return
  }
  const kept = await removeTraceSuffix(c, chain, state, from)
  // Above the index's reach the transfers from `from` up are exactly the ones just written.
  const next = await appendFrom(c, chain, kept, from, { rows: above ? options.rows : undefined, cache: options.cache })
  await writeIndexState(c, chain, next)
}

/** Removes the edges of blocks >= from after a reorg, inside the rollback's transaction. */
export async function rollbackTraceIndex(c: DuckDBConnection, chain: string, from: bigint): Promise<void> {
  const state = await readIndexState(c, chain)
  if (state?.version !== TRACE_INDEX_VERSION) return
  await writeIndexState(c, chain, await removeTraceSuffix(c, chain, state, from))
}

/** The trace index of a DuckDB store, as the store port the engine and the screener use. */
export class DuckDbTraceIndex implements TraceIndex {
  constructor(private readonly c: DuckDBConnection) {}

  async ensure(chain: string, options: { rebuild?: boolean } = {}): Promise<IndexUpdate> {
    return { rebuilt: await ensureTraceIndex(this.c, chain, options.rebuild === true) }
  }

  open(chain: string, direction: EdgeDirection, window: EdgeWindow): Promise<EdgeSource> {
    return DuckDbEdgeSource.open(this.c, chain, direction, window)
  }
}
