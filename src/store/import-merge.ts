import { BLOCK_COLUMN, type ChainTable } from './schema.ts'

/**
 * How an import meets the rows already stored (docs/decisions/0012-etl-reimport.md). A file's rows replace
 * the stored rows of their table with the same key. A block the import is known to hold whole also loses
 * the stored rows the import lacks; any other block keeps them (the file may be cut short or a sample).
 * The SQL here runs on DuckDB and PostgreSQL alike, over `imp_<table>`, the staged rows.
 */

/** The columns that name a row within its block, per table. */
export const ROW_KEY: Record<ChainTable, readonly string[]> = {
  blocks: ['number'],
  transactions: ['hash'],
  receipts: ['transaction_hash'],
  logs: ['log_index'],
  token_transfers: ['log_index'],
  // Geth traces name their transaction by index only; block rewards by type and id.
  traces: ['transaction_index', 'trace_address', 'trace_type', 'reward_type', 'trace_id'],
  transfers: ['tx_index', 'position', 'kind', 'asset'],
}

/** What one import did to one table: rows stored, and what became of the rows that were there. */
export interface TableChange {
  /** Rows the import stored. */
  stored: number
  /** Stored rows replaced by an imported row with the same key. */
  replaced: number
  /** Stored rows removed without a counterpart: their block is held whole by the import and lacks them. */
  removed: number
  /** Stored rows left in place: the import lacks them, and does not show that their block is whole without them. */
  kept: number
  /** Blocks the import holds rows of in this table. */
  blocks: number
  /** Blocks in which stored rows were kept. */
  keptBlocks: number
  /** The first few of them, for the report. */
  keptBlockNumbers: bigint[]
}

/** The name of the temp table of blocks an import holds whole in `table`. */
export function wholeTable(table: ChainTable): string {
  return `imp_whole_${table}`
}

/**
 * The SELECT of the blocks the import holds whole in `table`, as far as the data can tell (a file's rows
 * need not be a block's rows: a file cut short, a sample, rows out of block order): every block of the
 * blocks table; for transactions and receipts, a block with as many rows as its transaction_count (from
 * the imported blocks, else the stored ones); in any table, a block whose imported hash differs from the
 * stored one (the stored rows belong to another version of the block). `$1` is the chain.
 */
export function wholeBlocksSelect(table: ChainTable, stagedBlocks: boolean): string {
  const b = BLOCK_COLUMN[table]
  if (table === 'blocks') return 'SELECT DISTINCT number AS n FROM imp_blocks'
  const parts: string[] = []
  if (stagedBlocks) {
    parts.push(`SELECT i.number AS n FROM imp_blocks i JOIN blocks k ON k.chain = $1 AND k.number = i.number
      WHERE i.hash <> k.hash`)
  }
  if (table === 'transactions' || table === 'receipts' || table === 'logs') {
    parts.push(`SELECT DISTINCT i.block_number AS n FROM imp_${table} i JOIN ${table} k
      ON k.chain = $1 AND k.block_number = i.block_number WHERE i.block_hash <> k.block_hash`)
  }
  if (table === 'transactions' || table === 'receipts') {
    const id = table === 'transactions' ? 'hash' : 'transaction_hash'
    const counts = stagedBlocks
      ? `SELECT number, transaction_count FROM imp_blocks UNION ALL
         SELECT number, transaction_count FROM blocks WHERE chain = $1 AND number NOT IN (SELECT number FROM imp_blocks)`
      : 'SELECT number, transaction_count FROM blocks WHERE chain = $1'
    parts.push(`SELECT c.${b} AS n FROM (SELECT ${b}, count(DISTINCT ${id}) AS k FROM imp_${table} GROUP BY ${b}) c
      JOIN (${counts}) t ON t.number = c.${b} AND t.transaction_count = c.k`)
  }
  if (parts.length === 0) return 'SELECT CAST(NULL AS BIGINT) AS n WHERE false'
  return parts.join(' UNION ')
}

/** A condition true when stored row `t` has an imported counterpart with the same key. */
export function matchedCondition(table: ChainTable, t: string): string {
  const b = BLOCK_COLUMN[table]
  const key = ROW_KEY[table].map((k) => `coalesce(CAST(s.${k} AS TEXT), '') = coalesce(CAST(${t}.${k} AS TEXT), '')`)
  return `EXISTS (SELECT 1 FROM imp_${table} s WHERE s.${b} = ${t}.${b} AND ${key.join(' AND ')})`
}

/** A condition true when stored row `t` (in a block the import holds rows of) gives way to the import. */
export function replacedCondition(table: ChainTable, t: string): string {
  return `(${t}.${BLOCK_COLUMN[table]} IN (SELECT n FROM ${wholeTable(table)}) OR ${matchedCondition(table, t)})`
}

/** Stored rows of `table` in blocks the import holds rows of in it; `$1` is the chain. */
export function touchedStored(table: ChainTable, t: string): string {
  const b = BLOCK_COLUMN[table]
  return `${table} ${t} WHERE ${t}.chain = $1 AND ${t}.${b} IN (SELECT DISTINCT ${b} FROM imp_${table})`
}

/** One row: replaced, removed and kept counts of the stored rows the import touches in `table`. */
export function changeCountsSql(table: ChainTable): string {
  const b = BLOCK_COLUMN[table]
  return `SELECT count(*) FILTER (WHERE m) AS replaced, count(*) FILTER (WHERE NOT m AND w) AS removed,
      count(*) FILTER (WHERE NOT m AND NOT w) AS kept
    FROM (SELECT ${matchedCondition(table, 't')} AS m, t.${b} IN (SELECT n FROM ${wholeTable(table)}) AS w
      FROM ${touchedStored(table, 't')}) x`
}

/** The blocks in which stored rows of `table` stay although the import lacks them, ascending. */
export function keptBlocksSql(table: ChainTable): string {
  const b = BLOCK_COLUMN[table]
  return `SELECT DISTINCT t.${b} AS n FROM ${touchedStored(table, 't')}
    AND NOT ${replacedCondition(table, 't')} ORDER BY n`
}

/** Deletes the stored rows of `table` that the import replaces or removes. */
export function deleteReplacedSql(table: ChainTable): string {
  const b = BLOCK_COLUMN[table]
  return `DELETE FROM ${table} WHERE chain = $1 AND ${b} IN (SELECT DISTINCT ${b} FROM imp_${table})
    AND ${replacedCondition(table, table)}`
}

/**
 * The stored rows of staged `table` that survive the import, within the blocks of `blocks` (a temp table of
 * block numbers `n`); `columns` is the select list.
 */
export function survivingStoredSql(table: ChainTable, columns: string, blocks: string): string {
  const b = BLOCK_COLUMN[table]
  return `SELECT ${columns} FROM ${table} WHERE chain = $1 AND ${b} IN (SELECT n FROM ${blocks})
    AND NOT (${b} IN (SELECT DISTINCT ${b} FROM imp_${table}) AND ${replacedCondition(table, table)})`
}

/** How many block numbers a report names. */
export const BLOCKS_SHOWN = 5

/** Whether a statement reads the chain parameter `$1`. */
export function usesChain(sql: string): boolean {
  return sql.includes('$1')
}

/** A derived table (transfers) is derived again for every block the import touches: all its rows are new. */
export function derivedChange(stored: number, before: number, blocks: number): TableChange {
  return { stored, replaced: before, removed: 0, kept: 0, blocks, keptBlocks: 0, keptBlockNumbers: [] }
}
