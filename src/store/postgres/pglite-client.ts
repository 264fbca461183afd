import { PGlite } from '@electric-sql/pglite'
import {
  checkSchemaName,
  type SqlClient,
  type SqlConnection,
  type SqlParam,
  type SqlQuery,
  type SqlResult,
  toParams,
} from './sql-client.ts'

const INT8 = 20

/**
 * PostgreSQL compiled to WebAssembly, in this process: the same SQL as the server, no install. `dataDir`
 * keeps the database in a directory; without it the database lives in memory.
 */
export async function openPgliteClient(options: { dataDir?: string; schema?: string } = {}): Promise<SqlClient> {
  const schema = checkSchemaName(options.schema ?? 'public')
  // int8 as text, as `pg` returns it: a JavaScript number would round block numbers and ids past 2^53.
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    parsers: { [INT8]: (v: string) => v },
  })
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`)
  return new PgliteClient(db, schema)
}

class PgliteClient implements SqlClient {
  readonly driver = 'pglite' as const
  constructor(
    private readonly db: PGlite,
    readonly schema: string,
  ) {}

  async query<R>(sql: string, params?: readonly SqlParam[]): Promise<SqlResult<R>> {
    const r = await this.db.query<R>(sql, toParams(params))
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length }
  }

  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T> {
    // PGlite has one session: its own transaction lock keeps every other query out until this one ends.
    return this.db.transaction(async (tx) =>
      fn({
        query: async <R>(sql: string, params?: readonly SqlParam[]) => {
          const r = await tx.query<R>(sql, toParams(params))
          return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length }
        },
      }),
    )
  }

  async connect(): Promise<SqlConnection> {
    // One session only: a held "connection" is the database itself, whose temp tables every query sees.
    return { query: (sql, params) => this.query(sql, params), release: async () => {} }
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close()
  }
}
