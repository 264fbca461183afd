import pg from 'pg'
import { DragnetError } from '../../core/errors.ts'
import { redactUrl } from '../../core/redact.ts'
import {
  checkSchemaName,
  type SqlClient,
  type SqlConnection,
  type SqlParam,
  type SqlQuery,
  type SqlResult,
  toParams,
} from './sql-client.ts'

export interface PgClientOptions {
  /** postgres://user@host:port/database */
  url: string
  /** Created if missing; every connection's search_path starts with it. */
  schema?: string
  max?: number
}

/** A `pg` pool whose connections all resolve names in one schema (so test runs and tenants of a cluster stay apart). */
export async function openPgClient(options: PgClientOptions): Promise<SqlClient> {
  const schema = checkSchemaName(options.schema ?? 'public')
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    options: `-c search_path=${schema}`,
  })
  // An idle connection that dies (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
  } catch (cause) {
    await pool.end()
    throw new DragnetError(
      'STORE_ERROR',
      `cannot reach PostgreSQL at ${redactUrl(options.url)}: ${(cause as Error).message}`,
      {
        details: { url: redactUrl(options.url) },
        cause,
      },
    )
  }
  return new PgClient(pool, schema)
}

const run = async <R>(q: pg.Pool | pg.PoolClient, sql: string, params?: readonly SqlParam[]): Promise<SqlResult<R>> => {
  const r = await q.query(sql, toParams(params))
  return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 }
}

class PgClient implements SqlClient {
  readonly driver = 'pg' as const
  constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  query<R>(sql: string, params?: readonly SqlParam[]): Promise<SqlResult<R>> {
    return run<R>(this.pool, sql, params)
  }

  async transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T> {
    const c = await this.pool.connect()
    try {
      await c.query('BEGIN')
      const result = await fn({ query: (sql, params) => run(c, sql, params) })
      await c.query('COMMIT')
      return result
    } catch (error) {
      await c.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      c.release()
    }
  }

  async connect(): Promise<SqlConnection> {
    const c = await this.pool.connect()
    return {
      query: (sql, params) => run(c, sql, params),
      release: async () => c.release(),
    }
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
