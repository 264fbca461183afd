import type { ImportColumn } from '../../store/import-session.ts'
import { type ChainTable, TABLES } from '../../store/schema.ts'

/** What a column of an ethereum-etl file holds, which decides how it is checked and converted. */
type Kind = 'address' | 'hash' | 'int' | 'uint' | 'hex' | 'topics' | 'traceAddress' | 'text'

// Full-match patterns in the regular-expression subset every store's SQL shares (RE2, PostgreSQL).
const PATTERNS: Record<Kind, string | null> = {
  address: '0x[0-9a-fA-F]{40}',
  hash: '0x[0-9a-fA-F]{64}',
  // 18 digits always fit a signed 64-bit integer; block numbers, gas and timestamps stay far below.
  int: '[0-9]{1,18}',
  uint: '[0-9]{1,78}',
  hex: '0x[0-9a-fA-F]*',
  topics: '0x[0-9a-fA-F]{64}(,0x[0-9a-fA-F]{64})*',
  traceAddress: '[0-9]+(,[0-9]+)*',
  text: null,
}

const CODES: Record<Kind, ImportColumn['code']> = {
  address: 'INVALID_ADDRESS',
  hash: 'INVALID_HASH',
  int: 'ETL_MALFORMED',
  uint: 'ETL_MALFORMED',
  hex: 'ETL_MALFORMED',
  topics: 'ETL_MALFORMED',
  traceAddress: 'ETL_MALFORMED',
  text: 'ETL_MALFORMED',
}

const ADDRESS_COLUMNS = new Set(['miner', 'from_address', 'to_address', 'address', 'token_address', 'contract_address'])
const HASH_COLUMNS = new Set([
  'hash',
  'parent_hash',
  'sha3_uncles',
  'transactions_root',
  'state_root',
  'receipts_root',
  'withdrawals_root',
  'block_hash',
  'transaction_hash',
])
const HEX_COLUMNS = new Set(['nonce', 'logs_bloom', 'extra_data', 'input', 'output', 'data', 'root'])
const TEXT_COLUMNS = new Set([
  'withdrawals',
  'trace_type',
  'call_type',
  'reward_type',
  'error',
  'trace_id',
  'l1_fee_scalar',
])

/** Columns without which a row cannot be placed: its identity and its block. */
export const REQUIRED: Record<ChainTable, readonly string[]> = {
  blocks: ['number', 'hash'],
  transactions: ['hash', 'block_number', 'transaction_index'],
  receipts: ['transaction_hash', 'block_number'],
  logs: ['log_index', 'transaction_hash', 'block_number'],
  token_transfers: ['token_address', 'transaction_hash', 'log_index', 'block_number'],
  traces: ['block_number'],
  transfers: ['block_number', 'tx_hash', 'position', 'from_address', 'to_address', 'asset', 'amount'],
}

function kindOf(table: ChainTable, name: string, type: string): Kind {
  if (name === 'topics') return 'topics'
  if (name === 'trace_address') return 'traceAddress'
  if (ADDRESS_COLUMNS.has(name)) return 'address'
  if (HASH_COLUMNS.has(name) || name === 'tx_hash') return 'hash'
  if (type === 'bigint' || type === 'int') return 'int'
  if (HEX_COLUMNS.has(name)) return 'hex'
  if (TEXT_COLUMNS.has(name)) return 'text'
  if (table === 'transfers' && name === 'asset') return 'text'
  if (type === 'uint256') return 'uint'
  return 'text'
}

/** The checks and conversions for every column of a table, in the store's column order. */
export function importColumns(table: ChainTable): ImportColumn[] {
  const required = new Set(REQUIRED[table])
  return TABLES[table].map((spec) => {
    const kind = kindOf(table, spec.name, spec.type)
    return {
      name: spec.name,
      pattern: PATTERNS[kind],
      code: CODES[kind],
      required: required.has(spec.name),
      lowercase: kind === 'address' || kind === 'hash',
      jsonList: spec.name === 'withdrawals',
    }
  })
}

/** The `type` field of ethereum-etl's stream exports, per table. */
export const STREAM_TYPES: Record<string, ChainTable> = {
  block: 'blocks',
  transaction: 'transactions',
  receipt: 'receipts',
  log: 'logs',
  token_transfer: 'token_transfers',
  trace: 'traces',
}
