import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api'
import { DragnetError } from '../../core/errors.ts'
import {
  BLOCKS_SHOWN,
  changeCountsSql,
  deleteReplacedSql,
  derivedChange,
  keptBlocksSql,
  survivingStoredSql,
  type TableChange,
  usesChain,
  wholeBlocksSelect,
  wholeTable,
} from '../import-merge.ts'
import type { CsvSource, ImportColumn, ImportSession, StagedBlock, TextSource } from '../import-session.ts'
import { BLOCK_COLUMN, type ChainTable, type ColumnSpec, TABLES } from '../schema.ts'
import type { Row } from '../store.ts'
import { appendRow, DUCKDB_TYPES } from './duckdb-values.ts'

const BLOCKS = 'imp__blocks'

/** What a store does inside an import's commit transaction. */
export interface ImportHooks {
  /** The import replaced the chain's transfers of these blocks, the lowest being `from`: keep derived data current. */
  transfersReplaced?: (from: bigint) => Promise<void>
}
const PACKED = 'imp__packed'

/**
 * DuckDB import: files land as text in temp tables (CSV through DuckDB's own parallel reader), are validated
 * and converted in SQL, and reach the stored tables only in `commit`'s one transaction.
 */
export class DuckDbImportSession implements ImportSession {
  private readonly c: DuckDBConnection
  private readonly chain: string
  private seq = 0
  /** Per table, the converting SELECT over each staged file's text table; `imp_<table>` is their union view. */
  private readonly staged = new Map<ChainTable, string[]>()
  private readonly raws: string[] = []
  private readonly derived = new Set<ChainTable>()
  private blocksReady = false
  private lastReport: Partial<Record<ChainTable, TableChange>> = {}

  /** Staged rows per derivation read; small only in tests, to exercise several ranges. */
  private readonly rangeRows: number

  private readonly hooks: ImportHooks

