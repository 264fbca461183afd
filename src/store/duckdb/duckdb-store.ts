import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue, listValue } from '@duckdb/node-api'
import { DragnetError } from '../../core/errors.ts'
import type { BtcStore } from '../btc-store.ts'
import type { TraceIndex, TraceStore } from '../edges/trace-index.ts'
import type { ImportSession } from '../import-session.ts'
import { applyMigrations } from '../migrations.ts'
import { ORDER_BY } from '../order.ts'
import { BLOCK_COLUMN, type ChainTable, TABLES } from '../schema.ts'
import type { ChainBatch, Checkpoint, ReadOptions, Row, Store, TokenMeta } from '../store.ts'
import { AddressIdCache } from './address-id-cache.ts'
import { DuckDbBtcStore } from './duckdb-btc-store.ts'
import { type DuckDbOptions, duckDbSettings } from './duckdb-config.ts'
import { DuckDbImportSession } from './duckdb-import.ts'
import { DuckDbTraceIndex, rollbackTraceIndex, updateTraceIndex } from './duckdb-trace-index.ts'
import { duckDbTransaction } from './duckdb-transaction.ts'
import { appendRow, DUCKDB_TYPES } from './duckdb-values.ts'

/**
 * Opens (creating if needed) a DuckDB store file and brings its schema to the latest version; DuckDB's memory
 * limit and temp directory come from `options` (see duckdb-config.ts).
 */
export async function openDuckDbStore(path: string, options: DuckDbOptions = {}): Promise<DuckDbStore> {
  const settings = duckDbSettings(path, options)
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  let instance: DuckDBInstance
  try {
    instance = await DuckDBInstance.create(path, settings)
  } catch (cause) {
    throw new DragnetError('STORE_ERROR', `cannot open DuckDB store at ${path}: ${(cause as Error).message}`, {
      details: { path },
      cause,
    })
  }
  const connection = await instance.connect()
  const store = new DuckDbStore(instance, connection, path)
  try {
    await store.migrate()
  } catch (error) {
    // A refused or failed migration must not keep the file open (and locked) in this process.
    await store.close()
    throw error
  }
  return store
}

/** The embedded default store: one DuckDB file, written through staged appends and one transaction per batch. */
export class DuckDbStore implements Store, TraceStore {
  readonly kind = 'duckdb' as const
  readonly traceIndex: TraceIndex
  /** Bitcoin-like UTXO chains, on the same connection (docs/decisions/0024-bitcoin-utxo-store.md). */
  readonly btc: BtcStore
  readonly path: string
  private readonly instance: DuckDBInstance
  readonly connection: DuckDBConnection
  private closed = false
  /** Address ids kept in memory while this store keeps appending to a chain's trace index. */
  private readonly addressIds = new AddressIdCache()

  constructor(instance: DuckDBInstance, connection: DuckDBConnection, path: string) {
    this.instance = instance
    this.connection = connection
    this.path = path
    this.traceIndex = new DuckDbTraceIndex(connection)
    this.btc = new DuckDbBtcStore(connection)
  }

  async migrate(): Promise<void> {
    const run = async (sql: string, params?: unknown[]) =>
      void (await this.connection.run(sql, params as DuckDBValue[] | undefined))
    await applyMigrations({
      types: DUCKDB_TYPES,
      where: { path: this.path },
      run,
      schemaVersion: () => this.schemaVersion(),
      // DuckDB's one connection: statements inside the transaction go through the same runner.
      transaction: (fn) => this.transaction(() => fn(run)),
    })
  }

  async schemaVersion(): Promise<number> {
    const r = await this.connection.runAndReadAll('SELECT coalesce(max(version), 0) AS v FROM schema_migrations')
    return Number(r.getRows()[0]?.[0] ?? 0)
  }

