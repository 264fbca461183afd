import { DragnetError } from '../../core/errors.ts'
import type { BtcStore } from '../btc-store.ts'
import type { TraceIndex, TraceStore } from '../edges/trace-index.ts'
import type { ImportSession } from '../import-session.ts'
import { applyMigrations } from '../migrations.ts'
import { BLOCK_COLUMN, CHAIN_TABLES, type ChainTable, TABLES } from '../schema.ts'
import type { ChainBatch, Checkpoint, ReadOptions, Row, Store, TokenMeta } from '../store.ts'
import { PostgresBtcStore } from './postgres-btc-store.ts'
import { PostgresImportSession } from './postgres-import.ts'
import { keepTraceIndex, PostgresTraceIndex } from './postgres-trace-index.ts'
import { columnArrays, insertSql, PG_ORDER_BY, PG_TYPES, rowFromPg } from './postgres-values.ts'
import type { SqlClient, SqlParam, SqlQuery } from './sql-client.ts'
import { CREATE_TRACE_INDEXES } from './trace-index-sql.ts'

/**
 * Indexes the PostgreSQL store adds beside the shared migrations: lookups by address, the column a Citus
 * cluster distributes the transfer tables by (docs/decisions/0010-postgres-store.md).
 */
const PG_INDEXES = [
  'CREATE INDEX IF NOT EXISTS transfers_chain_from ON transfers (chain, from_address)',
  'CREATE INDEX IF NOT EXISTS transfers_chain_to ON transfers (chain, to_address)',
  'CREATE INDEX IF NOT EXISTS transactions_chain_block ON transactions (chain, block_number)',
  'CREATE INDEX IF NOT EXISTS token_transfers_chain_block ON token_transfers (chain, block_number)',
  'CREATE INDEX IF NOT EXISTS traces_chain_block ON traces (chain, block_number)',
]

/** Opens the chain store in a PostgreSQL (or PGlite) database and brings its schema to the latest version. */
export async function openPostgresStore(
  client: SqlClient,
  options: { closeClient?: boolean } = {},
): Promise<PostgresStore> {
  const store = new PostgresStore(client, options.closeClient ?? true)
  await store.migrate()
  return store
}

/**
 * The Store on PostgreSQL: the same tables and semantics as DuckDB's, one transaction per batch. Each write
 * that changes a chain's transfers keeps the chain's trace index current in its own transaction.
 */
export class PostgresStore implements Store, TraceStore {
  readonly kind = 'postgres' as const
  readonly traceIndex: TraceIndex
  /** Bitcoin-like UTXO chains, on the same client (docs/decisions/0024-bitcoin-utxo-store.md). */
  readonly btc: BtcStore
  private closed = false

  constructor(
    readonly client: SqlClient,
    private readonly closeClient: boolean,
  ) {
    this.traceIndex = new PostgresTraceIndex(client)
    this.btc = new PostgresBtcStore(client)
  }

  async migrate(): Promise<void> {
    const c = this.client
    await applyMigrations({
      types: PG_TYPES,
      where: { schema: c.schema },
      run: async (sql, params) => void (await c.query(sql, params as SqlParam[] | undefined)),
      schemaVersion: () => this.schemaVersion(),
      transaction: (fn) =>
        this.transaction((tx) =>
          fn(async (sql, params) => void (await tx.query(sql, params as SqlParam[] | undefined))),
        ),
    })
    for (const sql of [...PG_INDEXES, ...CREATE_TRACE_INDEXES]) await c.query(sql)
  }

  async schemaVersion(): Promise<number> {
    const r = await this.client.query<{ v: string | number }>(
      'SELECT coalesce(max(version), 0) AS v FROM schema_migrations',
    )
    return Number(r.rows[0]?.v ?? 0)
  }

  private async transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T> {
    try {
      return await this.client.transaction(fn)
    } catch (error) {
      throw error instanceof DragnetError
        ? error
        : new DragnetError('STORE_ERROR', `store write failed: ${(error as Error).message}`, { cause: error })
    }
  }

