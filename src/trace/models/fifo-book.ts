import type { PerAsset } from '../engine/per-asset.ts'
import { add4, addReceived, cmp4, copy4, isZero4, LimbValue, receivedAt, sub4, toBig4, zero4 } from './limbs.ts'
import { growF64To, StateSlots } from './state-slots.ts'
import { type FifoState, fifoCredit, fifoDebit, type Segment, splitSegments } from './taint-book.ts'

/** Doubles per slot, one cache line: the tainted total (four limbs), the queue's head and tail, and the wide flag. */
const STRIDE = 8
const HEAD = 4
const TAIL = 5
const WIDE = 6
const SEG = 8
const SEG_FLAG = 4
const SEG_NEXT = 5

/**
 * FIFO in limbs: each (node, asset) slot's queue is a linked list of segments in one pool of typed arrays (amount
 * limbs, tainted flag, next), taken from the head and appended at the tail, merging runs of the same kind as the
 * bigint model does. A state meeting a value at or above 2^84 (an amount, a merged run, its tainted total) moves to
 * the bigint queue of taint-book.ts for good; `wideAll` puts every state there, for the tests.
 */
export class FifoLimbBook {
  readonly slots: StateSlots
  /** Per slot: see STRIDE. */
  private taint: Float64Array
  /** Per slot, what the node received tainted (four limbs), apart: only tainted arrivals touch it. */
  private recv: Float64Array
  private readonly wide = new Map<number, FifoState>()
  private readonly recvWide = new Map<number, bigint>()
  // The segment pool, with a free list through `next`.
  // One cache line per segment: the amount's four limbs, then the tainted flag and the next segment (SEG doubles).
  private segAmt: Float64Array = new Float64Array(SEG * 1024)
  private segCap = 1024
  private segUsed = 0
  private free = -1
  /** Segments in use (for the tests: the pool reuses what queues give back). */
  live = 0
  // The segments of the last debit, in the order they left: in limbs, or as bigints when `outBig`.
  private outAmt: Float64Array = new Float64Array(4 * 64)
  private outFlag: Uint8Array = new Uint8Array(64)
  private outN = 0
  private outBig = false
  private readonly outSegs: Segment[] = []
  private readonly left = new Float64Array(4)
  private readonly rest = new LimbValue()
  /** The tainted part of the last debit. */
  readonly t = new LimbValue()

  constructor(
    nodes: number,
    private readonly wideAll = false,
    dense?: readonly number[],
  ) {
    this.slots = new StateSlots(nodes, dense)
    const n = Math.max(1024, this.slots.count)
    this.taint = new Float64Array(STRIDE * n)
    this.recv = new Float64Array(4 * n)
    this.clear(0, n)
    if (wideAll) for (let s = 0; s < this.slots.count; s++) this.toWide(s)
  }

  /** Reads a slot's state ahead of use (returns a sum so that the reads are kept). */
  touch(s: number): number {
    return this.taint[STRIDE * s + HEAD] as number
  }

  /** Empties the queues of slots [from, to). */
  private clear(from: number, to: number): void {
    const t = this.taint
    for (let s = from; s < to; s++) {
      t[STRIDE * s + HEAD] = -1
      t[STRIDE * s + TAIL] = -1
    }
  }

  /** The slot of (node, asset), made on first use. */
  slot(node: number, asset: number): number {
    const s = this.slots.slot(node, asset)
    if (this.slots.made) {
      const n = this.slots.count
      this.taint = growF64To(this.taint, STRIDE * n)
      this.recv = growF64To(this.recv, 4 * n)
      this.clear(s, s + 1)
      if (this.wideAll) this.toWide(s)
    }
    return s
  }

  /** Takes `a` out of slot s from the front of its queue; the tainted part is left in `t`. */
  debit(s: number, a: LimbValue): void {
    this.outN = 0
    if (this.taint[STRIDE * s + WIDE] || a.big !== null) {
      this.outBig = true
      this.t.setBig(fifoDebit(this.toWide(s), a.toBig(), this.outSegs))
      return
    }
    this.outBig = false
    const left = this.left
    copy4(left, 0, a.l, 0)
    const tl = this.t.l
    this.t.big = null
    zero4(tl, 0)
    const amt = this.segAmt
    while (!isZero4(left, 0)) {
      const g = this.taint[STRIDE * s + HEAD] as number
      if (g < 0) break
      const tainted = this.segAmt[SEG * g + SEG_FLAG] as number
      if (cmp4(amt, SEG * g, left, 0) <= 0) {
        // The whole segment leaves.
        this.pushOut(amt, SEG * g, tainted)
        if (tainted) add4(tl, 0, amt, SEG * g)
        sub4(left, 0, amt, SEG * g)
        const next = this.segAmt[SEG * g + SEG_NEXT] as number
        this.taint[STRIDE * s + HEAD] = next
        if (next < 0) this.taint[STRIDE * s + TAIL] = -1
        this.release(g)
      } else {
        this.pushOut(left, 0, tainted)
        if (tainted) add4(tl, 0, left, 0)
        sub4(amt, SEG * g, left, 0)
        zero4(left, 0)
      }
    }
    if (!isZero4(left, 0)) this.pushOut(left, 0, 0)
    sub4(this.taint, STRIDE * s, tl, 0)
  }

