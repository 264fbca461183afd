import type { DuckDBConnection } from '@duckdb/node-api'
import type { TraceIndexState } from './trace-index-state.ts'

/**
 * Removes the chain's edges of blocks >= `from` (a reorg, or a write below the index's reach), in the caller's
 * transaction. Seqs, txos and ids are not handed out again: the state's next ones stay, leaving gaps, and
 * addresses keep their ids. Returns the new state.
 */
export async function removeTraceSuffix(
  c: DuckDBConnection,
  chain: string,
  state: TraceIndexState,
  from: bigint,
): Promise<TraceIndexState> {
  if (state.maxBlock === null || state.maxBlock < from) return state
  const r = await c.run('DELETE FROM trace_edges WHERE chain = $1 AND block_number >= $2', [chain, from])
  return { ...state, maxBlock: from - 1n, edges: state.edges - Number(r.rowsChanged) }
}