  constructor(connection: DuckDBConnection, chain: string, hooks: ImportHooks = {}, rangeRows = 50_000) {
    this.c = connection
    this.chain = chain
    this.hooks = hooks
    this.rangeRows = rangeRows
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
    } catch (error) {
      await this.c.run(`DROP TABLE IF EXISTS ${raw}`)
      throw error
    }
    this.raws.push(raw)
    // The text stays as loaded; a view converts it on read, which saves writing every row a second time.
    const byName = new Map(columns.map((c) => [c.name, c]))
    const exprs = TABLES[table].map(
      (spec) => `${convertExpr(spec, present.has(spec.name), byName.get(spec.name))} AS ${spec.name}`,
    )
    const selects = [...(this.staged.get(table) ?? []), `SELECT ${exprs.join(', ')} FROM ${raw}`]
    this.staged.set(table, selects)
    await this.c.run(`CREATE OR REPLACE TEMP VIEW imp_${table} AS ${selects.join(' UNION ALL ')}`)
    this.blocksReady = false
    const r = await this.c.runAndReadAll(`SELECT count(*) FROM ${raw}`)
    return Number(r.getRows()[0]?.[0] ?? 0)
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
    for (const t of this.staged.keys()) {
      const select = wholeBlocksSelect(t, this.staged.has('blocks'))
      await this.c.run(
        `CREATE OR REPLACE TEMP TABLE ${wholeTable(t)} AS ${select}`,
        usesChain(select) ? [this.chain] : [],
      )
    }
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
    const selects = tables.map((t, i) => {
      const cells = (columns[t] ?? []).map((n) => packCell(n, TABLES[t].find((s) => s.name === n)?.type)).join(', ')
      const col = BLOCK_COLUMN[t]
      const line = `${col} AS _b, ${i} AS _t, concat_ws(chr(31), ${i}, ${col}, ${cells}) AS _v`
      const stored = `SELECT ${line} FROM ${t} WHERE chain = $1 AND ${col} IN (SELECT n FROM ${BLOCKS})`
      if (!this.staged.has(t)) return stored
      return `SELECT ${line} FROM imp_${t} UNION ALL ${survivingStoredSql(t, line, BLOCKS)}`
    })
    // Packed once, in block order, so each range below reads only its own rows. A range comes back as one
    // string (rows split by U+001D, cells by U+001F, NULL as U+001E): DuckDB hands JavaScript one long
    // string far faster than many short typed values.
    await this.c.run(
      `CREATE OR REPLACE TEMP TABLE ${PACKED} AS SELECT * FROM (${selects.join(' UNION ALL ')}) ORDER BY _b, _t`,
      [this.chain],
    )
    const names = tables.map((t) => columns[t] ?? [])
    const bigints = tables.map((t, i) =>
      (names[i] ?? []).map((n) => TABLES[t].find((s) => s.name === n)?.type === 'bigint'),
    )
    try {
      // Each range is read whole before the caller stages what it derives: a query on this connection
      // would end a result still streaming.
      for (const [lo, hi] of await this.blockRanges(this.rangeRows)) {
        const result = await this.c.runAndReadAll(
          `SELECT string_agg(_v, chr(29) ORDER BY _b, _t) FROM ${PACKED} WHERE _b BETWEEN $1 AND $2`,
          [lo, hi],
        )
        const text = result.getRows()[0]?.[0] as string | null | undefined
        if (text) yield unpack(text, tables, names, bigints)
      }
    } finally {
      await this.c.run(`DROP TABLE IF EXISTS ${PACKED}`)
    }
  }

  /** Splits the packed blocks into ranges of about `rows` rows each, so each read stays small. */
  private async blockRanges(rows: number): Promise<[bigint, bigint][]> {
    const r = await this.c.runAndReadAll(`SELECT _b, count(*) FROM ${PACKED} GROUP BY _b ORDER BY _b`)
    const ranges: [bigint, bigint][] = []
    let start: bigint | undefined
    let last = 0n
    let acc = 0
    for (const [n, c] of r.getRows()) {
      if (start === undefined) start = n as bigint
      last = n as bigint
      acc += Number(c)
      if (acc >= rows) {
        ranges.push([start, last])
        start = undefined
        acc = 0
      }
    }
    if (start !== undefined) ranges.push([start, last])
    return ranges
  }

  async stageDerived(table: ChainTable, rows: readonly Row[]): Promise<void> {
    await this.ensureTable(`imp_derived_${table}`, TABLES[table])
    this.derived.add(table)
    if (rows.length === 0) return
    const appender = await this.c.createAppender(`imp_derived_${table}`, 'main', 'temp')
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
    const report: Partial<Record<ChainTable, TableChange>> = {}
    const params: DuckDBValue[] = [this.chain]
    await this.c.run('BEGIN TRANSACTION')
    try {
      for (const [table, selects] of this.staged) {
        const change = await this.changeOf(table)
        await this.c.run(deleteReplacedSql(table), params)
        // The same rows given twice in one import (a file named twice) are stored once.
        const names = TABLES[table].map((c) => c.name).join(', ')
        const select = `SELECT ${selects.length > 1 ? 'DISTINCT ' : ''}$1, ${names} FROM imp_${table}`
        change.stored = Number(
          (await this.c.run(`INSERT INTO ${table} (chain, ${names}) ${select}`, params)).rowsChanged,
        )
        counts[table] = change.stored
        report[table] = change
      }
      for (const table of this.derived) {
        if (this.staged.has(table)) continue
        const col = BLOCK_COLUMN[table]
        const gone = await this.c.run(
          `DELETE FROM ${table} WHERE chain = $1 AND ${col} IN (SELECT n FROM ${BLOCKS})`,
          params,
        )
        const insert = `INSERT INTO ${table} SELECT $1, * FROM imp_derived_${table}`
        counts[table] = Number((await this.c.run(insert, params)).rowsChanged)
        report[table] = derivedChange(counts[table] ?? 0, Number(gone.rowsChanged), (await this.blockNumbers()).length)
      }
      await this.afterWrite()
      await this.c.run('COMMIT')
    } catch (error) {
      await this.c.run('ROLLBACK')
      throw error instanceof DragnetError
        ? error
        : new DragnetError('STORE_ERROR', `import failed: ${(error as Error).message}`, { cause: error })
    } finally {
      await this.abort()
    }
    this.lastReport = report
    return counts
  }

  /** Runs the store's hook when this import replaced transfers, before its transaction commits. */
  private async afterWrite(): Promise<void> {
    if (!this.hooks.transfersReplaced || !(this.staged.has('transfers') || this.derived.has('transfers'))) return
    const low = (await this.c.runAndReadAll(`SELECT min(n) FROM ${BLOCKS}`)).getRows()[0]?.[0]
    if (low !== null && low !== undefined) await this.hooks.transfersReplaced(low as bigint)
  }

  commitReport(): Partial<Record<ChainTable, TableChange>> {
    return this.lastReport
  }

  /** What committing `table` will do to its stored rows (inside commit's transaction, before the delete). */
  private async changeOf(table: ChainTable): Promise<TableChange> {
    const params: DuckDBValue[] = [this.chain]
    const n = (await this.c.runAndReadAll(changeCountsSql(table), params)).getRows()[0] ?? []
    const kept = (await this.c.runAndReadAll(keptBlocksSql(table), params)).getRows().map((r) => r[0] as bigint)
    const col = BLOCK_COLUMN[table]
    const blocks = (await this.c.runAndReadAll(`SELECT count(DISTINCT ${col}) FROM imp_${table}`)).getRows()[0]
    return {
      stored: 0,
      replaced: Number(n[0] ?? 0),
      removed: Number(n[1] ?? 0),
      kept: Number(n[2] ?? 0),
      blocks: Number(blocks?.[0] ?? 0),
      keptBlocks: kept.length,
      keptBlockNumbers: kept.slice(0, BLOCKS_SHOWN),
    }
  }

  async abort(): Promise<void> {
    for (const table of this.staged.keys()) {
      await this.c.run(`DROP VIEW IF EXISTS imp_${table}`)
      await this.c.run(`DROP TABLE IF EXISTS ${wholeTable(table)}`)
    }
    for (const table of this.derived) await this.c.run(`DROP TABLE IF EXISTS imp_derived_${table}`)
    for (const raw of this.raws) await this.c.run(`DROP TABLE IF EXISTS ${raw}`)
    await this.c.run(`DROP TABLE IF EXISTS ${BLOCKS}`)
    await this.c.run(`DROP TABLE IF EXISTS ${PACKED}`)
    this.staged.clear()
    this.derived.clear()
    this.raws.length = 0
    this.blocksReady = false
  }
}

