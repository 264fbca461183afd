import { DragnetError } from '../../core/errors.ts'
import type { EdgeDirection, EdgeSource, EdgeWindow } from '../edges/edge-source.ts'
import type { IndexUpdate, TraceIndex } from '../edges/trace-index.ts'
import { PostgresEdgeSource } from './postgres-edge-source.ts'
import type { SqlClient, SqlQuery } from './sql-client.ts'
import {
  CREATE_TRACE_INDEXES,
  INSERT_NEW_ADDRESSES,
  insertNewEdges,
  NEW_EDGES,
  PG_TRACE_INDEX_VERSION,
  STAGE_NEW_EDGES,
  TRACE_INDEXES,
} from './trace-index-sql.ts'

/** A chain's row of trace_index_state: how far its index reaches and what the next edge, txo and id are. */
export interface TraceIndexState {
  version: number
  maxBlock: bigint | null
  nextSeq: number
  nextTxo: number
  nextId: number
  edges: number
}

const EMPTY: TraceIndexState = {
  version: PG_TRACE_INDEX_VERSION,
  maxBlock: null,
  nextSeq: 0,
  nextTxo: 0,
  nextId: 0,
  edges: 0,
}

/** The chain's state row, if it has one. */
export async function readIndexState(q: SqlQuery, chain: string): Promise<TraceIndexState | undefined> {
  const r = await q.query<Record<string, string | number | null>>(
    `SELECT version, max_block, next_seq, next_txo, next_id, edges FROM trace_index_state WHERE chain = $1`,
    [chain],
  )
  const row = r.rows[0]
  if (!row) return undefined
  return {
    version: Number(row.version),
    maxBlock: row.max_block === null ? null : BigInt(row.max_block as string),
    nextSeq: Number(row.next_seq),
    nextTxo: Number(row.next_txo),
    nextId: Number(row.next_id),
    edges: Number(row.edges),
  }
}

