import { AMOUNT_WIDE } from '../edges/edge-batch.ts'

const TWO_63 = '9223372036854775808::HUGEINT'
const TWO_126 = '85070591730234615865843651857942052864::HUGEINT'

/**
 * The transfers of chain $1 in blocks $2..$3 in time order, numbered from seq $4 and txo $5. Inside a block:
 * transaction index, then the transaction's own value ('tx'), then calls in trace-address order (the top-level
 * call first), then logs by index. Transactions never straddle blocks, so ranges split at block boundaries
 * number exactly as one pass over the whole chain would.
 */
export const ORDERED_TRANSFERS_SQL = `
  WITH t AS (
    SELECT *,
      CASE WHEN position = 'tx' THEN 0 WHEN position LIKE 'trace:%' THEN 1 ELSE 2 END AS cls,
      CASE WHEN position LIKE 'trace:_%' THEN list_transform(string_split(substr(position, 7), '_'), x -> x::INTEGER) END AS tl,
      CASE WHEN position LIKE 'log:%' THEN TRY_CAST(substr(position, 5) AS INTEGER) END AS li
    FROM transfers WHERE chain = $1 AND block_number BETWEEN $2 AND $3)
  SELECT block_number, block_time, tx_hash, position, kind, from_address, to_address, asset, amount,
    ($4 + row_number() OVER (ORDER BY block_number, tx_index, cls, tl NULLS FIRST, li, tx_hash, position) - 1)::INTEGER AS seq,
    ($5 + dense_rank() OVER (ORDER BY block_number, tx_index, tx_hash) - 1)::INTEGER AS txo
  FROM t`

/**
 * trace_edges columns from a row `o` of ordered transfers and its address ids a (from), b (to), c (token):
 * the kind code with the wide bit, and the amount as two 63-bit words, or as text from 2^126 up.
 */
export const EDGE_COLUMNS_SQL = `o.seq, o.txo, a.id, b.id, coalesce(c.id, -1),
  CASE o.kind WHEN 'native' THEN 0 WHEN 'internal' THEN 1 WHEN 'erc20' THEN 2 WHEN 'wrap' THEN 3 ELSE 4 END
    + CASE WHEN o.h IS NULL THEN ${AMOUNT_WIDE} ELSE 0 END,
  CASE WHEN o.h IS NULL THEN 0 ELSE (o.h % ${TWO_63})::BIGINT END,
  CASE WHEN o.h IS NULL THEN 0 ELSE (o.h // ${TWO_63})::BIGINT END,
  CASE WHEN o.h IS NULL THEN o.amount END,
  o.block_number, o.block_time, o.tx_hash, o.position`

/** The amount as a HUGEINT when it fits two 63-bit words, else NULL (kept as text). */
export const HUGE_AMOUNT_SQL = `CASE WHEN TRY_CAST(amount AS HUGEINT) < ${TWO_126} THEN TRY_CAST(amount AS HUGEINT) END AS h`
