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
import { readCsvText } from './csv-text-source.ts'
import { keepTraceIndex } from './postgres-trace-index.ts'
import { cellValue, columnArrays, PG_TYPES } from './postgres-values.ts'
import type { SqlClient, SqlConnection } from './sql-client.ts'

const BLOCKS = 'imp__blocks'
const ROWS_PER_INSERT = 5000

/**
 * PostgreSQL import: each file lands as text in a temporary table on one held connection, is validated with
 * the columns' patterns in SQL, converted by a view, and reaches the stored tables only in `commit`.
 */
export class PostgresImportSession implements ImportSession {
  private conn: SqlConnection | undefined
  private seq = 0
  private readonly staged = new Map<ChainTable, string[]>()
  private readonly raws: string[] = []
  private readonly derived = new Set<ChainTable>()
  private blocksReady = false
  private lastReport: Partial<Record<ChainTable, TableChange>> = {}

  constructor(
    private readonly client: SqlClient,
    private readonly chain: string,
    private readonly rangeBlocks = 2000,
  ) {}

  private async c(): Promise<SqlConnection> {
    this.conn ??= await this.client.connect()
    return this.conn
  }

  async stageCsv(
    table: ChainTable,
    file: string,
    source: CsvSource,
    columns: readonly ImportColumn[],
  ): Promise<number> {
    return this.stageText(table, file, readCsvText(file, source), columns)
  }

