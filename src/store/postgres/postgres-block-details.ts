import type { EdgeDetail } from '../edges/edge-source.ts'
import type { SqlClient } from './sql-client.ts'

/** The details of every edge of a block range, by seq (a forward trace's ord), in one query. */
export async function postgresBlockDetails(
  q: SqlClient,
  chain: string,
  from: bigint,
  to: bigint,
): Promise<Map<number, EdgeDetail>> {
  const r = await q.query<{
    seq: number
    tx_hash: string
    block_number: string
    block_time: string | null
    position: string
  }>(
    `SELECT seq, tx_hash, block_number, block_time, position FROM trace_edges
     WHERE chain = $1 AND block_number >= $2 AND block_number <= $3`,
    [chain, from.toString(), to.toString()],
  )
  const out = new Map<number, EdgeDetail>()
  for (const row of r.rows) {
    out.set(Number(row.seq), {
      tx: row.tx_hash,
      block: BigInt(row.block_number),
      time: row.block_time === null ? null : BigInt(row.block_time),
      position: row.position,
    })
  }
  return out
}
