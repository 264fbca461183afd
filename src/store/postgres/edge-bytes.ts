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

/** One stable counting-sort pass of `perm` by 16 bits of `key` (from bit `shift`). */
function radixPass(perm: Int32Array, key: Int32Array, shift: number): Int32Array<ArrayBuffer> {
  const count = new Int32Array(65537)
  for (let i = 0; i < perm.length; i++) {
    const d = (((key[perm[i] as number] as number) >>> shift) & 0xffff) + 1
    count[d] = (count[d] as number) + 1
  }
  for (let d = 1; d <= 65536; d++) count[d] = (count[d] as number) + (count[d - 1] as number)
  const out = new Int32Array(perm.length)
  for (let i = 0; i < perm.length; i++) {
    const p = perm[i] as number
    const d = ((key[p] as number) >>> shift) & 0xffff
    out[count[d] as number] = p
    count[d] = (count[d] as number) + 1
  }
  return out
}

/** The order of rows by (src, seq): a comparison sort for few rows, four radix passes (LSD) for many. */
function srcSeqOrder(src: Int32Array, seq: Int32Array, n: number): Int32Array {
  let perm: Int32Array<ArrayBuffer> = Int32Array.from({ length: n }, (_, i) => i)
  if (n < 100_000)
    return perm.sort((a, b) => (src[a] as number) - (src[b] as number) || (seq[a] as number) - (seq[b] as number))
  for (const [key, shift] of [
    [seq, 0],
    [seq, 16],
    [src, 0],
    [src, 16],
  ] as const)
    perm = radixPass(perm, key, shift)
  return perm
}

/**
 * A batch's rows by source id, then seq: the engine numbers the addresses it meets in batch order, so a fixed
 * order keeps a trace's listing the same from run to run whatever plan PostgreSQL chose.
 */
export function sortBySrcSeq(b: Omit<EdgeBatch, 'amount'>): Omit<EdgeBatch, 'amount'> {
  const perm = srcSeqOrder(b.src, b.ord, b.length)
  const out = allocBatch(b.length)
  out.length = b.length
  const cols = ['ord', 'txo', 'src', 'dst', 'asset', 'kind', 'l0', 'l1', 'l2', 'hi'] as const
  for (const c of cols) {
    const from = b[c]
    const to = out[c]
    for (let i = 0; i < b.length; i++) to[i] = from[perm[i] as number] as number
  }
  if (b.wide.size > 0) {
    for (let i = 0; i < b.length; i++) {
      const v = b.wide.get(perm[i] as number)
      if (v !== undefined) out.wide.set(i, v)
    }
  }
  return out
}

/**
 * Fills a batch from the groups. Amount limbs as DuckDbEdgeSource computes them: l0 = lo & (2^21 - 1),
 * l1 = (lo >> 21) & (2^21 - 1), l2 = lo >> 42, hi as it is; lo below 2^63 arrives as two 32-bit halves.
 * Edges flagged wide (kind bit 128: text amounts, or hi from 2^53) take their amount from the texts. Columns
 * as stored: seq in `ord`, src and dst not yet oriented.
 */
export function batchFromGroups(groups: readonly EdgeGroup[]): Omit<EdgeBatch, 'amount'> {
  const total = groups.reduce((n, g) => n + (g.seq.byteLength >> 2), 0)
  const b = allocBatch(total)
  const decoder = new TextDecoder()
  for (const g of groups) {
    const at = b.length
    const n = g.seq.byteLength >> 2
    b.length = at + n
    readInt32(g.seq, b.ord, at)
    readInt32(g.txo, b.txo, at)
    readInt32(g.src, b.src, at)
    readInt32(g.dst, b.dst, at)
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
