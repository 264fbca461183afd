/** A value sent as a query parameter; bigints are sent as decimal text so no driver rounds them. */
export type SqlParam = string | number | boolean | bigint | null | readonly (string | null)[] | Date

export interface SqlResult<R> {
  rows: R[]
  rowCount: number
}

/** The one call both drivers share: text and positional parameters in, plain rows out. */
export interface SqlQuery {
  query<R = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<SqlResult<R>>
}

/** One connection held by a caller (temporary tables and cursors live on it) until `release`. */
export interface SqlConnection extends SqlQuery {
  release(): Promise<void>
}

/**
 * PostgreSQL behind one interface: a `pg` pool on a server, PGlite (PostgreSQL in WebAssembly) in process.
 * Both return int8 and numeric as decimal text, so amounts never pass through a float.
 */
export interface SqlClient extends SqlQuery {
  readonly driver: 'pg' | 'pglite'
  /** The schema every unqualified name resolves to. */
  readonly schema: string
  /** Runs `fn` inside BEGIN/COMMIT on one connection; any throw rolls back and is rethrown. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>
  connect(): Promise<SqlConnection>
  close(): Promise<void>
}

/** Converts parameters to what both drivers accept: bigints as text, arrays as they are. */
export function toParams(params: readonly SqlParam[] | undefined): unknown[] {
  if (!params) return []
  return params.map((p) => (typeof p === 'bigint' ? p.toString() : p))
}

/** A schema name safe to interpolate: letters, digits and underscores only. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`)
  return schema
}