  /**
   * Books an incoming `a` with tainted part `t` into slot s: the segments of the debit just made when
   * `fromDebit`, else the tainted part first, then the clean rest.
   */
  credit(s: number, a: LimbValue, t: LimbValue, fromDebit: boolean): void {
    const big = this.taint[STRIDE * s + WIDE] || a.big !== null || t.big !== null || (fromDebit && this.outBig)
    if (!big) {
      if (fromDebit) {
        for (let k = 0; k < this.outN; k++) this.append(s, this.outAmt, 4 * k, this.outFlag[k] as number)
      } else {
        const rest = this.rest
        copy4(rest.l, 0, a.l, 0)
        sub4(rest.l, 0, t.l, 0)
        if (!isZero4(t.l, 0)) this.append(s, t.l, 0, 1)
        if (!isZero4(rest.l, 0)) this.append(s, rest.l, 0, 0)
      }
      if (!this.taint[STRIDE * s + WIDE] && add4(this.taint, STRIDE * s, t.l, 0)) return
      this.toWide(s).taint += t.toBig()
      return
    }
    const segs = fromDebit ? this.debitSegments() : splitSegments(a.toBig(), t.toBig())
    fifoCredit(this.toWide(s), segs, t.toBig())
  }

  /** Adds a tainted arrival to what the slot's node received. */
  receive(s: number, t: LimbValue): void {
    addReceived(this.recv, 4 * s, this.recvWide, s, t)
  }

  /** What the slot's node received tainted, null for nothing. */
  received(s: number): bigint | null {
    return receivedAt(this.recv, 4 * s, this.recvWide, s)
  }

  /** Writes the tainted value still at each node into `out`. */
  held(out: PerAsset): void {
    this.slots.forEach((node, asset, s) => {
      if (!this.taint[STRIDE * s + WIDE]) {
        if (!isZero4(this.taint, STRIDE * s)) out.set(node, asset, toBig4(this.taint, STRIDE * s))
      } else if ((this.wide.get(s) as FifoState).taint > 0n) out.set(node, asset, (this.wide.get(s) as FifoState).taint)
    })
  }

  /** The segments of the last debit as bigints. */
  private debitSegments(): Segment[] {
    if (this.outBig) return this.outSegs
    return Array.from({ length: this.outN }, (_, k) => ({
      amount: toBig4(this.outAmt, 4 * k),
      tainted: this.outFlag[k] === 1,
    }))
  }

  /** Appends a run to the debit's output, merging it into the last run of the same kind (sums stay below a). */
  private pushOut(x: Float64Array, xi: number, tainted: number): void {
    const n = this.outN
    if (n > 0 && this.outFlag[n - 1] === tainted) {
      add4(this.outAmt, 4 * (n - 1), x, xi)
      return
    }
    if (n === this.outFlag.length) {
      this.outAmt = growF64To(this.outAmt, 8 * n)
      const f = new Uint8Array(2 * n)
      f.set(this.outFlag)
      this.outFlag = f
    }
    copy4(this.outAmt, 4 * n, x, xi)
    this.outFlag[n] = tainted
    this.outN = n + 1
  }

  /** Appends a run at the queue's tail, merged into the tail of the same kind; a merge reaching 2^84 goes wide. */
  private append(s: number, x: Float64Array, xi: number, tainted: number): void {
    if (this.taint[STRIDE * s + WIDE]) {
      const w = this.wide.get(s) as FifoState
      fifoCredit(w, [{ amount: toBig4(x, xi), tainted: tainted === 1 }], 0n)
      return
    }
    const last = this.taint[STRIDE * s + TAIL] as number
    if (last >= 0 && this.segAmt[SEG * last + SEG_FLAG] === tainted) {
      if (add4(this.segAmt, SEG * last, x, xi)) return
      const w = this.toWide(s)
      fifoCredit(w, [{ amount: toBig4(x, xi), tainted: tainted === 1 }], 0n)
      return
    }
    const g = this.take()
    copy4(this.segAmt, SEG * g, x, xi)
    this.segAmt[SEG * g + SEG_FLAG] = tainted
    this.segAmt[SEG * g + SEG_NEXT] = -1
    if (last >= 0) this.segAmt[SEG * last + SEG_NEXT] = g
    else this.taint[STRIDE * s + HEAD] = g
    this.taint[STRIDE * s + TAIL] = g
  }

  private take(): number {
    this.live++
    if (this.free >= 0) {
      const g = this.free
      this.free = this.segAmt[SEG * g + SEG_NEXT] as number
      return g
    }
    const g = this.segUsed++
    if (g === this.segCap) {
      this.segCap = 2 * g
      this.segAmt = growF64To(this.segAmt, SEG * this.segCap)
    }
    return g
  }

  private release(g: number): void {
    this.live--
    this.segAmt[SEG * g + SEG_NEXT] = this.free
    this.free = g
  }

  /** Moves a slot's queue to bigints for good. */
  private toWide(s: number): FifoState {
    let w = this.wide.get(s)
    if (w) return w
    const q: Segment[] = []
    for (let g = this.taint[STRIDE * s + HEAD] as number; g >= 0; ) {
      q.push({ amount: toBig4(this.segAmt, SEG * g), tainted: this.segAmt[SEG * g + SEG_FLAG] === 1 })
      const next = this.segAmt[SEG * g + SEG_NEXT] as number
      this.release(g)
      g = next
    }
    this.taint[STRIDE * s + HEAD] = -1
    this.taint[STRIDE * s + TAIL] = -1
    w = { q, head: 0, taint: toBig4(this.taint, STRIDE * s) }
    zero4(this.taint, STRIDE * s)
    this.wide.set(s, w)
    this.taint[STRIDE * s + WIDE] = 1
    return w
  }
}
