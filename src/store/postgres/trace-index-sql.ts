import { AMOUNT_WIDE } from '../edges/edge-batch.ts'

/** The index layout this code writes; a chain whose state row has another version is rebuilt on next use. */
export const PG_TRACE_INDEX_VERSION = 1

/**
 * Indexes for the engine's reads: edges by source and by recipient (in seq order), by transaction hash, by seq
 * (details, and the suffix a reorg removes); addresses both ways. Dropped and made again around a full build.
 */
export const TRACE_INDEXES: readonly { name: string; unique: boolean; on: string }[] = [
  { name: 'trace_edges_src', unique: false, on: 'trace_edges (chain, src, seq)' },
  { name: 'trace_edges_dst', unique: false, on: 'trace_edges (chain, dst, seq)' },
  { name: 'trace_edges_tx', unique: false, on: 'trace_edges (chain, tx_hash)' },
  { name: 'trace_edges_seq', unique: true, on: 'trace_edges (chain, seq)' },
  { name: 'trace_addresses_address', unique: true, on: 'trace_addresses (chain, address)' },
  { name: 'trace_addresses_id', unique: true, on: 'trace_addresses (chain, id)' },
]

export const CREATE_TRACE_INDEXES = TRACE_INDEXES.map(
  (i) => `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${i.name} ON ${i.on}`,
)

/** The staging table of one index update: the transfers of the blocks being (re)indexed, in time order. */
export const NEW_EDGES = 'trace_index_new'

const TWO_63 = '9223372036854775808::NUMERIC'
const TWO_126 = '85070591730234615865843651857942052864::NUMERIC'

/**
 * The transfers of blocks >= $2 in DuckDB's time order (src/store/duckdb/duckdb-trace-index.ts): block,
 * transaction index, then the transaction's own value, calls by trace address as an integer list (the
 * top-level call first), logs by index, then hash and position byte by byte. `rn` numbers them from 0 in that
 * order; `tn` numbers their transactions (block, index, hash) from 0.
 */
export const STAGE_NEW_EDGES = `
  CREATE TEMP TABLE ${NEW_EDGES} ON COMMIT DROP AS
  SELECT block_number, block_time, tx_hash, position, kind, from_address, to_address, asset, amount,
    row_number() OVER (ORDER BY block_number, tx_index, cls, tl NULLS FIRST, li, tx_hash COLLATE "C",
      position COLLATE "C") - 1 AS rn,
    dense_rank() OVER (ORDER BY block_number, tx_index, tx_hash COLLATE "C") - 1 AS tn
  FROM (SELECT *,
      CASE WHEN position = 'tx' THEN 0 WHEN position LIKE 'trace:%' THEN 1 ELSE 2 END AS cls,
      CASE WHEN position LIKE 'trace:_%' THEN string_to_array(substr(position, 7), '_')::INTEGER[] END AS tl,
      CASE WHEN position ~ '^log:[+-]?[0-9]{1,9}$' THEN substr(position, 5)::INTEGER END AS li
    FROM transfers WHERE chain = $1 AND block_number >= $2) t`

/**
 * New addresses get the next ids ($2 on) in order of first appearance: by edge, then sender, recipient, token.
 */
export const INSERT_NEW_ADDRESSES = `
  INSERT INTO trace_addresses (chain, address, id)
  SELECT $1, f.address, $2 + row_number() OVER (ORDER BY f.first) - 1
  FROM (SELECT a.address, min(n.rn * 3 + a.slot) AS first
    FROM ${NEW_EDGES} n CROSS JOIN LATERAL (VALUES (n.from_address, 0), (n.to_address, 1),
      (CASE WHEN n.asset <> 'native' THEN n.asset END, 2)) AS a(address, slot)
    WHERE a.address IS NOT NULL GROUP BY a.address) f
  WHERE NOT EXISTS (SELECT 1 FROM trace_addresses x WHERE x.chain = $1 AND x.address = f.address)`

/**
 * The staged transfers as edges, seq from $2 and txo from $3. Amounts below 2^126 as two 63-bit words (lo, hi),
 * the rest as text with the wide bit in kind, as DuckDB stores them.
 */
export const insertNewEdges = (ordered: boolean) => `
  INSERT INTO trace_edges (chain, seq, txo, src, dst, asset, kind, lo, hi, amount_text, block_number, block_time,
    tx_hash, position)
  SELECT $1, $2 + n.rn, $3 + n.tn, a.id, b.id, coalesce(c.id, -1),
    CASE n.kind WHEN 'native' THEN 0 WHEN 'internal' THEN 1 WHEN 'erc20' THEN 2 WHEN 'wrap' THEN 3 ELSE 4 END
      + CASE WHEN n.small THEN 0 ELSE ${AMOUNT_WIDE} END,
    CASE WHEN n.small THEN mod(n.amount, ${TWO_63})::BIGINT ELSE 0 END,
    CASE WHEN n.small THEN div(n.amount, ${TWO_63})::BIGINT ELSE 0 END,
    CASE WHEN n.small THEN NULL ELSE n.amount::TEXT END,
    n.block_number, n.block_time, n.tx_hash, n.position
  FROM (SELECT *, coalesce(amount < ${TWO_126}, false) AS small FROM ${NEW_EDGES}) n
  JOIN trace_addresses a ON a.chain = $1 AND a.address = n.from_address
  JOIN trace_addresses b ON b.chain = $1 AND b.address = n.to_address
  LEFT JOIN trace_addresses c ON c.chain = $1 AND c.address = n.asset${ordered ? '\n  ORDER BY a.id, n.rn' : ''}`
