import type { DuckDBConnection } from '@duckdb/node-api'
import { DragnetError } from '../../core/errors.ts'
import { AMOUNT_WIDE } from '../edges/edge-batch.ts'
import type { EdgeDirection, EdgeSource, EdgeWindow } from '../edges/edge-source.ts'
import type { IndexUpdate, TraceIndex } from '../edges/trace-index.ts'
import { DuckDbEdgeSource } from './duckdb-edge-source.ts'

const TWO_63 = '9223372036854775808::HUGEINT'
const TWO_126 = '85070591730234615865843651857942052864::HUGEINT'

/** The index layout this code writes; a store whose index has another version is rebuilt on next use. */
export const TRACE_INDEX_VERSION = 1

/**
 * Whether the chain's index is current: a state row of this version whose edge count is the chain's transfer
 * count (a cheap guard against rows written around the store, by another tool).
 */
async function isCurrent(c: DuckDBConnection, chain: string): Promise<boolean> {
  const r = await c.runAndReadAll(
    `SELECT s.version, s.edges, (SELECT count(*) FROM transfers WHERE chain = $1)
     FROM trace_index_state s WHERE s.chain = $1`,
    [chain],
  )
  const row = r.getRows()[0]
  return row !== undefined && Number(row[0]) === TRACE_INDEX_VERSION && row[1] === row[2]
}

// Time order inside a block: transaction index, then the transaction's own value ('tx'), then calls in
// trace-address order (the top-level call first), then logs by index. Within one transaction the engine
// further orders by what each address received first (see tx-order.ts).
const ORDERED = `
  SELECT *,
    CASE WHEN position = 'tx' THEN 0 WHEN position LIKE 'trace:%' THEN 1 ELSE 2 END AS cls,
    CASE WHEN position LIKE 'trace:_%' THEN list_transform(string_split(substr(position, 7), '_'), x -> x::INTEGER) END AS tl,
    CASE WHEN position LIKE 'log:%' THEN TRY_CAST(substr(position, 5) AS INTEGER) END AS li
  FROM transfers WHERE chain = $1`

/**
 * Brings the chain's trace index (trace_addresses, trace_edges) up to date with its transfers: rebuilt in one
 * transaction when it has no state row (every store write that changes transfers deletes it in its own
 * transaction), when the row is of another index version or counts other than the chain's transfers, or when
 * `force` is set. Returns whether it rebuilt.
 */
export async function ensureTraceIndex(c: DuckDBConnection, chain: string, force = false): Promise<boolean> {
  if (!force && (await isCurrent(c, chain))) return false
  await c.run('BEGIN TRANSACTION')
  try {
    await c.run('DELETE FROM trace_addresses WHERE chain = $1', [chain])
    await c.run('DELETE FROM trace_edges WHERE chain = $1', [chain])
    await c.run(
      `INSERT INTO trace_addresses SELECT $1, address, (row_number() OVER (ORDER BY address) - 1)::INTEGER FROM (
         SELECT from_address AS address FROM transfers WHERE chain = $1
         UNION SELECT to_address FROM transfers WHERE chain = $1
         UNION SELECT asset FROM transfers WHERE chain = $1 AND asset <> 'native')`,
      [chain],
    )
    await c.run(
      `INSERT INTO trace_edges
       WITH t AS (${ORDERED}),
       o AS (SELECT *,
         (row_number() OVER (ORDER BY block_number, tx_index, cls, tl NULLS FIRST, li, tx_hash, position) - 1)::INTEGER AS seq,
         (dense_rank() OVER (ORDER BY block_number, tx_index, tx_hash) - 1)::INTEGER AS txo FROM t)
       SELECT $1, o.seq, o.txo, a.id, b.id, coalesce(c.id, -1),
         CASE o.kind WHEN 'native' THEN 0 WHEN 'internal' THEN 1 WHEN 'erc20' THEN 2 WHEN 'wrap' THEN 3 ELSE 4 END
           + CASE WHEN o.h IS NULL THEN ${AMOUNT_WIDE} ELSE 0 END,
         CASE WHEN o.h IS NULL THEN 0 ELSE (o.h % ${TWO_63})::BIGINT END,
         CASE WHEN o.h IS NULL THEN 0 ELSE (o.h // ${TWO_63})::BIGINT END,
         CASE WHEN o.h IS NULL THEN o.amount END,
         o.block_number, o.block_time, o.tx_hash, o.position
       FROM (SELECT *, CASE WHEN TRY_CAST(amount AS HUGEINT) < ${TWO_126} THEN TRY_CAST(amount AS HUGEINT) END AS h FROM o) o
       JOIN trace_addresses a ON a.chain = $1 AND a.address = o.from_address
       JOIN trace_addresses b ON b.chain = $1 AND b.address = o.to_address
       LEFT JOIN trace_addresses c ON c.chain = $1 AND c.address = o.asset
       ORDER BY a.id, o.seq`,
      [chain],
    )
    await c.run('DELETE FROM trace_index_state WHERE chain = $1', [chain])
    const now = new Date().toISOString()
    await c.run(
      `INSERT INTO trace_index_state SELECT $1, $2, max(block_number), coalesce(max(seq), -1) + 1,
         coalesce(max(txo), -1) + 1, (SELECT count(*) FROM trace_addresses WHERE chain = $1), count(*), $3, $3
       FROM trace_edges WHERE chain = $1`,
      [chain, TRACE_INDEX_VERSION, now],
    )
    await c.run('COMMIT')
  } catch (error) {
    await c.run('ROLLBACK')
    throw new DragnetError('STORE_ERROR', `cannot build the trace index: ${(error as Error).message}`, {
      details: { chain },
      cause: error,
    })
  }
  return true
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
