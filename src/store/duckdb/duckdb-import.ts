import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api'
import { DragnetError } from '../../core/errors.ts'
import type { CsvSource, ImportColumn, ImportSession, StagedBlock, TextSource } from '../import-session.ts'
import { BLOCK_COLUMN, type ChainTable, type ColumnSpec, TABLES } from '../schema.ts'
import type { Row } from '../store.ts'
import { appendRow, DUCKDB_TYPES } from './duckdb-values.ts'

const BLOCKS = 'imp__blocks'

/**
 * DuckDB import: files land as text in temp tables (CSV through DuckDB's own parallel reader), are validated
 * and converted in SQL, and reach the stored tables only in `commit`'s one transaction.
 */
export class DuckDbImportSession implements ImportSession {
  private readonly c: DuckDBConnection
  private readonly chain: string
  private seq = 0
  /** Tables with staged file rows, and how many files fed each (more than one needs de-duplication). */
  private readonly staged = new Map<ChainTable, number>()
  private readonly derived = new Set<ChainTable>()
  private blocksReady = false

  constructor(connection: DuckDBConnection, chain: string) {
    this.c = connection
    this.chain = chain
  }

  async stageCsv(
    table: ChainTable,
    file: string,
    source: CsvSource,
    columns: readonly ImportColumn[],
  ): Promise<number> {
    const raw = `imp_raw_${++this.seq}`
    const cols = source.header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')
    const sql = `CREATE OR REPLACE TEMP TABLE ${raw} AS SELECT * FROM read_csv(${sqlString(source.path)},
      header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true,
      compression = '${source.gzip ? 'gzip' : 'none'}', columns = {${cols}})`
    try {
      await this.c.run(sql)
    } catch (cause) {
      throw csvError(file, cause)
    }
    // Rows keep file order (insertion order is preserved), and ethereum-etl never writes multi-line cells.
    return this.finishStage(table, file, raw, 'rowid + 2', new Set(source.header), columns)
  }