  async stageText(
    table: ChainTable,
    file: string,
    source: TextSource,
    columns: readonly ImportColumn[],
  ): Promise<number> {
    const c = await this.c()
    const raw = `imp_raw_${++this.seq}`
    const names = source.columns.map((_n, i) => `c${i}`)
    await c.query(`CREATE TEMP TABLE ${raw} (_line BIGINT, ${names.map((n) => `${n} TEXT`).join(', ')})`)
    this.raws.push(raw)
    const arrays = `unnest($1::TEXT[], ${names.map((_n, i) => `$${i + 2}::TEXT[]`).join(', ')})`
    const insert = `INSERT INTO ${raw} SELECT u._l::BIGINT, ${names.map((n) => `u.${n}`).join(', ')}
      FROM ${arrays} AS u(_l, ${names.join(', ')})`
    for await (const batch of source.rows) {
      for (let at = 0; at < batch.length; at += ROWS_PER_INSERT) {
        const part = batch.slice(at, at + ROWS_PER_INSERT)
        const cols = names.map((_n, i) => part.map((r) => r.values[i] ?? null))
        await c.query(insert, [part.map((r) => String(r.line)), ...cols])
      }
    }
    const byName = new Map(source.columns.map((n, i) => [n, `c${i}`]))
    await this.validate(table, file, raw, byName, columns)
    const specs = new Map(columns.map((col) => [col.name, col]))
    const exprs = TABLES[table].map(
      (spec) => `${convertExpr(spec, byName.get(spec.name), specs.get(spec.name))} AS ${spec.name}`,
    )
    const selects = [...(this.staged.get(table) ?? []), `SELECT ${exprs.join(', ')} FROM ${raw}`]
    this.staged.set(table, selects)
    await c.query(`CREATE OR REPLACE TEMP VIEW imp_${table} AS ${selects.join(' UNION ALL ')}`)
    this.blocksReady = false
    const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${raw}`)
    return Number(r.rows[0]?.n ?? 0)
  }

  /** Finds the first offending cell in file order and throws with its line, column and value. */
  private async validate(
    table: ChainTable,
    file: string,
    raw: string,
    byName: ReadonlyMap<string, string>,
    columns: readonly ImportColumn[],
  ): Promise<void> {
    const missing = columns.find((col) => col.required && !byName.has(col.name))
    if (missing) {
      throw new DragnetError('ETL_MALFORMED', `${file}: ${table} file has no column ${missing.name}`, {
        details: { file, line: 1, column: missing.name, value: null },
      })
    }
    const checked = columns.filter((col) => byName.has(col.name) && (col.required || col.pattern !== null))
    if (checked.length === 0) return
    const checks = checked.map((col) => cellCheck(col, byName.get(col.name) as string))
    const which = checked.map((_col, i) => `WHEN NOT ${checks[i]} THEN ${i}`).join(' ')
    const r = await (await this.c()).query<{ l: string; c: number; v: string | null }>(
      `SELECT _line AS l, CASE ${which} END AS c, NULL::TEXT AS v FROM ${raw} WHERE NOT (${checks.join(' AND ')})
       ORDER BY _line LIMIT 1`,
    )
    const bad = r.rows[0]
    if (!bad) return
    const line = Number(bad.l)
    const col = checked[Number(bad.c)] as ImportColumn
    const v = await (await this.c()).query<{ v: string | null }>(
      `SELECT ${byName.get(col.name)} AS v FROM ${raw} WHERE _line = $1`,
      [line],
    )
    const value = v.rows[0]?.v ?? null
    const what = value === null || value === '' ? 'is missing' : `is not valid: ${value.slice(0, 120)}`
    throw new DragnetError(col.code, `${file} line ${line}: ${col.name} ${what}`, {
      details: { file, line, column: col.name, value },
    })
  }

  private async ensureBlocks(): Promise<void> {
    if (this.blocksReady) return
    const c = await this.c()
    const parts = [...this.staged.keys()].map((t) => `SELECT ${BLOCK_COLUMN[t]} AS n FROM imp_${t}`)
    const body = parts.length > 0 ? parts.join(' UNION ') : 'SELECT NULL::BIGINT AS n WHERE false'
    await c.query(`DROP TABLE IF EXISTS ${BLOCKS}`)
    await c.query(`CREATE TEMP TABLE ${BLOCKS} AS SELECT DISTINCT n FROM (${body}) b WHERE n IS NOT NULL`)
    for (const t of this.staged.keys()) {
      const select = wholeBlocksSelect(t, this.staged.has('blocks'))
      await c.query(`DROP TABLE IF EXISTS ${wholeTable(t)}`)
      await c.query(`CREATE TEMP TABLE ${wholeTable(t)} AS ${select}`, usesChain(select) ? [this.chain] : [])
    }
    this.blocksReady = true
  }

  async blockNumbers(): Promise<bigint[]> {
    await this.ensureBlocks()
    const r = await (await this.c()).query<{ n: string }>(`SELECT n FROM ${BLOCKS} ORDER BY n`)
    return r.rows.map((row) => BigInt(row.n))
  }

  async *readStagedBlocks(columns: Partial<Record<ChainTable, readonly string[]>>): AsyncIterable<StagedBlock[]> {
    const numbers = await this.blockNumbers()
    const tables = Object.keys(columns) as ChainTable[]
    for (let at = 0; at < numbers.length; at += this.rangeBlocks) {
      const lo = numbers[at] as bigint
      const hi = numbers[Math.min(at + this.rangeBlocks, numbers.length) - 1] as bigint
      const blocks = new Map<bigint, StagedBlock>()
      for (const n of numbers.slice(at, at + this.rangeBlocks)) blocks.set(n, { number: n, tables: {} })
      for (const t of tables) {
        const names = columns[t] ?? []
        for (const raw of await this.readRange(t, names, lo, hi)) {
          const block = blocks.get(BigInt(raw._b as string))
          if (!block) continue
          const row: Row = {}
          for (const n of names) row[n] = cellValue(TABLES[t].find((s) => s.name === n)?.type, raw[n])
          const list = block.tables[t] ?? []
          list.push(row)
          block.tables[t] = list
        }
      }
      yield [...blocks.values()].filter((b) => Object.keys(b.tables).length > 0)
    }
  }

  /** Staged rows of a staged table, stored rows of the rest, for the staged blocks in [lo, hi]. */
  private async readRange(t: ChainTable, names: readonly string[], lo: bigint, hi: bigint) {
    const col = BLOCK_COLUMN[t]
    const cols = [`${col} AS _b`, ...names.map((n) => (n === col ? `${n} AS ${n}` : n))].join(', ')
    const inRange = `${col} BETWEEN $2::BIGINT AND $3::BIGINT AND ${col} IN (SELECT n FROM ${BLOCKS})`
    let sql = `SELECT ${cols} FROM ${t} WHERE chain = $1 AND ${inRange}`
    if (this.staged.has(t)) {
      sql = `SELECT ${cols} FROM imp_${t} WHERE ${inRange}
        UNION ALL ${survivingStoredSql(t, cols, BLOCKS)} AND ${col} BETWEEN $2::BIGINT AND $3::BIGINT`
    }
    // Block order only, as the DuckDB session gives it: derivation sorts within a block itself.
    const r = await (await this.c()).query<Record<string, unknown>>(`SELECT * FROM (${sql}) s ORDER BY _b`, [
      this.chain,
      lo,
      hi,
    ])
    return r.rows
  }

  async stageDerived(table: ChainTable, rows: readonly Row[]): Promise<void> {
    const c = await this.c()
    const specs = TABLES[table]
    await c.query(
      `CREATE TEMP TABLE IF NOT EXISTS imp_derived_${table} (chain TEXT, ${specs.map((s) => `${s.name} ${PG_TYPES[s.type]}`).join(', ')})`,
    )
    this.derived.add(table)
    for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
      const part = rows.slice(at, at + ROWS_PER_INSERT)
      const names = specs.map((s) => s.name)
      const sql = `INSERT INTO imp_derived_${table} SELECT $1, ${specs.map((s) => `u.${s.name}::${PG_TYPES[s.type]}`).join(', ')}
        FROM unnest(${specs.map((_s, i) => `$${i + 2}::TEXT[]`).join(', ')}) AS u(${names.join(', ')})`
      await c.query(sql, [this.chain, ...columnArrays(table, specs, part)])
    }
  }

  async commit(): Promise<Partial<Record<ChainTable, number>>> {
    await this.ensureBlocks()
    const c = await this.c()
    const counts: Partial<Record<ChainTable, number>> = {}
    const report: Partial<Record<ChainTable, TableChange>> = {}
    const blockCount = (await this.blockNumbers()).length
    await c.query('BEGIN')
    try {
      for (const [table, selects] of this.staged) {
        const change = await this.changeOf(c, table)
        await c.query(deleteReplacedSql(table), [this.chain])
        const names = TABLES[table].map((s) => s.name).join(', ')
        const select = `SELECT ${selects.length > 1 ? 'DISTINCT ' : ''}$1::TEXT, ${names} FROM imp_${table}`
        change.stored = (await c.query(`INSERT INTO ${table} (chain, ${names}) ${select}`, [this.chain])).rowCount
        counts[table] = change.stored
        report[table] = change
      }
      for (const table of this.derived) {
        if (this.staged.has(table)) continue
        const col = BLOCK_COLUMN[table]
        const gone = await c.query(`DELETE FROM ${table} WHERE chain = $1 AND ${col} IN (SELECT n FROM ${BLOCKS})`, [
          this.chain,
        ])
        counts[table] = (await c.query(`INSERT INTO ${table} SELECT * FROM imp_derived_${table}`)).rowCount
        report[table] = derivedChange(counts[table] ?? 0, gone.rowCount, blockCount)
      }
      if (this.staged.has('transfers') || this.derived.has('transfers')) await this.keepIndex(c)
      await c.query('COMMIT')
    } catch (error) {
      await c.query('ROLLBACK')
      throw error instanceof DragnetError
        ? error
        : new DragnetError('STORE_ERROR', `import failed: ${(error as Error).message}`, { cause: error })
    } finally {
      await this.abort()
    }
    this.lastReport = report
    return counts
  }

  /** Re-indexes the chain's trace index from the import's lowest block, inside the commit's transaction. */
  private async keepIndex(c: SqlConnection): Promise<void> {
    const r = await c.query<{ n: string | null }>(`SELECT min(n) AS n FROM ${BLOCKS}`)
    const from = r.rows[0]?.n
    if (from !== null && from !== undefined) await keepTraceIndex(c, this.chain, BigInt(from))
  }

  commitReport(): Partial<Record<ChainTable, TableChange>> {
    return this.lastReport
  }

  /** What committing `table` will do to its stored rows (inside commit's transaction, before the delete). */
  private async changeOf(c: SqlConnection, table: ChainTable): Promise<TableChange> {
    const n = (await c.query<{ replaced: string; removed: string; kept: string }>(changeCountsSql(table), [this.chain]))
      .rows[0]
    const kept = (await c.query<{ n: string }>(keptBlocksSql(table), [this.chain])).rows.map((r) => BigInt(r.n))
    const col = BLOCK_COLUMN[table]
    const blocks = (await c.query<{ k: string }>(`SELECT count(DISTINCT ${col}) AS k FROM imp_${table}`)).rows[0]
    return {
      stored: 0,
      replaced: Number(n?.replaced ?? 0),
      removed: Number(n?.removed ?? 0),
      kept: Number(n?.kept ?? 0),
      blocks: Number(blocks?.k ?? 0),
      keptBlocks: kept.length,
      keptBlockNumbers: kept.slice(0, BLOCKS_SHOWN),
    }
  }

  async abort(): Promise<void> {
    const c = this.conn
    if (!c) return
    for (const table of this.staged.keys()) {
      await c.query(`DROP VIEW IF EXISTS imp_${table}`)
      await c.query(`DROP TABLE IF EXISTS ${wholeTable(table)}`)
    }
    for (const table of this.derived) await c.query(`DROP TABLE IF EXISTS imp_derived_${table}`)
    for (const raw of this.raws) await c.query(`DROP TABLE IF EXISTS ${raw}`)
    await c.query(`DROP TABLE IF EXISTS ${BLOCKS}`)
    this.staged.clear()
    this.derived.clear()
    this.raws.length = 0
    this.blocksReady = false
    this.conn = undefined
    await c.release()
  }
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`
}

function cellCheck(c: ImportColumn, col: string): string {
  const present = `(${col} IS NOT NULL AND ${col} <> '')`
  const match = c.pattern === null ? 'true' : `(${col} ~ ${sqlString(`^(?:${c.pattern})$`)})`
  return c.required ? `(${present} AND ${match})` : `(NOT ${present} OR ${match})`
}

/** The SQL that turns a validated text cell into the store's type; absent columns become NULL. */
function convertExpr(spec: ColumnSpec, col: string | undefined, column: ImportColumn | undefined): string {
  if (col === undefined) return `NULL::${PG_TYPES[spec.type]}`
  let v = `NULLIF(${col}, '')`
  if (column?.lowercase) v = `lower(${v})`
  if (column?.jsonList) v = `CASE WHEN starts_with(${v}, '[') THEN ${v} ELSE '[' || ${v} || ']' END`
  return `CAST(${v} AS ${PG_TYPES[spec.type]})`
}