  async writeBatch(batch: ChainBatch): Promise<void> {
    // Cells are checked and converted before the transaction starts, so a bad row fails without a round trip.
    const inserts: { table: ChainTable; arrays: (string | null)[][] }[] = []
    for (const [table, rows] of Object.entries(batch.tables) as [ChainTable, Row[]][]) {
      if (rows.length === 0) continue
      inserts.push({ table, arrays: columnArrays(table, TABLES[table], rows) })
    }
    await this.transaction(async (tx) => {
      const clear = new Set<ChainTable>([...batch.replace, ...inserts.map((i) => i.table)])
      for (const table of clear) {
        const col = BLOCK_COLUMN[table]
        if (batch.blockNumbers) {
          if (batch.blockNumbers.length === 0) continue
          await tx.query(`DELETE FROM ${table} WHERE chain = $1 AND ${col} = ANY($2::BIGINT[])`, [
            batch.chain,
            batch.blockNumbers.map(String),
          ])
        } else {
          await tx.query(`DELETE FROM ${table} WHERE chain = $1 AND ${col} BETWEEN $2 AND $3`, [
            batch.chain,
            batch.fromBlock,
            batch.toBlock,
          ])
        }
      }
      for (const { table, arrays } of inserts) {
        await tx.query(insertSql(table, TABLES[table], 2), [batch.chain, ...arrays])
      }
      const from = batch.blockNumbers ? minBlock(batch.blockNumbers) : batch.fromBlock
      if (clear.has('transfers') && from !== undefined) await keepTraceIndex(tx, batch.chain, from)
      if (batch.checkpoint) await putCheckpoint(tx, batch.checkpoint)
    })
  }

  async rollbackFrom(chain: string, block: bigint, job: string): Promise<void> {
    await this.transaction(async (tx) => {
      for (const table of CHAIN_TABLES) {
        await tx.query(`DELETE FROM ${table} WHERE chain = $1 AND ${BLOCK_COLUMN[table]} >= $2`, [chain, block])
      }
      await keepTraceIndex(tx, chain, block)
      const prev = await tx.query<{ number: string; hash: string | null }>(
        'SELECT number, hash FROM blocks WHERE chain = $1 AND number < $2 ORDER BY number DESC LIMIT 1',
        [chain, block],
      )
      const row = prev.rows[0]
      if (row) await putCheckpoint(tx, { chain, job, block: BigInt(row.number), blockHash: row.hash })
      else await tx.query('DELETE FROM checkpoints WHERE chain = $1 AND job = $2', [chain, job])
    })
  }

  async blockHashes(chain: string, fromBlock: bigint, toBlock: bigint): Promise<Map<bigint, string>> {
    const r = await this.client.query<{ number: string; hash: string }>(
      'SELECT number, hash FROM blocks WHERE chain = $1 AND number BETWEEN $2 AND $3',
      [chain, fromBlock, toBlock],
    )
    return new Map(r.rows.map((row) => [BigInt(row.number), row.hash]))
  }

  async getCheckpoint(chain: string, job: string): Promise<Checkpoint | undefined> {
    const r = await this.client.query<{ block: string; block_hash: string | null }>(
      'SELECT block, block_hash FROM checkpoints WHERE chain = $1 AND job = $2',
      [chain, job],
    )
    const row = r.rows[0]
    if (!row) return undefined
    return { chain, job, block: BigInt(row.block), blockHash: row.block_hash ?? null }
  }

  async chainsWithData(): Promise<string[]> {
    const sql = CHAIN_TABLES.map((t) => `SELECT DISTINCT chain FROM ${t}`).join(' UNION ')
    const r = await this.client.query<{ chain: string }>(`SELECT chain FROM (${sql}) c ORDER BY chain COLLATE "C"`)
    return r.rows.map((row) => row.chain)
  }

  async count(table: ChainTable, chain?: string): Promise<number> {
    const r = chain
      ? await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE chain = $1`, [chain])
      : await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)
    return Number(r.rows[0]?.n ?? 0)
  }

  async *read(table: ChainTable, options: ReadOptions = {}): AsyncIterable<Row[]> {
    const { sql, params } = selectSql(table, options)
    const batchSize = options.batchSize ?? 2048
    // A cursor WITH HOLD outlives its implicit transaction: rows stream in batches and no transaction stays
    // open while the caller works on a batch (and writes, on PGlite's single session).
    const cursor = `read_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
    const conn = await this.client.connect()
    try {
      await conn.query(`DECLARE ${cursor} NO SCROLL CURSOR WITH HOLD FOR ${sql}`, params)
      for (;;) {
        const r = await conn.query<Record<string, unknown>>(`FETCH ${batchSize} FROM ${cursor}`)
        if (r.rows.length === 0) break
        yield r.rows.map((raw) => rowFromPg(table, raw))
        if (r.rows.length < batchSize) break
      }
    } finally {
      await conn.query(`CLOSE ${cursor}`).catch(() => {})
      await conn.release()
    }
  }

