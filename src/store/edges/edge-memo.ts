import { AMOUNT_WIDE, allocBatch, type EdgeBatch, withAmounts } from './edge-batch.ts'

/** The most edges a source keeps to answer in-edge reads itself: about 55 bytes each. */
const MEMO_MAX_EDGES = 24_000_000

/**
 * The out-edge batches an edge source has handed out in one trace, kept while they may add up to the whole
 * window: a trace that spreads over most of the chain reads every edge once while expanding, and then asks for
 * the in-edges of nearly every address it reached. Once the reads have covered every source address, those
 * in-edges are a filter over what is held, not a second pass over the store. The batches are the ones the
 * engine received; it copies them, and nothing here writes to them.
 */
export class EdgeMemo {
  private batches: EdgeBatch[] = []
  private edges = 0
  /** Source ids read by outEdges so far (1), for checking that an except-read completes the cover. */
  private read: Uint8Array
  private complete = false
  private dropped = false

  constructor(addressCount: number) {
    this.read = new Uint8Array(addressCount)
  }

  /** Records an outEdges read of `ids`. */
  out(ids: Int32Array, b: EdgeBatch): void {
    if (!this.keep(b)) return
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number
      // An address read twice would hold its edges twice: give up rather than answer with duplicates.
      if (this.read[id]) {
        this.drop()
        return
      }
      this.read[id] = 1
    }
  }

  /** Records an outEdgesExcept read: with it, every source id has been read when all of `ids` were before. */
  outExcept(ids: Int32Array, b: EdgeBatch): void {
    if (!this.keep(b)) return
    for (let i = 0; i < ids.length; i++) {
      if (!this.read[ids[i] as number]) {
        this.drop()
        return
      }
    }
    this.complete = true
    this.read = new Uint8Array(0)
  }

  private keep(b: EdgeBatch): boolean {
    if (this.dropped || this.complete) return false
    if (this.edges + b.length > MEMO_MAX_EDGES) {
      this.drop()
      return false
    }
    this.batches.push(b)
    this.edges += b.length
    return true
  }

  private drop(): void {
    this.dropped = true
    this.batches = []
    this.read = new Uint8Array(0)
  }

  /**
   * The edges arriving at `ids` (optionally only in transactions `txos`), when every edge has been read;
   * undefined otherwise. Ids and txos are as the source hands them out (already oriented).
   */
  inEdges(ids: Int32Array, txos: Int32Array | undefined, addressCount: number): EdgeBatch | undefined {
    if (!this.complete) return undefined
    const want = new Uint8Array(addressCount)
    for (let i = 0; i < ids.length; i++) want[ids[i] as number] = 1
    const txSet = txos ? new Set(txos) : undefined
    let n = 0
    for (const b of this.batches) for (let i = 0; i < b.length; i++) if (want[b.dst[i] as number]) n++
    const out = allocBatch(n)
    for (const b of this.batches) {
      for (let i = 0; i < b.length; i++) {
        if (!want[b.dst[i] as number]) continue
        if (txSet && !txSet.has(b.txo[i] as number)) continue
        const k = out.length++
        out.ord[k] = b.ord[i] as number
        out.txo[k] = b.txo[i] as number
        out.src[k] = b.src[i] as number
        out.dst[k] = b.dst[i] as number
        out.asset[k] = b.asset[i] as number
        out.kind[k] = b.kind[i] as number
        out.l0[k] = b.l0[i] as number
        out.l1[k] = b.l1[i] as number
        out.l2[k] = b.l2[i] as number
        out.hi[k] = b.hi[i] as number
        if ((b.kind[i] as number) & AMOUNT_WIDE) out.wide.set(k, b.wide.get(i) as bigint)
      }
    }
    return withAmounts(out)
  }
}
