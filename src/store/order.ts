import type { ChainTable } from './schema.ts'

/** The natural order of each table's rows: by block, then position in the block. */
export const ORDER_BY: Record<ChainTable, string> = {
  blocks: 'number',
  transactions: 'block_number, transaction_index',
  receipts: 'block_number, transaction_index',
  logs: 'block_number, log_index',
  token_transfers: 'block_number, log_index',
  traces: 'block_number, transaction_index NULLS LAST, trace_id, trace_address',
  transfers: 'block_number, tx_index, position',
}
