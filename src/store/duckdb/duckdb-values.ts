import type { DuckDBAppender } from '@duckdb/node-api'
import { DragnetError } from '../../core/errors.ts'
import type { TypeMap } from '../migrations.ts'
import type { ColumnSpec } from '../schema.ts'
import type { Row } from '../store.ts'

/** DuckDB's SQL type for each portable column type; uint256 stays exact as decimal text. */
export const DUCKDB_TYPES: TypeMap = {
  text: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  uint256: 'VARCHAR',
  bool: 'BOOLEAN',
  json: 'VARCHAR',
}

/** Appends one row in the column order of `columns`, converting each cell to the column's DuckDB type. */
export function appendRow(appender: DuckDBAppender, columns: readonly ColumnSpec[], row: Row, table: string): void {
  for (const col of columns) appendCell(appender, col, row[col.name], table)
  appender.endRow()
}

export function appendCell(
  appender: DuckDBAppender,
  col: ColumnSpec,
  value: Row[string] | undefined,
  table: string,
): void {
  if (value === null || value === undefined) {
    appender.appendNull()
    return
  }
  switch (col.type) {
    case 'bigint':
      appender.appendBigInt(typeof value === 'bigint' ? value : BigInt(value as string | number))
      return
    case 'int':
      appender.appendInteger(Number(value))
      return
    case 'bool':
      appender.appendBoolean(Boolean(value))
      return
    case 'uint256':
      if (typeof value !== 'bigint' && !(typeof value === 'string' && /^\d+$/.test(value))) {
        throw new DragnetError('STORE_ERROR', `${table}.${col.name} must be a non-negative integer, got ${value}`)
      }
      appender.appendVarchar(value.toString())
      return
    default:
      appender.appendVarchar(typeof value === 'string' ? value : String(value))
  }
}