  async stageText(
    table: ChainTable,
    file: string,
    source: TextSource,
    columns: readonly ImportColumn[],
  ): Promise<number> {
    const raw = `imp_raw_${++this.seq}`
    const defs = source.columns.map((name) => `"${name}" VARCHAR`).join(', ')
    await this.c.run(`CREATE OR REPLACE TEMP TABLE ${raw} (_line BIGINT, ${defs})`)
    const appender = await this.c.createAppender(raw, 'main', 'temp')
    try {
      for await (const batch of source.rows) {
        for (const row of batch) {
          appender.appendBigInt(BigInt(row.line))
          for (let i = 0; i < source.columns.length; i++) {
            const v = row.values[i]
            if (v === null || v === undefined) appender.appendNull()
            else appender.appendVarchar(v)
          }
          appender.endRow()
        }
      }
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
    return this.finishStage(table, file, raw, '_line', new Set(source.columns), columns)
  }

  private async finishStage(
    table: ChainTable,
    file: string,
    raw: string,
    lineExpr: string,
    present: ReadonlySet<string>,
    columns: readonly ImportColumn[],
  ): Promise<number> {
    try {
      await this.validate(table, file, raw, lineExpr, present, columns)
      await this.ensureTable(`imp_${table}`, TABLES[table])
      const byName = new Map(columns.map((c) => [c.name, c]))
      const exprs = TABLES[table].map((spec) => convertExpr(spec, present.has(spec.name), byName.get(spec.name)))
      const r = await this.c.run(`INSERT INTO imp_${table} SELECT ${exprs.join(', ')} FROM ${raw}`)
      this.staged.set(table, (this.staged.get(table) ?? 0) + 1)
      this.blocksReady = false
      return Number(r.rowsChanged)
    } finally {
      await this.c.run(`DROP TABLE IF EXISTS ${raw}`)
    }
  }

  /** Finds the first offending cell in file order and throws with its line, column and value. */
  private async validate(
    table: ChainTable,
    file: string,
    raw: string,
    lineExpr: string,
    present: ReadonlySet<string>,
    columns: readonly ImportColumn[],
  ): Promise<void> {
    const missing = columns.find((c) => c.required && !present.has(c.name))
    if (missing) {
      throw new DragnetError('ETL_MALFORMED', `${file}: ${table} file has no column ${missing.name}`, {
        details: { file, line: 1, column: missing.name, value: null },
      })
    }
    const checked = columns.filter((c) => present.has(c.name) && (c.required || c.pattern !== null))
    if (checked.length === 0) return
    const checks = checked.map((c) => cellCheck(c))
    const which = checked.map((_c, i) => `WHEN NOT ${checks[i]} THEN ${i}`).join(' ')
    const r = await this.c.runAndReadAll(
      `SELECT ${lineExpr} AS _l, CASE ${which} END AS _c FROM ${raw} WHERE NOT (${checks.join(' AND ')})
       ORDER BY _l LIMIT 1`,
    )
    const bad = r.getRows()[0]
    if (!bad) return
    const line = Number(bad[0])
    const col = checked[Number(bad[1])] as ImportColumn
    const v = await this.c.runAndReadAll(`SELECT "${col.name}" FROM ${raw} WHERE ${lineExpr} = ${line}`)
    const value = (v.getRows()[0]?.[0] as string | null | undefined) ?? null
    const what = value === null || value === '' ? 'is missing' : `is not valid: ${preview(value)}`
    throw new DragnetError(col.code, `${file} line ${line}: ${col.name} ${what}`, {
      details: { file, line, column: col.name, value },
    })
  }

  private async ensureTable(name: string, specs: readonly ColumnSpec[]): Promise<void> {
    const cols = specs.map((s) => `${s.name} ${DUCKDB_TYPES[s.type]}`).join(', ')
    await this.c.run(`CREATE TEMP TABLE IF NOT EXISTS ${name} (${cols})`)
  }

  private async ensureBlocks(): Promise<void> {
    if (this.blocksReady) return
    const parts = [...this.staged.keys()].map((t) => `SELECT ${BLOCK_COLUMN[t]} AS n FROM imp_${t}`)
    const body = parts.length > 0 ? parts.join(' UNION ') : 'SELECT NULL::BIGINT AS n WHERE false'
    await this.c.run(`CREATE OR REPLACE TEMP TABLE ${BLOCKS} AS SELECT DISTINCT n FROM (${body}) WHERE n IS NOT NULL`)
    this.blocksReady = true
  }

  async blockNumbers(): Promise<bigint[]> {
    await this.ensureBlocks()
    const r = await this.c.runAndReadAll(`SELECT n FROM ${BLOCKS} ORDER BY n`)
    return r.getRows().map((row) => row[0] as bigint)
  }

  async *readStagedBlocks(columns: Partial<Record<ChainTable, readonly string[]>>): AsyncIterable<StagedBlock[]> {
    await this.ensureBlocks()
    const tables = Object.keys(columns) as ChainTable[]
    const width = Math.max(...tables.map((t) => columns[t]?.length ?? 0))
    const selects = tables.map((t, i) => {
      const names = columns[t] ?? []
      const cells = Array.from({ length: width }, (_, k) =>
        k < names.length ? `CAST(${names[k]} AS VARCHAR)` : 'NULL::VARCHAR',
      ).join(', ')
      const col = BLOCK_COLUMN[t]
      const stored = `SELECT ${i} AS _t, ${col} AS _b, ${cells} FROM ${t} WHERE chain = $1 AND ${col} IN (SELECT n FROM ${BLOCKS})`
      if (!this.staged.has(t)) return stored
      return `SELECT ${i} AS _t, ${col} AS _b, ${cells} FROM imp_${t}
        UNION ALL ${stored} AND ${col} NOT IN (SELECT DISTINCT ${col} FROM imp_${t})`
    })
    const result = await this.c.stream(`${selects.join(' UNION ALL ')} ORDER BY _b, _t`, [this.chain])
    const types = tables.map((t) => (columns[t] ?? []).map((n) => TABLES[t].find((s) => s.name === n)?.type))
    let batch: StagedBlock[] = []
    let rows = 0
    let current: StagedBlock | undefined
    for await (const chunk of result) {
      for (const values of chunk.getRows()) {
        const ti = Number(values[0])
        const number = values[1] as bigint
        if (current?.number !== number) {
          if (rows >= 20_000) {
            yield batch
            batch = []
            rows = 0
          }
          current = { number, tables: {} }
          batch.push(current)
        }
        const table = tables[ti] as ChainTable
        const names = columns[table] ?? []
        const row: Row = {}
        for (let k = 0; k < names.length; k++) {
          const v = values[k + 2] as string | null
          row[names[k] as string] = v !== null && types[ti]?.[k] === 'bigint' ? BigInt(v) : v
        }
        let list = current.tables[table]
        if (!list) {
          list = []
          current.tables[table] = list
        }
        list.push(row)
        rows++
      }
    }
    if (batch.length > 0) yield batch
  }

  async stageDerived(table: ChainTable, rows: readonly Row[]): Promise<void> {
    await this.ensureTable(`imp_${table}`, TABLES[table])
    this.derived.add(table)
    if (rows.length === 0) return
    const appender = await this.c.createAppender(`imp_${table}`, 'main', 'temp')
    try {
      for (const row of rows) appendRow(appender, TABLES[table], row, table)
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
  }

  async commit(): Promise<Partial<Record<ChainTable, number>>> {
    await this.ensureBlocks()
    const counts: Partial<Record<ChainTable, number>> = {}
    const params: DuckDBValue[] = [this.chain]
    await this.c.run('BEGIN TRANSACTION')
    try {
      for (const [table, files] of this.staged) {
        const col = BLOCK_COLUMN[table]
        await this.c.run(
          `DELETE FROM ${table} WHERE chain = $1 AND ${col} IN (SELECT DISTINCT ${col} FROM imp_${table})`,
          params,
        )
        // The same rows given twice in one import (a file named twice) are stored once.
        const select = `SELECT ${files > 1 ? 'DISTINCT ' : ''}$1, * FROM imp_${table}`
        counts[table] = Number((await this.c.run(`INSERT INTO ${table} ${select}`, params)).rowsChanged)
      }
      for (const table of this.derived) {
        if (this.staged.has(table)) continue
        const col = BLOCK_COLUMN[table]
        await this.c.run(`DELETE FROM ${table} WHERE chain = $1 AND ${col} IN (SELECT n FROM ${BLOCKS})`, params)
        counts[table] = Number(
          (await this.c.run(`INSERT INTO ${table} SELECT $1, * FROM imp_${table}`, params)).rowsChanged,
        )
      }
      await this.c.run('COMMIT')
    } catch (error) {
      await this.c.run('ROLLBACK')
      throw error instanceof DragnetError
        ? error
        : new DragnetError('STORE_ERROR', `import failed: ${(error as Error).message}`, { cause: error })
    } finally {
      await this.abort()
    }
    return counts
  }

  async abort(): Promise<void> {
    for (const table of new Set([...this.staged.keys(), ...this.derived])) {
      await this.c.run(`DROP TABLE IF EXISTS imp_${table}`)
    }
    await this.c.run(`DROP TABLE IF EXISTS ${BLOCKS}`)
    this.staged.clear()
    this.derived.clear()
    this.blocksReady = false
  }
}

function cellCheck(c: ImportColumn): string {
  const col = `"${c.name}"`
  const present = `(${col} IS NOT NULL AND ${col} <> '')`
  const match = c.pattern === null ? 'true' : `regexp_full_match(${col}, ${sqlString(c.pattern)})`
  return c.required ? `(${present} AND ${match})` : `(NOT ${present} OR ${match})`
}

/** The SQL that turns a validated text cell into the store's type; absent columns become NULL. */
function convertExpr(spec: ColumnSpec, present: boolean, column: ImportColumn | undefined): string {
  if (!present) return `NULL::${DUCKDB_TYPES[spec.type]}`
  let v = `NULLIF("${spec.name}", '')`
  if (column?.lowercase) v = `lower(${v})`
  switch (spec.type) {
    case 'bigint':
      return `CAST(${v} AS BIGINT)`
    case 'int':
      return `CAST(${v} AS INTEGER)`
    case 'bool':
      return `CAST(${v} AS BOOLEAN)`
    case 'uint256':
      // Canonical decimal text: no leading zeros, so equal amounts compare equal as text.
      return `CASE WHEN ${v} IS NULL THEN NULL ELSE coalesce(NULLIF(ltrim(${v}, '0'), ''), '0') END`
    default:
      return v
  }
}

/** Maps DuckDB's CSV reader errors to ETL codes with the file's line. */
function csvError(file: string, cause: unknown): DragnetError {
  const message = cause instanceof Error ? cause.message : String(cause)
  const lineMatch = /CSV Error on Line: (\d+)/.exec(message)
  const line = lineMatch ? Number(lineMatch[1]) : null
  const original = /Original Line: ?\n(.*)\n/.exec(message)?.[1] ?? null
  if (/unterminated quote/i.test(message)) {
    return new DragnetError('ETL_TRUNCATED', `${file} line ${line}: a quoted value never ends (file cut short?)`, {
      details: { file, line, column: null, value: original === null ? null : preview(original) },
      cause,
    })
  }
  const reason = /\n\n?(Expected Number of Columns: \d+ Found: \d+|[^\n]*)\n/.exec(message)?.[1] ?? message
  return new DragnetError('ETL_MALFORMED', `${file} line ${line ?? '?'}: ${reason.trim()}`, {
    details: { file, line, column: null, value: original === null ? null : preview(original), reason: reason.trim() },
    cause,
  })
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`
}

function preview(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s
}
