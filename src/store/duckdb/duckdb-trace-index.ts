import type { DuckDBConnection } from '@duckdb/node-api'
import { DragnetError } from '../../core/errors.ts'
import { AMOUNT_WIDE } from '../edges/edge-batch.ts'
import type { EdgeDirection, EdgeSource, EdgeWindow } from '../edges/edge-source.ts'
import type { IndexUpdate, TraceIndex } from '../edges/trace-index.ts'
import { DuckDbEdgeSource } from './duckdb-edge-source.ts'

const TWO_63 = '9223372036854775808::HUGEINT'
const TWO_126 = '85070591730234615865843651857942052864::HUGEINT'

/**
 * What the trace index was built from: count, block range and sum of block numbers of the chain's transfers. It
 * is not what keeps the index exact: every store write that changes transfers (DuckDbStore's writeBatch,
 * rollbackFrom and import commit) deletes the chain's row of trace_index_state in the same transaction, so a
 * replacement with the same count in the same blocks (a re-import, a reorg) still rebuilds. The stamp catches
 * changes made around the store (another tool writing the file).
 */
interface Stamp {
  transfers: bigint
  minBlock: bigint | null
  maxBlock: bigint | null
  blockSum: string | null
}

async function currentStamp(c: DuckDBConnection, chain: string): Promise<Stamp> {
  const r = await c.runAndReadAll(
    'SELECT count(*), min(block_number), max(block_number), sum(block_number)::VARCHAR FROM transfers WHERE chain = $1',
    [chain],
  )
  const [n, min, max, sum] = r.getRows()[0] ?? []
  return {
    transfers: BigInt(n as bigint),
    minBlock: (min as bigint | null) ?? null,
    maxBlock: (max as bigint | null) ?? null,
    blockSum: (sum as string | null) ?? null,
  }
}

async function storedStamp(c: DuckDBConnection, chain: string): Promise<Stamp | undefined> {
  const r = await c.runAndReadAll(
    'SELECT transfers, min_block, max_block, block_sum FROM trace_index_state WHERE chain = $1',
    [chain],
  )
  const row = r.getRows()[0]
  if (!row) return undefined
  return {
    transfers: row[0] as bigint,
    minBlock: (row[1] as bigint | null) ?? null,
    maxBlock: (row[2] as bigint | null) ?? null,
    blockSum: (row[3] as string | null) ?? null,
  }
}

const same = (a: Stamp, b: Stamp) =>
  a.transfers === b.transfers && a.minBlock === b.minBlock && a.maxBlock === b.maxBlock && a.blockSum === b.blockSum

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
 * transaction when it has no stamp (a store write changed transfers since), when the stamp differs, or when `force`
 * is set. Returns whether it rebuilt.
 */
export async function ensureTraceIndex(c: DuckDBConnection, chain: string, force = false): Promise<boolean> {
  const now = await currentStamp(c, chain)
  const stored = await storedStamp(c, chain)
  if (!force && stored && same(now, stored)) return false
  await c.run('BEGIN TRANSACTION')
  try {
    // Stamped inside the transaction: the stamp and the index then describe the same snapshot of transfers.
    const built = await currentStamp(c, chain)
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
    await c.run('INSERT INTO trace_index_state VALUES ($1, $2, $3, $4, $5, $6)', [
      chain,
      built.transfers,
      built.minBlock,
      built.maxBlock,
      built.blockSum,
      new Date().toISOString(),
    ])
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
