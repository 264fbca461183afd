import type { DuckDBConnection } from '@duckdb/node-api'

/**
 * The index layout this code writes. 2: address ids by first appearance in seq order, seq and txo continuing
 * across appends. A state row of another version makes the next trace rebuild the chain's index.
 */
export const TRACE_INDEX_VERSION = 2

/** One chain's trace_index_state row: how far its index reaches and where the next append continues. */
export interface TraceIndexState {
  version: number
  /** The highest block whose transfers may be indexed (null: none); a write from above it only appends. */
  maxBlock: bigint | null
  nextSeq: number
  nextTxo: number
  nextId: number
  /** Rows in trace_edges for the chain; checked against the chain's transfer count. */
  edges: number
  builtAt: string
}

/** The chain's state row, or undefined when the chain has no index. */
export async function readIndexState(c: DuckDBConnection, chain: string): Promise<TraceIndexState | undefined> {
  const r = await c.runAndReadAll(
    'SELECT version, max_block, next_seq, next_txo, next_id, edges, built_at FROM trace_index_state WHERE chain = $1',
    [chain],
  )
  const row = r.getRows()[0]
  if (!row) return undefined
  return {
    version: Number(row[0]),
    maxBlock: row[1] === null ? null : (row[1] as bigint),
    nextSeq: Number(row[2]),
    nextTxo: Number(row[3]),
    nextId: Number(row[4]),
    edges: Number(row[5]),
    builtAt: row[6] as string,
  }
}

/** The state of an index with nothing in it yet, as a full build starts. */
export function emptyIndexState(): TraceIndexState {
  const now = new Date().toISOString()
  return { version: TRACE_INDEX_VERSION, maxBlock: null, nextSeq: 0, nextTxo: 0, nextId: 0, edges: 0, builtAt: now }
}

/** Writes the chain's state row (in the caller's transaction). */
export async function writeIndexState(c: DuckDBConnection, chain: string, s: TraceIndexState): Promise<void> {
  await c.run(
    `INSERT INTO trace_index_state VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (chain) DO UPDATE SET version = excluded.version, max_block = excluded.max_block,
       next_seq = excluded.next_seq, next_txo = excluded.next_txo, next_id = excluded.next_id,
       edges = excluded.edges, built_at = excluded.built_at, updated_at = excluded.updated_at`,
    [
      chain,
      s.version,
      s.maxBlock,
      BigInt(s.nextSeq),
      BigInt(s.nextTxo),
      BigInt(s.nextId),
      BigInt(s.edges),
      s.builtAt,
      new Date().toISOString(),
    ],
  )
}

/** Rewrites the chain's existing state row (in the caller's transaction): cheaper than the upsert. */
export async function updateIndexState(c: DuckDBConnection, chain: string, s: TraceIndexState): Promise<void> {
  await c.run(
    `UPDATE trace_index_state SET version = $2, max_block = $3, next_seq = $4, next_txo = $5, next_id = $6,
       edges = $7, built_at = $8, updated_at = $9 WHERE chain = $1`,
    [
      chain,
      s.version,
      s.maxBlock,
      BigInt(s.nextSeq),
      BigInt(s.nextTxo),
      BigInt(s.nextId),
      BigInt(s.edges),
      s.builtAt,
      new Date().toISOString(),
    ],
  )
}
