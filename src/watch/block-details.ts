import { duckDbBlockDetails } from '../store/duckdb/duckdb-block-details.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import type { EdgeDetail } from '../store/edges/edge-source.ts'
import { postgresBlockDetails } from '../store/postgres/postgres-block-details.ts'
import type { PostgresStore } from '../store/postgres/postgres-store.ts'

/** Reads the details of a block range's edges, by ord (forward). */
export type BlockDetails = (chain: string, from: bigint, to: bigint) => Promise<Map<number, EdgeDetail>>

/** The block-range detail reader of a DuckDB or PostgreSQL store; undefined for any other (alerts then read by ord). */
export function blockDetailsOf(store: unknown): BlockDetails | undefined {
  const kind = (store as { kind?: unknown }).kind
  if (kind === 'duckdb') {
    const c = (store as DuckDbStore).connection
    return (chain, from, to) => duckDbBlockDetails(c, chain, from, to)
  }
  if (kind === 'postgres') {
    const q = (store as PostgresStore).client
    return (chain, from, to) => postgresBlockDetails(q, chain, from, to)
  }
  return undefined
}
