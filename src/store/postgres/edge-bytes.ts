import { allocBatch, type EdgeBatch } from '../edges/edge-batch.ts'

/**
 * One group of edges as PostgreSQL sends them from EDGE_COLUMNS: each column the big-endian binary values of
 * the group's rows concatenated (int4send, int2send, int8send), in the same row order in every column, and
 * the wide amounts' decimal texts, comma-separated, in that order too.
 */
export interface EdgeGroup {
  seq: Uint8Array
  txo: Uint8Array
  src: Uint8Array
  dst: Uint8Array
  asset: Uint8Array
  kind: Uint8Array
  lo: Uint8Array
  hi: Uint8Array
  wide: string | Uint8Array | null
}

/**
 * The select list over trace_edges (as `e`) that edgeGroups reads, grouped by seq >> 16: a few rows of byte
 * strings per query whatever the edge count, so no row of JavaScript objects is made per edge, and no byte
 * string nears PostgreSQL's or V8's limits. Every aggregate of a group sees its rows in the same order.
 */
export const EDGE_COLUMNS = `string_agg(int4send(e.seq), ''::BYTEA) AS seq, string_agg(int4send(e.txo), ''::BYTEA) AS txo,
  string_agg(int4send(e.src), ''::BYTEA) AS src, string_agg(int4send(e.dst), ''::BYTEA) AS dst,
  string_agg(int4send(e.asset), ''::BYTEA) AS asset,
  string_agg(int2send((e.kind + CASE WHEN e.hi >= 9007199254740992 THEN 128 ELSE 0 END)::SMALLINT), ''::BYTEA) AS kind,
  string_agg(int8send(e.lo), ''::BYTEA) AS lo, string_agg(int8send(e.hi), ''::BYTEA) AS hi,
  string_agg(CASE WHEN e.kind & 128 <> 0 THEN coalesce(e.amount_text, '0')
    WHEN e.hi >= 9007199254740992 THEN (e.hi::NUMERIC * 9223372036854775808 + e.lo)::TEXT END, ',') AS wide`

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength)

function readInt32(b: Uint8Array, out: Int32Array, at: number): void {
  const v = view(b)
  const n = b.byteLength >> 2
  for (let i = 0; i < n; i++) out[at + i] = v.getInt32(i * 4)
}

/**
 * Fills a batch from the groups. Amount limbs as DuckDbEdgeSource computes them: l0 = lo & (2^21 - 1),
 * l1 = (lo >> 21) & (2^21 - 1), l2 = lo >> 42, hi as it is; lo below 2^63 arrives as two 32-bit halves.
 * Edges flagged wide (kind bit 128: text amounts, or hi from 2^53) take their amount from the texts.
 */
export function batchFromGroups(groups: readonly EdgeGroup[], backward: boolean): Omit<EdgeBatch, 'amount'> {
  const total = groups.reduce((n, g) => n + (g.seq.byteLength >> 2), 0)
  const b = allocBatch(total)
  const decoder = new TextDecoder()
  for (const g of groups) {
    const at = b.length
    const n = g.seq.byteLength >> 2
    b.length = at + n
    readInt32(g.seq, b.ord, at)
    readInt32(g.txo, b.txo, at)
    readInt32(backward ? g.dst : g.src, b.src, at)
    readInt32(backward ? g.src : g.dst, b.dst, at)
    readInt32(g.asset, b.asset, at)
    const kind = view(g.kind)
    const lo = view(g.lo)
    const hi = view(g.hi)
    const wide = g.wide === null ? [] : (typeof g.wide === 'string' ? g.wide : decoder.decode(g.wide)).split(',')
    let w = 0
    for (let i = 0; i < n; i++) {
      const k = kind.getInt16(i * 2)
      b.kind[at + i] = k
      const lh = lo.getUint32(i * 8)
      const ll = lo.getUint32(i * 8 + 4)
      b.l0[at + i] = ll & 0x1fffff
      b.l1[at + i] = (ll >>> 21) | ((lh & 0x3ff) << 11)
      b.l2[at + i] = lh >>> 10
      b.hi[at + i] = hi.getUint32(i * 8) * 4294967296 + hi.getUint32(i * 8 + 4)
      if (k & 128) b.wide.set(at + i, BigInt(wide[w++] as string))
    }
  }
  return b
}
