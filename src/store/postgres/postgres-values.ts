import { DragnetError } from '../../core/errors.ts'
import type { TypeMap } from '../migrations.ts'
import { type ChainTable, type ColumnSpec, TABLES } from '../schema.ts'
import type { CellValue, Row } from '../store.ts'

/**
 * PostgreSQL's SQL type for each portable column type. uint256 is NUMERIC(78, 0): exact, every uint256
 * fits (78 digits), it sorts and sums as a number, and both drivers return it as decimal text.
 */
export const PG_TYPES: TypeMap = {
  text: 'TEXT',
  int: 'INTEGER',
  bigint: 'BIGINT',
  uint256: 'NUMERIC(78, 0)',
  bool: 'BOOLEAN',
  json: 'TEXT',
}

/**
 * The natural row order of each table, as ORDER_BY gives it for DuckDB, with text keys compared byte by byte
 * (COLLATE "C") so both stores return the same order whatever the database's locale.
 */
export const PG_ORDER_BY: Record<ChainTable, string> = {
  blocks: 'number',
  transactions: 'block_number, transaction_index',
  receipts: 'block_number, transaction_index',
  logs: 'block_number, log_index',
  token_transfers: 'block_number, log_index',
  traces: 'block_number, transaction_index NULLS LAST, trace_id COLLATE "C", trace_address COLLATE "C"',
  transfers: `block_number, tx_index, CASE WHEN position IN ('tx', 'trace:') THEN 0 WHEN position LIKE 'trace:%' THEN 1 ELSE 2 END,
    CASE WHEN position ~ '^log:[0-9]{1,18}$' THEN substr(position, 5)::BIGINT END, position COLLATE "C"`,
}

/** A cell as the text PostgreSQL casts into the column's type; throws STORE_ERROR for a value the type cannot hold. */
export function cellText(spec: ColumnSpec, value: CellValue | undefined, table: string): string | null {
  if (value === null || value === undefined) return null
  switch (spec.type) {
    case 'uint256':
      if (typeof value !== 'bigint' && !(typeof value === 'string' && /^\d+$/.test(value))) {
        throw new DragnetError('STORE_ERROR', `${table}.${spec.name} must be a non-negative integer, got ${value}`)
      }
      if (typeof value === 'bigint' && value < 0n) {
        throw new DragnetError('STORE_ERROR', `${table}.${spec.name} must be a non-negative integer, got ${value}`)
      }
      return value.toString()
    case 'bigint':
    case 'int':
      if (typeof value === 'bigint') return value.toString()
      if (typeof value === 'number' && Number.isInteger(value)) return String(value)
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return value
      throw new DragnetError('STORE_ERROR', `${table}.${spec.name} must be an integer, got ${String(value)}`)
    case 'bool':
      return value ? 'true' : 'false'
    default:
      return typeof value === 'string' ? value : String(value)
  }
}

/** A value read back, in the store's types: bigint for int8, number for int4, decimal text for uint256. */
export function cellValue(type: ColumnSpec['type'] | undefined, value: unknown): CellValue {
  if (value === null || value === undefined) return null
  switch (type) {
    case 'bigint':
      return BigInt(value as string)
    case 'int':
      return Number(value)
    case 'bool':
      return value === true || value === 't' || value === 'true'
    default:
      return typeof value === 'string' ? value : String(value)
  }
}

/** Converts a row read from PostgreSQL into the store's cell types, following the table's column specs. */
export function rowFromPg(table: ChainTable, raw: Record<string, unknown>): Row {
  const row: Row = {}
  for (const spec of TABLES[table]) row[spec.name] = cellValue(spec.type, raw[spec.name])
  return row
}

/**
 * An INSERT of many rows as one statement with one text-array parameter per column (unnest), so a batch
 * of any size is one round trip and no parameter limit applies.
 */
export function insertSql(table: string, specs: readonly ColumnSpec[], firstParam: number): string {
  const names = specs.map((s) => s.name)
  const casts = specs.map((s) => `u.${s.name}::${PG_TYPES[s.type]}`)
  const arrays = specs.map((_s, i) => `$${firstParam + i}::TEXT[]`)
  return `INSERT INTO ${table} (chain, ${names.join(', ')}) SELECT $1, ${casts.join(', ')}
    FROM unnest(${arrays.join(', ')}) AS u(${names.join(', ')})`
}

/** The column arrays for insertSql: one array of cell texts per column. */
export function columnArrays(table: string, specs: readonly ColumnSpec[], rows: readonly Row[]): (string | null)[][] {
  return specs.map((spec) => rows.map((row) => cellText(spec, row[spec.name], table)))
}
