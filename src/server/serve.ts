import { existsSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { DragnetError } from '../core/errors.ts'
import type { Logger } from '../core/logger.ts'
import { redactUrl } from '../core/redact.ts'
import { ensureDefaultLabels } from '../labels/default-labels.ts'
import { DuckDbLabelStore } from '../labels/duckdb-label-store.ts'
import { LabelIndex } from '../labels/label-index.ts'
import type { LabelSourceInfo } from '../labels/label-store.ts'
import { loadPolicy } from '../screen/policy.ts'
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { type ChainStore, isPostgresUrl, openStore, storeTarget } from '../store/open-store.ts'
import { openSqlClient } from '../store/postgres/open-sql-client.ts'
import type { SqlClient } from '../store/postgres/sql-client.ts'
import { buildServer } from './build-server.ts'
import type { ServerWatchOptions } from './watch/server-watcher.ts'

/** How long a PostgreSQL chain store's chains and screening sources are kept before they are read again. */
export const SHARED_CHAIN_REFRESH_MS = 5000

export interface ServeOptions {
  port: number
  host: string
  /** postgres://… for PostgreSQL; a directory for embedded PostgreSQL (PGlite); FILE.duckdb: PGlite beside it. */
  db: string
  /**
   * The chain store: FILE.duckdb (chain data and labels) or postgres://…; absent: the `db` database itself when
   * that is PostgreSQL, else none (direct screening only, traces refused). A DuckDB path that does not exist is none.
   */
  chainDb: string | undefined
  policy?: string
  logger: Logger
  /** `--watch`: follow this node into the chain store and watch the incidents marked for watching. */
  watch?: ServerWatchOptions
}

export interface Serving {
  app: FastifyInstance
  url: string
  /** Stops taking requests, lets those in flight finish, stops trace jobs, closes the databases. */
  close: () => Promise<void>
}

/** Where server state lives for a --db value: PostgreSQL URLs as they are; a .duckdb file gets a PGlite directory beside it. */
export function serverDbTarget(db: string): string {
  // `?schema=` names the chain data's schema (src/store/open-store.ts); server state stays in the default one.
  if (isPostgresUrl(db)) return (storeTarget(db) as { url: string }).url
  return db.endsWith('.duckdb') ? `${db}.server` : db
}

/** The chain store a server reads: --chain-db when given, else the --db database when it is PostgreSQL. */
export function chainStoreTarget(db: string, chainDb: string | undefined): string | undefined {
  return chainDb ?? (isPostgresUrl(db) ? db : undefined)
}

/** The label registry the server screens and traces with: the DuckDB chain store's own, else the shipped pack. */
export async function loadServerLabels(chainStore: ChainStore | undefined) {
  // Without a DuckDB chain store the shipped label pack still screens, from a store held in memory.
  const labelsDb = chainStore?.kind === 'duckdb' ? chainStore : await openDuckDbStore(':memory:')
  try {
    const labelStore = new DuckDbLabelStore(labelsDb.connection)
    const { sources } = await ensureDefaultLabels(labelStore)
    return { labels: await LabelIndex.fromStore(labelStore), labelSources: sources as readonly LabelSourceInfo[] }
  } finally {
    if (labelsDb !== chainStore) await labelsDb.close()
  }
}

async function openChainStore(o: ServeOptions): Promise<ChainStore | undefined> {
  const target = chainStoreTarget(o.db, o.chainDb)
  // A watching server creates its chain store: it fills it from the node.
  if (target !== undefined && (isPostgresUrl(target) || existsSync(target) || o.watch !== undefined)) {
    const store = await openStore(target)
    o.logger.info({ chainStore: store.kind === 'duckdb' ? target : redactUrl(target) }, 'chain store opened')
    return store
  }
  o.logger.warn({ chainDb: target }, 'no chain store at this path: screening is direct only, traces are refused')
  return undefined
}

/** The chain store a watching server writes new blocks into: it must have one (SERVER_NOT_READY otherwise). */
function watchStore(chainStore: ChainStore | undefined, db: string): ChainStore {
  if (chainStore) return chainStore
  throw new DragnetError(
    'SERVER_NOT_READY',
    '--watch stores the blocks it follows in the chain store: pass --chain-db FILE.duckdb or a postgres:// --db',
    { details: { db: isPostgresUrl(db) ? redactUrl(db) : db } },
  )
}

/** Opens the databases, builds the API and listens; the caller decides when to close. */
export async function startServing(o: ServeOptions): Promise<Serving> {
  const db: SqlClient = await openSqlClient(serverDbTarget(o.db))
  let chainStore: ChainStore | undefined
  try {
    chainStore = await openChainStore(o)
    const { labels, labelSources } = await loadServerLabels(chainStore)
    const app = await buildServer(
      { logger: o.logger },
      {
        db,
        labels,
        labelSources,
        policy: o.policy ? loadPolicy(o.policy) : loadPolicy(),
        logger: o.logger,
        ...(chainStore ? { chainStore } : {}),
        // Others write a PostgreSQL chain store while the server runs (ingest evm, import etl).
        ...(chainStore?.kind === 'postgres' ? { chainRefreshMs: SHARED_CHAIN_REFRESH_MS } : {}),
        ...(o.watch ? { watch: { store: watchStore(chainStore, o.db), options: o.watch } } : {}),
      },
    )
    const url = await app.listen({ port: o.port, host: o.host })
    const store = chainStore
    return {
      app,
      url,
      close: async () => {
        await app.close()
        await store?.close()
        await db.close()
      },
    }
  } catch (error) {
    await chainStore?.close()
    await db.close()
    throw error
  }
}
