import { existsSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import type { Logger } from '../core/logger.ts'
import { ensureDefaultLabels } from '../labels/default-labels.ts'
import { DuckDbLabelStore } from '../labels/duckdb-label-store.ts'
import { LabelIndex } from '../labels/label-index.ts'
import { loadPolicy } from '../screen/policy.ts'
import { type DuckDbStore, openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { openSqlClient } from '../store/postgres/open-sql-client.ts'
import type { SqlClient } from '../store/postgres/sql-client.ts'
import { buildServer } from './build-server.ts'

export interface ServeOptions {
  port: number
  host: string
  /** postgres://… for PostgreSQL; a directory for embedded PostgreSQL (PGlite); FILE.duckdb: PGlite beside it. */
  db: string
  /** The DuckDB store with chain data and labels; absent: direct screening only, traces refused. */
  chainDb: string | undefined
  policy?: string
  logger: Logger
}

export interface Serving {
  app: FastifyInstance
  url: string
  /** Stops taking requests, lets those in flight finish, stops trace jobs, closes the databases. */
  close: () => Promise<void>
}

/** Where server state lives for a --db value: PostgreSQL URLs as they are; a .duckdb file gets a PGlite directory beside it. */
export function serverDbTarget(db: string): string {
  if (/^postgres(ql)?:\/\//.test(db)) return db
  return db.endsWith('.duckdb') ? `${db}.server` : db
}

/** Opens the databases, builds the API and listens; the caller decides when to close. */
export async function startServing(o: ServeOptions): Promise<Serving> {
  const db: SqlClient = await openSqlClient(serverDbTarget(o.db))
  let chainStore: DuckDbStore | undefined
  try {
    if (o.chainDb && existsSync(o.chainDb)) chainStore = await openDuckDbStore(o.chainDb)
    else
      o.logger.warn({ chainDb: o.chainDb }, 'no chain store at this path: screening is direct only, traces are refused')
    // Without chain data the shipped label pack still screens, from a store held in memory.
    const labelsDb = chainStore ?? (await openDuckDbStore(':memory:'))
    const labelStore = new DuckDbLabelStore(labelsDb.connection)
    const { sources: labelSources } = await ensureDefaultLabels(labelStore)
    const labels = await LabelIndex.fromStore(labelStore)
    if (!chainStore) await labelsDb.close()
    const app = await buildServer(
      { logger: o.logger },
      {
        db,
        labels,
        labelSources,
        policy: o.policy ? loadPolicy(o.policy) : loadPolicy(),
        logger: o.logger,
        ...(chainStore ? { chainStore } : {}),
      },
    )
    const url = await app.listen({ port: o.port, host: o.host })
    return {
      app,
      url,
      close: async () => {
        await app.close()
        await chainStore?.close()
        await db.close()
      },
    }
  } catch (error) {
    await chainStore?.close()
    await db.close()
    throw error
  }
}
