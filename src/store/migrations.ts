import { DragnetError } from '../core/errors.ts'
import { type ColumnSpec, TABLES } from './schema.ts'

/** Maps a portable column type to a store's SQL type. */
export type TypeMap = Record<ColumnSpec['type'], string>

export interface Migration {
  version: number
  description: string
  statements: (types: TypeMap) => string[]
}

function createTable(name: string, columns: ColumnSpec[], types: TypeMap): string {
  const cols = columns.map((c) => `${c.name} ${types[c.type]}`).join(', ')
  return `CREATE TABLE IF NOT EXISTS ${name} (chain TEXT NOT NULL, ${cols})`
}

/**
 * Schema versions, applied in order and recorded in schema_migrations. Never edit a released
 * migration: add the next one.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'chain tables in ethereum-etl schema, transfers, checkpoints, tokens',
    statements: (types) => [
      ...Object.entries(TABLES).map(([name, cols]) => createTable(name, cols, types)),
      'CREATE INDEX IF NOT EXISTS blocks_chain_number ON blocks (chain, number)',
      'CREATE INDEX IF NOT EXISTS transfers_chain_block ON transfers (chain, block_number)',
      `CREATE TABLE IF NOT EXISTS checkpoints (chain TEXT NOT NULL, job TEXT NOT NULL, block ${types.bigint} NOT NULL,
        block_hash TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (chain, job))`,
      `CREATE TABLE IF NOT EXISTS tokens (chain TEXT NOT NULL, address TEXT NOT NULL, symbol TEXT, name TEXT,
        decimals ${types.int}, wrapped_native ${types.bool} NOT NULL DEFAULT false, PRIMARY KEY (chain, address))`,
    ],
  },
  {
    version: 2,
    description: 'trace index: dense address ids and integer-keyed transfers in time order, rebuilt from transfers',
    statements: (types) => [
      `CREATE TABLE IF NOT EXISTS trace_index_state (chain TEXT PRIMARY KEY, transfers ${types.bigint} NOT NULL,
        min_block ${types.bigint}, max_block ${types.bigint}, block_sum ${types.uint256}, built_at TEXT NOT NULL)`,
      'CREATE TABLE IF NOT EXISTS trace_addresses (chain TEXT NOT NULL, address TEXT NOT NULL, id INTEGER NOT NULL)',
      `CREATE TABLE IF NOT EXISTS trace_edges (chain TEXT NOT NULL, seq INTEGER NOT NULL, txo INTEGER NOT NULL,
        src INTEGER NOT NULL, dst INTEGER NOT NULL, asset INTEGER NOT NULL, kind ${types.int} NOT NULL,
        amount ${types.uint256 === 'VARCHAR' ? 'HUGEINT' : 'NUMERIC(78, 0)'}, amount_text TEXT, block_number ${types.bigint} NOT NULL, block_time ${types.bigint},
        tx_hash TEXT NOT NULL, position TEXT NOT NULL)`,
    ],
  },
  {
    version: 3,
    description: 'label registry: labels with their listing history, and the sources they came from',
    statements: (types) => [
      `CREATE TABLE IF NOT EXISTS labels (source TEXT NOT NULL, chain TEXT NOT NULL, address TEXT NOT NULL,
        address_key TEXT NOT NULL, category TEXT NOT NULL, name TEXT NOT NULL, source_date TEXT,
        confidence ${types.int} NOT NULL, programmes TEXT NOT NULL, asset TEXT, notes TEXT,
        added_on TEXT NOT NULL, removed_on TEXT)`,
      'CREATE INDEX IF NOT EXISTS labels_address_key ON labels (address_key)',
      `CREATE TABLE IF NOT EXISTS label_sources (source TEXT PRIMARY KEY, format TEXT NOT NULL, source_date TEXT,
        imported_at TEXT NOT NULL, origin TEXT NOT NULL)`,
    ],
  },
  {
    version: 4,
    description: 'trace index: amounts as two 63-bit words, read without arithmetic; the index is rebuilt on next use',
    statements: (types) => [
      'DROP TABLE IF EXISTS trace_edges',
      'DELETE FROM trace_index_state',
      `CREATE TABLE trace_edges (chain TEXT NOT NULL, seq INTEGER NOT NULL, txo INTEGER NOT NULL,
        src INTEGER NOT NULL, dst INTEGER NOT NULL, asset INTEGER NOT NULL, kind ${types.int} NOT NULL,
        lo ${types.bigint} NOT NULL, hi ${types.bigint} NOT NULL, amount_text TEXT, block_number ${types.bigint} NOT NULL,
        block_time ${types.bigint}, tx_hash TEXT NOT NULL, position TEXT NOT NULL)`,
    ],
  },
  {
    version: 5,
    description: 'prices: USD prices per chain and asset, as scaled integers, from CSV files and Chainlink feeds',
    statements: (types) => [
      `CREATE TABLE IF NOT EXISTS prices (chain TEXT NOT NULL, asset TEXT NOT NULL, time ${types.bigint} NOT NULL,
        price ${types.uint256} NOT NULL, decimals ${types.int} NOT NULL, source TEXT NOT NULL, kind TEXT NOT NULL,
        symbol TEXT, round_id TEXT, block_number ${types.bigint}, imported_at TEXT NOT NULL,
        PRIMARY KEY (chain, asset, source, time))`,
    ],
  },
  {
    version: 6,
    description:
      'trace index kept current by writes: per chain how far it reaches and the next seq, txo and address id; rebuilt on next use',
    statements: (types) => [
      'DROP TABLE IF EXISTS trace_index_state',
      'DELETE FROM trace_edges',
      'DELETE FROM trace_addresses',
      `CREATE TABLE trace_index_state (chain TEXT PRIMARY KEY, version ${types.int} NOT NULL,
        max_block ${types.bigint}, next_seq ${types.bigint} NOT NULL, next_txo ${types.bigint} NOT NULL,
        next_id ${types.bigint} NOT NULL, edges ${types.bigint} NOT NULL, built_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
    ],
  },
  {
    version: 8,
    description:
      "Bitcoin-like UTXO chains in bitcoin-etl's schema: blocks, transactions, inputs, outputs; address clusters",
    statements: (types) => {
      // Satoshi amounts exact and summable: HUGEINT on DuckDB (whose uint256 is text), NUMERIC on PostgreSQL.
      const sat = types.uint256 === 'VARCHAR' ? 'HUGEINT' : 'NUMERIC(78, 0)'
      const { int, bigint, text, bool } = types
      return [
        `CREATE TABLE IF NOT EXISTS btc_blocks (chain TEXT NOT NULL, hash TEXT NOT NULL, size ${int},
          stripped_size ${int}, weight ${int}, number ${bigint} NOT NULL, version ${bigint}, merkle_root TEXT,
          timestamp ${bigint}, nonce TEXT, bits TEXT, coinbase_param TEXT, transaction_count ${int},
          previous_block_hash TEXT)`,
        `CREATE TABLE IF NOT EXISTS btc_transactions (chain TEXT NOT NULL, hash TEXT NOT NULL, size ${int},
          virtual_size ${int}, version ${bigint}, lock_time ${bigint}, block_number ${bigint} NOT NULL,
          block_hash TEXT, block_timestamp ${bigint}, is_coinbase ${bool}, index ${int} NOT NULL, input_count ${int},
          output_count ${int}, input_value ${sat}, output_value ${sat}, fee ${sat})`,
        `CREATE TABLE IF NOT EXISTS btc_inputs (chain TEXT NOT NULL, transaction_hash TEXT NOT NULL,
          block_number ${bigint} NOT NULL, transaction_index ${int} NOT NULL, index ${int} NOT NULL,
          spent_transaction_hash TEXT, spent_output_index ${bigint}, script_asm TEXT, script_hex TEXT,
          sequence ${bigint}, required_signatures ${int}, type TEXT, addresses ${text}, value ${sat}, witness ${text})`,
        `CREATE TABLE IF NOT EXISTS btc_outputs (chain TEXT NOT NULL, transaction_hash TEXT NOT NULL,
          block_number ${bigint} NOT NULL, transaction_index ${int} NOT NULL, index ${int} NOT NULL, script_asm TEXT,
          script_hex TEXT, required_signatures ${int}, type TEXT, addresses ${text}, value ${sat} NOT NULL)`,
        `CREATE TABLE IF NOT EXISTS btc_cluster_links (chain TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL,
          rule TEXT NOT NULL, confidence ${int} NOT NULL, tx TEXT NOT NULL)`,
        'CREATE TABLE IF NOT EXISTS btc_clusters (chain TEXT NOT NULL, address TEXT NOT NULL, cluster TEXT NOT NULL)',
        'CREATE INDEX IF NOT EXISTS btc_blocks_chain_number ON btc_blocks (chain, number)',
        'CREATE INDEX IF NOT EXISTS btc_transactions_chain_block ON btc_transactions (chain, block_number)',
        'CREATE INDEX IF NOT EXISTS btc_inputs_chain_block ON btc_inputs (chain, block_number)',
        'CREATE INDEX IF NOT EXISTS btc_inputs_chain_spent ON btc_inputs (chain, spent_transaction_hash)',
        'CREATE INDEX IF NOT EXISTS btc_outputs_chain_tx ON btc_outputs (chain, transaction_hash)',
        'CREATE INDEX IF NOT EXISTS btc_outputs_chain_block ON btc_outputs (chain, block_number)',
        'CREATE INDEX IF NOT EXISTS btc_cluster_links_chain_a ON btc_cluster_links (chain, a)',
        'CREATE INDEX IF NOT EXISTS btc_clusters_chain_address ON btc_clusters (chain, address)',
      ]
    },
  },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0)

/** What applying migrations needs from a store: its SQL types, one statement runner, and transactions. */
export interface MigrationTarget {
  types: TypeMap
  /** Where the store is, for the error a too-new schema raises (a path or a schema name). */
  where: Record<string, unknown>
  run(sql: string, params?: unknown[]): Promise<void>
  schemaVersion(): Promise<number>
  /** Runs fn in one transaction; `run` inside it belongs to the transaction. */
  transaction(fn: (run: MigrationTarget['run']) => Promise<void>): Promise<void>
}

/**
 * Brings a store's schema to LATEST_SCHEMA_VERSION, each migration in its own transaction with its row in
 * schema_migrations; a store newer than this code is refused with STORE_SCHEMA_TOO_NEW rather than misread.
 */
export async function applyMigrations(target: MigrationTarget): Promise<void> {
  await target.run(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version ${target.types.int} PRIMARY KEY, description ${target.types.text}, applied_at ${target.types.text})`,
  )
  const current = await target.schemaVersion()
  if (current > LATEST_SCHEMA_VERSION) {
    throw new DragnetError(
      'STORE_SCHEMA_TOO_NEW',
      `store schema is version ${current}; this Dragnet knows up to ${LATEST_SCHEMA_VERSION}: upgrade Dragnet`,
      { details: { ...target.where, current, latest: LATEST_SCHEMA_VERSION } },
    )
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue
    await target.transaction(async (run) => {
      for (const sql of m.statements(target.types)) await run(sql)
      await run('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [
        m.version,
        m.description,
        new Date().toISOString(),
      ])
    })
  }
}
