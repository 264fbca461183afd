import type { DuckDBConnection } from '@duckdb/node-api'
import type { EdgeDetail } from '../edges/edge-source.ts'

/**
 * The details (transaction, block, time, position) of every edge of a block range, by seq (a forward trace's ord):
 * one query narrowed by the block column's zone maps, where a lookup by seq would scan the whole index.
 */
export async function duckDbBlockDetails(
  c: DuckDBConnection,
  chain: string,
  from: bigint,
  to: bigint,
): Promise<Map<number, EdgeDetail>> {
  const r = await c.runAndReadAll(
    `SELECT seq, tx_hash, block_number, block_time, position FROM trace_edges
     WHERE chain = $1 AND block_number >= $2 AND block_number <= $3`,
    [chain, from, to],
  )
  const out = new Map<number, EdgeDetail>()
  for (const [seq, tx, block, time, position] of r.getRows()) {
    out.set(seq as number, {
      tx: tx as string,
      block: block as bigint,
      time: (time as bigint | null) ?? null,
      position: position as string,
    })
  }
  return out
}
