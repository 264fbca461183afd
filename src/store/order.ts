import type { ChainTable } from './schema.ts'

/** The natural order of each table's rows: by block, then position in the block. */
export const ORDER_BY: Record<ChainTable, string> = {
  blocks: 'number',
  transactions: 'block_number, transaction_index',
  receipts: 'block_number, transaction_index',
  logs: 'block_number, log_index',
  token_transfers: 'block_number, log_index',
  traces: 'block_number, transaction_index NULLS LAST, trace_id, trace_address',
  // Within a transaction: its own value first, then call values in trace order, then token events by log index.
  transfers: `block_number, tx_index, CASE WHEN position IN ('tx', 'trace:') THEN 0 WHEN position LIKE 'trace:%' THEN 1 ELSE 2 END,
    CASE WHEN position LIKE 'log:%' THEN TRY_CAST(substr(position, 5) AS BIGINT) END, position`,
}
