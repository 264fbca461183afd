import { converterGroups } from '../engine/converter-groups.ts'
import { orderWithinTx } from '../engine/edge-order.ts'
import type { TransferGraph } from '../engine/transfer-graph.ts'
import type { StateSlots } from './state-slots.ts'
import { R_ASSET, R_DST, R_F64, R_I32, R_KIND, R_LIMBS, R_SRC, R_TXO, type TimeRecords } from './time-records.ts'

// Small enough that the states a chunk reads ahead stay in the core's cache until its edges are stepped through.
const CHUNK = 512

/**
 * The graph's edges in the order a model steps through them (TimeRecords), copied a chunk at a time into columns,
 * reading ahead the states the chunk will touch.
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
   * Copying an edge also reads its sender's and recipient's flags and hop (`nodeHop`), and with `touch` (dense
   * slots) their state, so that the model's
   * loop finds them in cache: the chunk's states are loaded with many misses in flight instead of one at a time.
   */
  constructor(
    private readonly g: TransferGraph,
    private readonly rec: TimeRecords,
    private readonly touch: { slots: StateSlots; touch(s: number): number } | null = null,
    private readonly nodeHop: Int32Array | null = null,
  ) {}

  /** Fills the next chunk; false when every edge was given. */
  next(): boolean {
    const { g, rec } = this
    const ri = rec.i32
    const n = rec.length
    this.length = 0
    this.groups.length = 0
    let i = this.i
    while (i < n && this.length < CHUNK) {
      const t = ri[i * R_I32 + R_TXO] as number
      let j = i + 1
      while (j < n && ri[j * R_I32 + R_TXO] === t) j++
      if (j === i + 1) this.put(i, true, null)
      else {
        const at = new Map<number, number>()
        for (let p = i; p < j; p++) at.set(ri[p * R_I32] as number, p)
        const edges = [...at.keys()]
        const groups = converterGroups(g, edges)
        let first = true
        for (const x of orderWithinTx(g, edges)) {
          this.put(at.get(x) as number, first, groups)
          first = false
        }
      }
      i = j
    }
    this.i = i
    return this.length > 0
  }

  /** Copies record p (in time order) into the chunk. */
  private put(p: number, start: boolean, groups: Map<number, number> | null): void {
    const k = this.length
    if (k === this.edge.length) this.grow()
    const ri = this.rec.i32
    const rf = this.rec.f64
    const r = p * R_I32
    const src = ri[r + R_SRC] as number
    const dst = ri[r + R_DST] as number
    const a = ri[r + R_ASSET] as number
    this.edge[k] = ri[r] as number
    this.src[k] = src
    this.dst[k] = dst
    this.asset[k] = a
    this.kind[k] = ri[r + R_KIND] as number
    const l = this.limbs
    const d = p * R_F64 + R_LIMBS
    l[4 * k] = rf[d] as number
    l[4 * k + 1] = rf[d + 1] as number
    l[4 * k + 2] = rf[d + 2] as number
    l[4 * k + 3] = rf[d + 3] as number
    const touch = this.touch
    if (touch) this.touched += touch.touch(touch.slots.denseSlot(src, a)) + touch.touch(touch.slots.denseSlot(dst, a))
    const flags = this.g.flags
    const hop = this.nodeHop
    this.touched += (flags[src] as number) + (flags[dst] as number)
    if (hop) this.touched += (hop[src] as number) + (hop[dst] as number)
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
