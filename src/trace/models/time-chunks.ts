import { converterGroups } from '../engine/converter-groups.ts'
import { orderWithinTx } from '../engine/edge-order.ts'
import type { TransferGraph } from '../engine/transfer-graph.ts'
import type { StateSlots } from './state-slots.ts'

const CHUNK = 4096

/**
 * The graph's edges in the order a model steps through them, copied a chunk at a time into columns read in
 * sequence: an address's outgoing edges are stored together, so stepping in time order reads the graph's columns
 * at random; a tight copying loop does that with many loads in flight, and the model's loop then reads in order.
 * Transactions are kept whole (one chunk may pass CHUNK by a transaction); the edges of one with several are in
 * orderWithinTx order, with the transaction's routed-swap groups.
 */
export class TimeChunks {
  length = 0
  edge: Int32Array = new Int32Array(CHUNK)
  src: Int32Array = new Int32Array(CHUNK)
  dst: Int32Array = new Int32Array(CHUNK)
  asset: Int32Array = new Int32Array(CHUNK)
  kind: Uint8Array = new Uint8Array(CHUNK)
  /** The amount's limbs, four per edge. */
  limbs: Float64Array = new Float64Array(4 * CHUNK)
  /** 1 where a transaction starts. */
  txStart: Uint8Array = new Uint8Array(CHUNK)
  /** At a transaction's start, its routed-swap groups (null for none). */
  groups: (Map<number, number> | null)[] = []
  private i = 0

  /** A sum of the state touched ahead of use (kept so that the reads are not dropped). */
  touched = 0

  /**
   * With `touch` (dense slots), copying an edge also reads its sender's and recipient's state, so that the model's
   * loop finds them in cache: the chunk's states are loaded with many misses in flight instead of one at a time.
   */
  constructor(
    private readonly g: TransferGraph,
    private readonly order: Int32Array,
    private readonly touch: { slots: StateSlots; touch(s: number): number } | null = null,
  ) {}

  /** Fills the next chunk; false when every edge was given. */
  next(): boolean {
    const { g, order } = this
    const txo = g.txo
    const n = order.length
    this.length = 0
    this.groups.length = 0
    let i = this.i
    while (i < n && this.length < CHUNK) {
      const e = order[i] as number
      const t = txo[e] as number
      let j = i + 1
      while (j < n && txo[order[j] as number] === t) j++
      if (j === i + 1) this.put(e, true, null)
      else {
        const edges = Array.from(order.subarray(i, j))
        const groups = converterGroups(g, edges)
        let first = true
        for (const x of orderWithinTx(g, edges)) {
          this.put(x, first, groups)
          first = false
        }
      }
      i = j
    }
    this.i = i
    return this.length > 0
  }

  private put(e: number, start: boolean, groups: Map<number, number> | null): void {
    const k = this.length
    if (k === this.edge.length) this.grow()
    const g = this.g
    this.edge[k] = e
    this.src[k] = g.src[e] as number
    this.dst[k] = g.dst[e] as number
    this.asset[k] = g.asset[e] as number
    this.kind[k] = g.kind[e] as number
    const l = this.limbs
    l[4 * k] = g.l0[e] as number
    l[4 * k + 1] = g.l1[e] as number
    l[4 * k + 2] = g.l2[e] as number
    l[4 * k + 3] = g.hi[e] as number
    const touch = this.touch
    if (touch) {
      const a = g.asset[e] as number
      this.touched +=
        touch.touch(touch.slots.denseSlot(g.src[e] as number, a)) +
        touch.touch(touch.slots.denseSlot(g.dst[e] as number, a))
    }
    this.txStart[k] = start ? 1 : 0
    if (start) this.groups[k] = groups
    this.length = k + 1
  }

  private grow(): void {
    const cap = this.edge.length * 2
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap)
      b.set(a)
      return b
    }
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap)
      b.set(a)
      return b
    }
    this.edge = i32(this.edge)
    this.src = i32(this.src)
    this.dst = i32(this.dst)
    this.asset = i32(this.asset)
    this.kind = u8(this.kind)
    this.txStart = u8(this.txStart)
    const l = new Float64Array(4 * cap)
    l.set(this.limbs)
    this.limbs = l
  }
}
