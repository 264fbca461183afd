/**
 * The chain tables follow ethereum-etl's (and BigQuery's crypto_ethereum) column names, so exports load
 * into the tools analysts already use. Each row also carries `chain`. Quantities that can exceed 64 bits
 * (values, difficulties, amounts) are stored as exact decimal text: uint256 does not fit any SQL integer.
 */
export interface ColumnSpec {
  name: string
  /** Portable type name; each store maps it to its own SQL type. */
  type: 'text' | 'int' | 'bigint' | 'uint256' | 'bool' | 'json'
}

export type ChainTable = 'blocks' | 'transactions' | 'receipts' | 'logs' | 'token_transfers' | 'traces' | 'transfers'

const t = (name: string, type: ColumnSpec['type']): ColumnSpec => ({ name, type })

export const TABLES: Record<ChainTable, ColumnSpec[]> = {
  blocks: [
    t('number', 'bigint'),
    t('hash', 'text'),
    t('parent_hash', 'text'),
    t('nonce', 'text'),
    t('sha3_uncles', 'text'),
    t('logs_bloom', 'text'),
    t('transactions_root', 'text'),
    t('state_root', 'text'),
    t('receipts_root', 'text'),
    t('miner', 'text'),
    t('difficulty', 'uint256'),
    t('total_difficulty', 'uint256'),
    t('size', 'bigint'),
    t('extra_data', 'text'),
    t('gas_limit', 'bigint'),
    t('gas_used', 'bigint'),
    t('timestamp', 'bigint'),
    t('transaction_count', 'bigint'),
    t('base_fee_per_gas', 'uint256'),
    t('withdrawals_root', 'text'),
    t('withdrawals', 'json'),
  ],
  transactions: [
    t('hash', 'text'),
    t('nonce', 'bigint'),
    t('block_hash', 'text'),
    t('block_number', 'bigint'),
    t('transaction_index', 'bigint'),
    t('from_address', 'text'),
    t('to_address', 'text'),
    t('value', 'uint256'),
    t('gas', 'bigint'),
    t('gas_price', 'uint256'),
    t('input', 'text'),
    t('block_timestamp', 'bigint'),
    t('max_fee_per_gas', 'uint256'),
    t('max_priority_fee_per_gas', 'uint256'),
    t('transaction_type', 'bigint'),
  ],
  receipts: [
    t('transaction_hash', 'text'),
    t('transaction_index', 'bigint'),
    t('block_hash', 'text'),
    t('block_number', 'bigint'),
    t('cumulative_gas_used', 'bigint'),
    t('gas_used', 'bigint'),
    t('contract_address', 'text'),
    t('root', 'text'),
    t('status', 'bigint'),
    t('effective_gas_price', 'uint256'),
    t('l1_fee', 'uint256'),
    t('l1_gas_used', 'uint256'),
    t('l1_gas_price', 'uint256'),
    t('l1_fee_scalar', 'text'),
  ],
  logs: [
    t('log_index', 'bigint'),
    t('transaction_hash', 'text'),
    t('transaction_index', 'bigint'),
    t('block_hash', 'text'),
    t('block_number', 'bigint'),
    t('address', 'text'),
    t('data', 'text'),
    t('topics', 'text'),
  ],
  token_transfers: [
    t('token_address', 'text'),
    t('from_address', 'text'),
    t('to_address', 'text'),
    t('value', 'uint256'),
    t('transaction_hash', 'text'),
    t('log_index', 'bigint'),
    t('block_number', 'bigint'),
  ],
  traces: [
    t('block_number', 'bigint'),
    t('transaction_hash', 'text'),
    t('transaction_index', 'bigint'),
    t('from_address', 'text'),
    t('to_address', 'text'),
    t('value', 'uint256'),
    t('input', 'text'),
    t('output', 'text'),
    t('trace_type', 'text'),
    t('call_type', 'text'),
    t('reward_type', 'text'),
    t('gas', 'bigint'),
    t('gas_used', 'bigint'),
    t('subtraces', 'bigint'),
    t('trace_address', 'text'),
    t('error', 'text'),
    t('status', 'bigint'),
    t('trace_id', 'text'),
  ],
  transfers: [
    t('block_number', 'bigint'),
    t('block_time', 'bigint'),
    t('tx_hash', 'text'),
    t('tx_index', 'bigint'),
    t('position', 'text'),
    t('kind', 'text'),
    t('from_address', 'text'),
    t('to_address', 'text'),
    t('asset', 'text'),
    t('amount', 'uint256'),
  ],
}

/** The column each table's rows belong to a block by; a reorg or a re-ingest deletes by it. */
export const BLOCK_COLUMN: Record<ChainTable, string> = {
  blocks: 'number',
  transactions: 'block_number',
  receipts: 'block_number',
  logs: 'block_number',
  token_transfers: 'block_number',
  traces: 'block_number',
  transfers: 'block_number',
}

export const CHAIN_TABLES = Object.keys(TABLES) as ChainTable[]

/** The tables `dragnet export` writes in ethereum-etl's format (transfers is Dragnet's own). */
export const EXPORTABLE_TABLES: readonly ChainTable[] = CHAIN_TABLES

export function isChainTable(name: string): name is ChainTable {
  return Object.hasOwn(TABLES, name)
}