/** Rebuilds the rows of a packed range, grouped by block, with bigint columns as bigint. */
function unpack(
  text: string,
  tables: readonly ChainTable[],
  names: readonly (readonly string[])[],
  bigints: readonly boolean[][],
): StagedBlock[] {
  const batch: StagedBlock[] = []
  let current: StagedBlock | undefined
  for (const line of text.split('\x1d')) {
    const cells = line.split('\x1f')
    const ti = Number(cells[0])
    const number = BigInt(cells[1] as string)
    if (current?.number !== number) {
      current = { number, tables: {} }
      batch.push(current)
    }
    const table = tables[ti] as ChainTable
    const cols = names[ti] as readonly string[]
    const isBig = bigints[ti] as boolean[]
    const row: Row = {}
    for (let k = 0; k < cols.length; k++) {
      const v = cells[k + 2] as string
      row[cols[k] as string] = v === '\x1e' ? null : isBig[k] ? BigInt(v) : v
    }
    let list = current.tables[table]
    if (!list) {
      list = []
      current.tables[table] = list
    }
    list.push(row)
  }
  return batch
}

/** A cell as text for the packed read; free text loses the three separator characters it could collide with. */
function packCell(name: string, type: ColumnSpec['type'] | undefined): string {
  const text = type === 'text' || type === 'json' ? `translate(${name}, chr(29) || chr(30) || chr(31), '   ')` : name
  return `coalesce(CAST(${text} AS VARCHAR), chr(30))`
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
  if (column?.jsonList) v = `CASE WHEN starts_with(${v}, '[') THEN ${v} ELSE '[' || ${v} || ']' END`
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
