import { existsSync } from 'node:fs'
import { DragnetError } from '../core/errors.ts'
import { redactUrl } from '../core/redact.ts'
import { type DuckDbStore, openDuckDbStore } from './duckdb/duckdb-store.ts'
import type { PostgresStore } from './postgres/postgres-store.ts'
import { checkSchemaName } from './postgres/sql-client.ts'

/**
 * The schema chain data lives in on PostgreSQL (docs/decisions/0018-postgres-chain-store.md): apart from the
 * server's state in the database's default schema, whose `trace_addresses` would otherwise collide with the
 * trace index's table of the same name.
 */
export const CHAIN_SCHEMA = 'dragnet_chain'

/** Where a `--db` value points: a DuckDB file, or a PostgreSQL database and the schema of its chain data. */
export type StoreTarget = { kind: 'duckdb'; path: string } | { kind: 'postgres'; url: string; schema: string }

/** Whether a `--db` value names PostgreSQL rather than a file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db)
}

/**
 * Reads a `--db` value: `postgres://user@host/db` (optionally `?schema=NAME` for the chain data's schema,
 * default dragnet_chain) is PostgreSQL; anything else is a DuckDB file path (or `:memory:`).
 */
export function storeTarget(db: string): StoreTarget {
  if (!isPostgresUrl(db)) return { kind: 'duckdb', path: db }
  let url: URL
  try {
    url = new URL(db)
  } catch (cause) {
    throw new DragnetError('INVALID_ARGUMENT', `not a PostgreSQL URL: ${redactUrl(db)}`, { cause })
  }
  const schema = url.searchParams.get('schema') ?? CHAIN_SCHEMA
  try {
    checkSchemaName(schema)
  } catch (cause) {
    throw new DragnetError(
      'INVALID_ARGUMENT',
      `schema=${schema}: a schema name is lowercase letters, digits and underscores (at most 63)`,
      { details: { schema }, cause },
    )
  }
  // The driver must not see `schema`: it is ours, not a connection parameter.
  url.searchParams.delete('schema')
  return { kind: 'postgres', url: url.toString(), schema }
}

/** The chain store a `--db` value names: DuckDB or PostgreSQL, each a Store and the trace engine's TraceStore. */
export type ChainStore = DuckDbStore | PostgresStore

export interface OpenStoreOptions {
  /** A DuckDB file must exist already (commands that only read: a mistyped path must not create a store). */
  mustExist?: boolean
  /** DuckDB's memory limit (see duckdb/duckdb-config.ts); PostgreSQL has its own settings. */
  memoryLimit?: string | undefined
}

/**
 * Opens the store a `--db` value names. PostgreSQL keeps chain data in its own schema (CHAIN_SCHEMA or
 * `?schema=`), created on first use; a DuckDB file is created unless `mustExist`.
 */
export async function openStore(db: string, options: OpenStoreOptions = {}): Promise<ChainStore> {
  const target = storeTarget(db)
  if (target.kind === 'duckdb') {
    if (options.mustExist && target.path !== ':memory:' && !existsSync(target.path)) {
      throw new DragnetError('FILE_NOT_FOUND', `no store at ${target.path}: ingest or import first, or pass --db`, {
        details: { path: target.path },
      })
    }
    return await openDuckDbStore(target.path, { memoryLimit: options.memoryLimit })
  }
  const { openPgClient } = await import('./postgres/pg-client.ts')
  const { openPostgresStore } = await import('./postgres/postgres-store.ts')
  const client = await openPgClient({ url: target.url, schema: target.schema })
  try {
    return await openPostgresStore(client)
  } catch (error) {
    await client.close()
    throw error
  }
}

/**
 * Refuses a PostgreSQL `--db` for a command whose data lives only in DuckDB (labels, prices, the demo), with
 * STORE_KIND_UNSUPPORTED naming the commands that do take PostgreSQL.
 */
export function requireDuckDbPath(db: string, command: string): string {
  if (!isPostgresUrl(db)) return db
  throw new DragnetError(
    'STORE_KIND_UNSUPPORTED',
    `${command} works on a DuckDB store only: pass --db FILE.duckdb (ingest evm, import etl, export as CSV or ` +
      'JSON lines, trace, screen and serve take postgres://)',
    { details: { command, store: 'postgres', db: redactUrl(db) } },
  )
}