  async exportParquet(table: ChainTable, _path: string): Promise<number> {
    throw new DragnetError('STORE_ERROR', `PostgreSQL has no Parquet writer: export ${table} from a DuckDB store`, {
      details: { table, store: 'postgres' },
    })
  }

  async getTokens(chain: string, addresses: readonly string[]): Promise<Map<string, TokenMeta>> {
    const out = new Map<string, TokenMeta>()
    if (addresses.length === 0) return out
    const r = await this.client.query<{
      address: string
      symbol: string | null
      name: string | null
      decimals: number | null
      wrapped_native: boolean
    }>(
      'SELECT address, symbol, name, decimals, wrapped_native FROM tokens WHERE chain = $1 AND address = ANY($2::TEXT[])',
      [chain, [...addresses]],
    )
    for (const t of r.rows) {
      out.set(t.address, {
        chain,
        address: t.address,
        symbol: t.symbol ?? null,
        name: t.name ?? null,
        decimals: t.decimals === null ? null : Number(t.decimals),
        wrappedNative: t.wrapped_native === true,
      })
    }
    return out
  }

  async tokensNamed(chain: string, unit: string): Promise<TokenMeta[]> {
    const r = await this.client.query<{
      address: string
      symbol: string | null
      name: string | null
      decimals: number | null
      wrapped_native: boolean
    }>(
      `SELECT address, symbol, name, decimals, wrapped_native FROM tokens
       WHERE chain = $1 AND (lower(symbol) = lower($2) OR address = lower($2)) ORDER BY address COLLATE "C"`,
      [chain, unit],
    )
    return r.rows.map((t) => ({
      chain,
      address: t.address,
      symbol: t.symbol ?? null,
      name: t.name ?? null,
      decimals: t.decimals === null ? null : Number(t.decimals),
      wrappedNative: t.wrapped_native === true,
    }))
  }

  async putTokens(tokens: readonly TokenMeta[]): Promise<void> {
    if (tokens.length === 0) return
    await this.transaction(async (tx) => {
      for (const t of tokens) {
        await tx.query(
          `INSERT INTO tokens VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (chain, address) DO UPDATE SET
           symbol = excluded.symbol, name = excluded.name, decimals = excluded.decimals,
           wrapped_native = excluded.wrapped_native OR tokens.wrapped_native`,
          [t.chain, t.address, t.symbol, t.name, t.decimals, t.wrappedNative],
        )
      }
    })
  }

  async wrappedNative(chain: string): Promise<Set<string>> {
    const r = await this.client.query<{ address: string }>(
      'SELECT address FROM tokens WHERE chain = $1 AND wrapped_native',
      [chain],
    )
    return new Set(r.rows.map((row) => row.address))
  }

  async beginImport(chain: string): Promise<ImportSession> {
    return new PostgresImportSession(this.client, chain)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.closeClient) await this.client.close()
  }
}

/** The lowest of a batch's block numbers, if it has any. */
function minBlock(blocks: readonly bigint[]): bigint | undefined {
  let min: bigint | undefined
  for (const b of blocks) if (min === undefined || b < min) min = b
  return min
}

async function putCheckpoint(tx: SqlQuery, cp: Checkpoint): Promise<void> {
  await tx.query(
    `INSERT INTO checkpoints VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (chain, job) DO UPDATE SET block = excluded.block, block_hash = excluded.block_hash,
     updated_at = excluded.updated_at`,
    [cp.chain, cp.job, cp.block, cp.blockHash, new Date().toISOString()],
  )
}

function selectSql(table: ChainTable, options: ReadOptions): { sql: string; params: SqlParam[] } {
  const where: string[] = []
  const params: SqlParam[] = []
  if (options.chain !== undefined) {
    params.push(options.chain)
    where.push(`chain = $${params.length}`)
  }
  const col = BLOCK_COLUMN[table]
  if (options.fromBlock !== undefined) {
    params.push(options.fromBlock)
    where.push(`${col} >= $${params.length}::BIGINT`)
  }
  if (options.toBlock !== undefined) {
    params.push(options.toBlock)
    where.push(`${col} <= $${params.length}::BIGINT`)
  }
  const cols = TABLES[table].map((c) => c.name).join(', ')
  const sql = `SELECT ${cols} FROM ${table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${PG_ORDER_BY[table]}`
  return { sql, params }
}
