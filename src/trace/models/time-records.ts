import type { TransferGraph } from '../engine/transfer-graph.ts'

/** Int32 fields of a record (16 per record; the Float64 view holds the amount's limbs at 4..7 of its 8). */
export const R_EDGE = 0
export const R_SRC = 1
export const R_DST = 2
export const R_ASSET = 3
export const R_KIND = 4
export const R_TXO = 5
export const R_ORD = 6
/** Int32 items per record. */
export const R_I32 = 16
/** Float64 items per record, the limbs from R_LIMBS on. */
export const R_F64 = 8
export const R_LIMBS = 4

/** At most this many buckets: few enough open write streams to combine, each bucket small enough for the cache. */
const MAX_BUCKETS = 4096

/**
 * The graph's distinct edges (the first copy of each `ord`) in time order, each as one 64-byte record (edge index,
 * sender, recipient, asset, kind, transaction, ord and the amount's four limbs), so a model stepping in time order
 * reads memory in sequence. The graph is stored by sender, and gathering ten columns at random costs ten cache misses
 * per edge; this is a two-level counting sort instead: the columns are read in sequence and each record is written
 * to one of a few thousand buckets by its ord's high bits (few open write streams, so the writes combine), then each
 * bucket, small enough to stay in cache, is put in ord order in place.
 */
export class TimeRecords {
  readonly length: number
  readonly i32: Int32Array
  readonly f64: Float64Array

  constructor(g: TransferGraph) {
    const n = g.edgeCount
    const ord = g.ord
    let maxOrd = -1
    for (let e = 0; e < n; e++) if ((ord[e] as number) > maxOrd) maxOrd = ord[e] as number
    if (maxOrd < 0) {
      this.length = 0
      this.i32 = new Int32Array(R_I32)
      this.f64 = new Float64Array(this.i32.buffer)
      return
    }
    let shift = 0
    while ((maxOrd + 1) / 2 ** shift > MAX_BUCKETS) shift++
    const buckets = (maxOrd >>> shift) + 1
    const at = new Int32Array(buckets + 1)
    for (let e = 0; e < n; e++) {
      const b = ((ord[e] as number) >>> shift) + 1
      at[b] = (at[b] as number) + 1
    }
    for (let b = 0; b < buckets; b++) at[b + 1] = (at[b + 1] as number) + (at[b] as number)
    const buf = new ArrayBuffer(64 * Math.max(n, 1))
    const i32 = new Int32Array(buf)
    const f64 = new Float64Array(buf)
    const cur = at.slice(0, buckets)
    const { src, dst, asset, kind, txo, l0, l1, l2, hi } = g
    for (let e = 0; e < n; e++) {
      const o = ord[e] as number
      const b = o >>> shift
      const p = cur[b] as number
      cur[b] = p + 1
      const r = p * R_I32
      i32[r] = e
      i32[r + R_SRC] = src[e] as number
      i32[r + R_DST] = dst[e] as number
      i32[r + R_ASSET] = asset[e] as number
      i32[r + R_KIND] = kind[e] as number
      i32[r + R_TXO] = txo[e] as number
      i32[r + R_ORD] = o
      const d = p * R_F64 + R_LIMBS
      f64[d] = l0[e] as number
      f64[d + 1] = l1[e] as number
      f64[d + 2] = l2[e] as number
      f64[d + 3] = hi[e] as number
    }
    this.length = sortBuckets(i32, f64, at, buckets, shift)
    this.i32 = i32
    this.f64 = f64
  }

  /** The edge indexes in time order. */
  edges(): Int32Array {
    const out = new Int32Array(this.length)
    for (let k = 0; k < this.length; k++) out[k] = this.i32[k * R_I32] as number
    return out
  }
}

/**
 * Puts each bucket in ord order, keeping the first record of each ord (records of a bucket are in edge order, so
 * that is the lowest edge index), and packs the buckets together; returns the records kept.
 */
function sortBuckets(i32: Int32Array, f64: Float64Array, at: Int32Array, buckets: number, shift: number): number {
  const width = 2 ** shift
  const first = new Int32Array(width)
  let maxSize = 0
  for (let b = 0; b < buckets; b++) maxSize = Math.max(maxSize, (at[b + 1] as number) - (at[b] as number))
  const scratch = new Int32Array(maxSize * R_I32)
  const scratchF = new Float64Array(scratch.buffer)
  let out = 0
  for (let b = 0; b < buckets; b++) {
    const lo = at[b] as number
    const size = (at[b + 1] as number) - lo
    if (size === 0) continue
    scratch.set(i32.subarray(lo * R_I32, (lo + size) * R_I32))
    first.fill(-1)
    const base = b * width
    for (let k = 0; k < size; k++) {
      const o = (scratch[k * R_I32 + R_ORD] as number) - base
      if ((first[o] as number) < 0) first[o] = k
    }
    for (let o = 0; o < width; o++) {
      const k = first[o] as number
      if (k < 0) continue
      const r = out * R_I32
      const q = k * R_I32
      for (let j = 0; j <= R_ORD; j++) i32[r + j] = scratch[q + j] as number
      const d = out * R_F64 + R_LIMBS
      const s = k * R_F64 + R_LIMBS
      f64[d] = scratchF[s] as number
      f64[d + 1] = scratchF[s + 1] as number
      f64[d + 2] = scratchF[s + 2] as number
      f64[d + 3] = scratchF[s + 3] as number
      out++
    }
  }
  return out
}
