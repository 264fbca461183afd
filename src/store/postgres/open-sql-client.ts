import type { SqlClient } from './sql-client.ts'

/** Opens PostgreSQL for a `postgres://` URL, else PGlite in the directory given (or in memory for `:memory:`). */
export async function openSqlClient(target: string, schema?: string): Promise<SqlClient> {
  if (/^postgres(ql)?:\/\//.test(target)) {
    const { openPgClient } = await import('./pg-client.ts')
    return openPgClient({ url: target, ...(schema ? { schema } : {}) })
  }
  const { openPgliteClient } = await import('./pglite-client.ts')
  return openPgliteClient({ ...(target === ':memory:' ? {} : { dataDir: target }), ...(schema ? { schema } : {}) })
}

/**
 * A fresh schema for one test file: on the PostgreSQL that DATABASE_URL names (as CI sets it), else on an
 * in-memory PGlite, so tests pass on a machine without PostgreSQL. `drop` removes the schema and closes.
 */
export async function openTestSqlClient(): Promise<{ client: SqlClient; drop: () => Promise<void> }> {
  const schema = `dragnet_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const url = process.env.DATABASE_URL
  const client = await openSqlClient(url && url.length > 0 ? url : ':memory:', schema)
  return {
    client,
    drop: async () => {
      if (client.driver === 'pg') await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.close()
    },
  }
}