  private async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return await duckDbTransaction(this.connection, fn)
  }

  async writeBatch(batch: ChainBatch): Promise<void> {
    const staged: ChainTable[] = []
    for (const [table, rows] of Object.entries(batch.tables) as [ChainTable, Row[]][]) {
      if (rows.length === 0) continue
      await this.stage(table, batch.chain, rows)
      staged.push(table)
    }
    await this.transaction(async () => {
      const clear = new Set<ChainTable>([...batch.replace, ...staged])
      for (const table of clear) {
        const col = BLOCK_COLUMN[table]
        if (batch.blockNumbers) {
          if (batch.blockNumbers.length === 0) continue
          await this.connection.run(
            `DELETE FROM ${table} WHERE chain = $1 AND ${col} IN (SELECT unnest($2::BIGINT[]))`,
            [batch.chain, listOf(batch.blockNumbers)],
          )
        } else {
          await this.connection.run(`DELETE FROM ${table} WHERE chain = $1 AND ${col} BETWEEN $2 AND $3`, [
            batch.chain,
            batch.fromBlock,
            batch.toBlock,
          ])
        }
      }
      for (const table of staged) await this.connection.run(`INSERT INTO ${table} SELECT * FROM stage_${table}`)
      if (clear.has('transfers')) {
        await this.transfersChanged(batch.chain, lowestBlock(batch), batch.tables.transfers ?? [])
      }
      if (batch.checkpoint) await this.putCheckpoint(batch.checkpoint)
    })
  }

  /** Appends rows to a temporary staging table outside the transaction: the main tables change only at commit. */
  private async stage(table: ChainTable, chain: string, rows: Row[]): Promise<void> {
    const columns = TABLES[table]
    const cols = columns.map((c) => `${c.name} ${DUCKDB_TYPES[c.type]}`).join(', ')
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE stage_${table} (chain VARCHAR, ${cols})`)
    const appender = await this.connection.createAppender(`stage_${table}`, 'main', 'temp')
    try {
      for (const row of rows) {
        appender.appendVarchar(chain)
        appendRow(appender, columns, row, table)
      }
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
  }

  private async putCheckpoint(cp: Checkpoint): Promise<void> {
    await this.connection.run(
      `INSERT INTO checkpoints VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (chain, job) DO UPDATE SET block = excluded.block, block_hash = excluded.block_hash,
       updated_at = excluded.updated_at`,
      [cp.chain, cp.job, cp.block, cp.blockHash, new Date().toISOString()],
    )
  }

  async rollbackFrom(chain: string, block: bigint, job: string): Promise<void> {
    await this.transaction(async () => {
      for (const table of Object.keys(TABLES) as ChainTable[]) {
        await this.connection.run(`DELETE FROM ${table} WHERE chain = $1 AND ${BLOCK_COLUMN[table]} >= $2`, [
          chain,
          block,
        ])
      }
      await rollbackTraceIndex(this.connection, chain, block)
      const prev = await this.connection.runAndReadAll(
        'SELECT number, hash FROM blocks WHERE chain = $1 AND number < $2 ORDER BY number DESC LIMIT 1',
        [chain, block],
      )
      const row = prev.getRows()[0]
      if (row) {
        await this.putCheckpoint({ chain, job, block: row[0] as bigint, blockHash: row[1] as string })
      } else {
        await this.connection.run('DELETE FROM checkpoints WHERE chain = $1 AND job = $2', [chain, job])
      }
    })
  }

  async blockHashes(chain: string, fromBlock: bigint, toBlock: bigint): Promise<Map<bigint, string>> {
    const r = await this.connection.runAndReadAll(
      'SELECT number, hash FROM blocks WHERE chain = $1 AND number BETWEEN $2 AND $3',
      [chain, fromBlock, toBlock],
    )
    return new Map(r.getRows().map((row) => [row[0] as bigint, row[1] as string]))
  }

  async getCheckpoint(chain: string, job: string): Promise<Checkpoint | undefined> {
    const r = await this.connection.runAndReadAll(
      'SELECT block, block_hash FROM checkpoints WHERE chain = $1 AND job = $2',
      [chain, job],
    )
    const row = r.getRows()[0]
    if (!row) return undefined
    return { chain, job, block: row[0] as bigint, blockHash: (row[1] as string | null) ?? null }
  }

  async count(table: ChainTable, chain?: string): Promise<number> {
    const r = chain
      ? await this.connection.runAndReadAll(`SELECT count(*) FROM ${table} WHERE chain = $1`, [chain])
      : await this.connection.runAndReadAll(`SELECT count(*) FROM ${table}`)
    return Number(r.getRows()[0]?.[0] ?? 0)
  }

  async chainsWithData(): Promise<string[]> {
    const sql = (Object.keys(TABLES) as ChainTable[]).map((t) => `SELECT DISTINCT chain FROM ${t}`).join(' UNION ')
    const r = await this.connection.runAndReadAll(`SELECT chain FROM (${sql}) ORDER BY chain`)
    return r.getRows().map((row) => row[0] as string)
  }

  async *read(table: ChainTable, options: ReadOptions = {}): AsyncIterable<Row[]> {
    const { sql, params } = selectSql(table, options)
    const result = await this.connection.stream(sql, params)
    const names = result.columnNames()
    const batchSize = options.batchSize ?? 2048
    let buffer: Row[] = []
    for await (const chunk of result) {
      for (const values of chunk.getRows()) {
        const row: Row = {}
        for (let i = 0; i < names.length; i++) row[names[i] as string] = toCell(values[i])
        buffer.push(row)
      }
      if (buffer.length >= batchSize) {
        yield buffer
        buffer = []
      }
    }
    if (buffer.length > 0) yield buffer
  }

  async exportParquet(table: ChainTable, path: string, options: ReadOptions = {}): Promise<number> {
    const { sql, params } = selectSql(table, options)
    const escaped = path.replaceAll("'", "''")
    const r = await this.connection.run(`COPY (${sql}) TO '${escaped}' (FORMAT parquet)`, params)
    return Number(r.rowsChanged)
  }

  async getTokens(chain: string, addresses: readonly string[]): Promise<Map<string, TokenMeta>> {
    const out = new Map<string, TokenMeta>()
    if (addresses.length === 0) return out
    const r = await this.connection.runAndReadAll(
      'SELECT address, symbol, name, decimals, wrapped_native FROM tokens WHERE chain = $1 AND address IN (SELECT unnest($2::VARCHAR[]))',
      [chain, listOf(addresses)],
    )
    for (const [address, symbol, name, decimals, wrapped] of r.getRows()) {
      out.set(address as string, {
        chain,
        address: address as string,
        symbol: (symbol as string | null) ?? null,
        name: (name as string | null) ?? null,
        decimals: decimals === null ? null : Number(decimals),
        wrappedNative: wrapped === true,
      })
    }
    return out
  }

  async tokensNamed(chain: string, unit: string): Promise<TokenMeta[]> {
    const r = await this.connection.runAndReadAll(
      `SELECT address, symbol, name, decimals, wrapped_native FROM tokens
       WHERE chain = $1 AND (lower(symbol) = lower($2) OR address = lower($2)) ORDER BY address`,
      [chain, unit],
    )
    return r.getRows().map(([address, symbol, name, decimals, wrapped]) => ({
      chain,
      address: address as string,
      symbol: (symbol as string | null) ?? null,
      name: (name as string | null) ?? null,
      decimals: decimals === null ? null : Number(decimals),
      wrappedNative: wrapped === true,
    }))
  }

  async putTokens(tokens: readonly TokenMeta[]): Promise<void> {
    if (tokens.length === 0) return
    await this.transaction(async () => {
      for (const t of tokens) {
        await this.connection.run(
          `INSERT INTO tokens VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (chain, address) DO UPDATE SET
           symbol = excluded.symbol, name = excluded.name, decimals = excluded.decimals,
           wrapped_native = excluded.wrapped_native OR tokens.wrapped_native`,
          [t.chain, t.address, t.symbol, t.name, t.decimals, t.wrappedNative],
        )
      }
    })
  }

  async wrappedNative(chain: string): Promise<Set<string>> {
    const r = await this.connection.runAndReadAll('SELECT address FROM tokens WHERE chain = $1 AND wrapped_native', [
      chain,
    ])
    return new Set(r.getRows().map((row) => row[0] as string))
  }

  async beginImport(chain: string): Promise<ImportSession> {
    return new DuckDbImportSession(this.connection, chain, {
      transfersReplaced: (from) => updateTraceIndex(this.connection, chain, from, { cache: this.addressIds }),
    })
  }

  /**
   * Keeps the chain's trace index current after a write replaced its transfers of blocks >= from, in the
   * write's transaction (a chain with no index yet is built on its first trace).
   */
  private async transfersChanged(chain: string, from: bigint | undefined, rows: readonly Row[]): Promise<void> {
    if (from === undefined) return
    const options = { rows: rows.length, cache: this.addressIds, transfers: rows }
    await updateTraceIndex(this.connection, chain, from, options)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.connection.closeSync()
    this.instance.closeSync()
  }
}

function selectSql(table: ChainTable, options: ReadOptions): { sql: string; params: DuckDBValue[] } {
  const where: string[] = []
  const params: DuckDBValue[] = []
  if (options.chain !== undefined) {
    params.push(options.chain)
    where.push(`chain = $${params.length}`)
  }
  const col = BLOCK_COLUMN[table]
  if (options.fromBlock !== undefined) {
    params.push(options.fromBlock)
    where.push(`${col} >= $${params.length}`)
  }
  if (options.toBlock !== undefined) {
    params.push(options.toBlock)
    where.push(`${col} <= $${params.length}`)
  }
  const cols = TABLES[table].map((c) => c.name).join(', ')
  const sql = `SELECT ${cols} FROM ${table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${ORDER_BY[table]}`
  return { sql, params }
}

function toCell(value: DuckDBValue | undefined): Row[string] {
  if (value === undefined) return null
  if (value === null || typeof value === 'string' || typeof value === 'bigint' || typeof value === 'number') {
    return value
  }
  if (typeof value === 'boolean') return value
  return String(value)
}

function listOf(values: readonly (string | bigint)[]): DuckDBValue {
  return listValue([...values])
}

/** The lowest block a batch replaces or writes transfers in, or undefined when it names none. */
function lowestBlock(batch: ChainBatch): bigint | undefined {
  let low: bigint | undefined = batch.blockNumbers ? undefined : batch.fromBlock
  for (const n of batch.blockNumbers ?? []) if (low === undefined || n < low) low = n
  for (const row of batch.tables.transfers ?? []) {
    const n = row.block_number
    if (typeof n === 'bigint' && (low === undefined || n < low)) low = n
  }
  return low
}