/** Writers and builders of one chain's index take turns (a transaction-scoped lock, released at its end). */
async function lockChain(q: SqlQuery, chain: string): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtext('dragnet.trace_index:' || $1::TEXT))`, [chain])
}

/**
 * Brings the index of a chain that has one up to date after a write of blocks from `from` on, inside the
 * write's transaction: an append when `from` is past every indexed block, else a suffix rebuild (the edges
 * of blocks >= from removed and the transfers there indexed again). A reorg is the same with no transfers
 * left to add. A chain with no index, or one of another version, is left for its next trace to build.
 */
export async function keepTraceIndex(tx: SqlQuery, chain: string, from: bigint): Promise<void> {
  await lockChain(tx, chain)
  const state = await readIndexState(tx, chain)
  if (!state || state.version !== PG_TRACE_INDEX_VERSION) return
  await indexFrom(tx, chain, from, state, false)
}

/** Removes the edges after the last one of a block below `from`; returns how many went. */
async function removeSuffix(q: SqlQuery, chain: string, from: bigint): Promise<number> {
  // seq order is block order: walk back from the newest edge (the (chain, seq) index) to the last kept one.
  const last = await q.query<{ seq: number }>(
    'SELECT seq FROM trace_edges WHERE chain = $1 AND block_number < $2 ORDER BY seq DESC LIMIT 1',
    [chain, from],
  )
  const keep = last.rows[0]?.seq ?? -1
  return (await q.query('DELETE FROM trace_edges WHERE chain = $1 AND seq > $2', [chain, keep])).rowCount
}

/**
 * Indexes the transfers of blocks >= from on top of `state` (every transfer when the index is empty): new
 * addresses get ids from next_id, new edges seqs from next_seq and txos from next_txo; nothing is renumbered.
 */
async function indexFrom(
  q: SqlQuery,
  chain: string,
  from: bigint | null,
  state: TraceIndexState,
  ordered: boolean,
): Promise<void> {
  let removed = 0
  let start = -1n
  if (state.maxBlock !== null && from !== null) {
    if (from <= state.maxBlock) removed = await removeSuffix(q, chain, from)
    start = from <= state.maxBlock ? from : state.maxBlock + 1n
  }
  await q.query(`DROP TABLE IF EXISTS ${NEW_EDGES}`)
  await q.query(STAGE_NEW_EDGES, [chain, start])
  // Row counts for the planner: a block's thousand edges look up their addresses by index, a full build hashes.
  await q.query(`ANALYZE ${NEW_EDGES}`)
  const staged = (
    await q.query<{ n: string; t: string; b: string | null }>(
      `SELECT count(*) AS n, coalesce(max(tn) + 1, 0) AS t, max(block_number) AS b FROM ${NEW_EDGES}`,
    )
  ).rows[0]
  const added = Number(staged?.n ?? 0)
  const ids = (await q.query(INSERT_NEW_ADDRESSES, [chain, state.nextId])).rowCount
  // Many new addresses (a build): fresh statistics, or the planner takes the table for empty and loops over it.
  if (ids > 10_000) await q.query('ANALYZE trace_addresses')
  if (added > 0) await q.query(insertNewEdges(ordered), [chain, state.nextSeq, state.nextTxo])
  await q.query(`DROP TABLE ${NEW_EDGES}`)
  let maxBlock = staged?.b ?? null
  if (maxBlock === null && removed > 0) {
    const r = await q.query<{ b: string }>(
      'SELECT block_number AS b FROM trace_edges WHERE chain = $1 ORDER BY seq DESC LIMIT 1',
      [chain],
    )
    maxBlock = r.rows[0]?.b ?? null
  } else if (maxBlock === null) maxBlock = state.maxBlock === null ? null : String(state.maxBlock)
  const now = new Date().toISOString()
  await q.query(
    `INSERT INTO trace_index_state (chain, version, max_block, next_seq, next_txo, next_id, edges, built_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT (chain) DO UPDATE SET version = excluded.version, max_block = excluded.max_block,
       next_seq = excluded.next_seq, next_txo = excluded.next_txo, next_id = excluded.next_id,
       edges = excluded.edges, updated_at = excluded.updated_at`,
    [
      chain,
      PG_TRACE_INDEX_VERSION,
      maxBlock,
      state.nextSeq + added,
      state.nextTxo + Number(staged?.t ?? 0),
      state.nextId + ids,
      state.edges - removed + added,
      now,
    ],
  )
}

/**
 * Whether the chain's index is current: a state row of this version whose edge count is the chain's transfer
 * count (a cheap guard against rows written around the store, by another tool).
 */
async function isCurrent(q: SqlQuery, chain: string): Promise<boolean> {
  const r = await q.query<{ version: number; edges: string; n: string }>(
    `SELECT s.version, s.edges, (SELECT count(*) FROM transfers WHERE chain = $1) AS n
     FROM trace_index_state s WHERE s.chain = $1`,
    [chain],
  )
  const row = r.rows[0]
  return row !== undefined && Number(row.version) === PG_TRACE_INDEX_VERSION && String(row.edges) === String(row.n)
}

/**
 * Builds the chain's index anew in one transaction. When the chain holds most of the store's edges the
 * lookup indexes are dropped first and made again after (one sort each instead of a b-tree insert per row).
 */
export async function rebuildTraceIndex(client: SqlClient, chain: string): Promise<void> {
  try {
    await client.transaction(async (tx) => {
      await lockChain(tx, chain)
      await tx.query('DELETE FROM trace_addresses WHERE chain = $1', [chain])
      await tx.query('DELETE FROM trace_edges WHERE chain = $1', [chain])
      await tx.query('DELETE FROM trace_index_state WHERE chain = $1', [chain])
      const others = await tx.query<{ n: string }>('SELECT coalesce(sum(edges), 0) AS n FROM trace_index_state')
      const mine = await tx.query<{ n: string }>('SELECT count(*) AS n FROM transfers WHERE chain = $1', [chain])
      const dropIndexes = Number(mine.rows[0]?.n ?? 0) > Number(others.rows[0]?.n ?? 0)
      if (dropIndexes) for (const i of TRACE_INDEXES) await tx.query(`DROP INDEX IF EXISTS ${i.name}`)
      await tx.query(`SET LOCAL work_mem = '256MB'`)
      await tx.query(`SET LOCAL maintenance_work_mem = '1GB'`)
      await indexFrom(tx, chain, null, EMPTY, true)
      for (const sql of CREATE_TRACE_INDEXES) await tx.query(sql)
      await tx.query('ANALYZE trace_edges')
    })
  } catch (error) {
    throw new DragnetError('STORE_ERROR', `cannot build the trace index: ${(error as Error).message}`, {
      details: { chain },
      cause: error,
    })
  }
}

/** The trace index of a PostgreSQL (or PGlite) store, as the port the engine and the screener use. */
export class PostgresTraceIndex implements TraceIndex {
  constructor(private readonly client: SqlClient) {}

  async ensure(chain: string, options: { rebuild?: boolean } = {}): Promise<IndexUpdate> {
    if (options.rebuild !== true && (await isCurrent(this.client, chain))) return { rebuilt: false }
    await rebuildTraceIndex(this.client, chain)
    return { rebuilt: true }
  }

  open(chain: string, direction: EdgeDirection, window: EdgeWindow): Promise<EdgeSource> {
    return PostgresEdgeSource.open(this.client, chain, direction, window)
  }
}
