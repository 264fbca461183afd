import type { PerAsset } from '../engine/per-asset.ts'
import {
  add4,
  addReceived,
  cmp4,
  copy4,
  isZero4,
  LimbValue,
  mulDivFloor,
  receivedAt,
  sub4,
  toBig4,
  zero4,
} from './limbs.ts'
import { growF64To, StateSlots } from './state-slots.ts'
import { type HaircutState, haircutCredit, haircutDebit } from './taint-book.ts'

/** Doubles per slot, one cache line: balance and tainted part (four limbs each); the balance's top limb is -1 once wide. */
const STRIDE = 8
const WIDE = -1

/**
 * Haircut in limbs: per (node, asset) slot, the balance and its tainted part as four 21-bit limbs each, side by
 * side in one Float64Array (so one transfer touches one cache line per side); what the node received tainted is
 * apart, touched only by tainted arrivals. A state whose balance would reach 2^84, or that meets
 * an amount that large, moves to bigints for good (the same arithmetic as HaircutBook); `wideAll` puts every state
 * there, the plain bigint model, which the tests compare with.
 */
export class HaircutLimbBook {
  readonly slots: StateSlots
  private st: Float64Array
  private recv: Float64Array
  private readonly wide = new Map<number, HaircutState>()
  private readonly recvWide = new Map<number, bigint>()
  /** The tainted part of the last debit. */
  readonly t = new LimbValue()

  constructor(
    nodes: number,
    private readonly wideAll = false,
    dense?: readonly number[],
  ) {
    this.slots = new StateSlots(nodes, dense)
    this.st = new Float64Array(STRIDE * Math.max(1024, this.slots.count))
    this.recv = new Float64Array(4 * Math.max(1024, this.slots.count))
    if (wideAll) for (let s = 0; s < this.slots.count; s++) this.toWide(s)
  }

  /** Reads a slot's state ahead of use (returns a sum so that the reads are kept). */
  touch(s: number): number {
    return this.st[STRIDE * s + 3] as number
  }

  /** The slot of (node, asset), made on first use. */
  slot(node: number, asset: number): number {
    const s = this.slots.slot(node, asset)
    if (this.slots.made) {
      this.st = growF64To(this.st, STRIDE * this.slots.count)
      this.recv = growF64To(this.recv, 4 * this.slots.count)
      if (this.wideAll) this.toWide(s)
    }
    return s
  }

  private toWide(s: number): HaircutState {
    let w = this.wide.get(s)
    if (!w) {
      w = { bal: toBig4(this.st, STRIDE * s), taint: toBig4(this.st, STRIDE * s + 4) }
      this.wide.set(s, w)
      this.st[STRIDE * s + 3] = WIDE
    }
    return w
  }

  /** Takes `a` out of slot s; its tainted share is left in `t`. */
  debit(s: number, a: LimbValue): void {
    if (this.st[STRIDE * s + 3] === WIDE || a.big !== null) {
      this.t.setBig(haircutDebit(this.toWide(s), a.toBig()))
      return
    }
    const st = this.st
    const b = STRIDE * s
    const ti = b + 4
    const out = this.t.l
    this.t.big = null
    if (cmp4(st, b, a.l, 0) < 0) copy4(st, b, a.l, 0)
    if (isZero4(st, ti)) zero4(out, 0)
    else if (cmp4(st, ti, st, b) === 0) copy4(out, 0, a.l, 0)
    else mulDivFloor(a.l, 0, st, ti, st, b, out, 0)
    sub4(st, ti, out, 0)
    sub4(st, b, a.l, 0)
  }

  /** Books `a` with tainted part `t` into slot s. */
  credit(s: number, a: LimbValue, t: LimbValue): void {
    const b = STRIDE * s
    // The taint stays at most the balance, so once the balance fits, so does the taint.
    if (this.st[b + 3] === WIDE || a.big !== null || t.big !== null || !add4(this.st, b, a.l, 0)) {
      haircutCredit(this.toWide(s), a.toBig(), t.toBig())
      return
    }
    add4(this.st, b + 4, t.l, 0)
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
      if (this.st[STRIDE * s + 3] !== WIDE) {
        if (!isZero4(this.st, STRIDE * s + 4)) out.set(node, asset, toBig4(this.st, STRIDE * s + 4))
      } else if ((this.wide.get(s) as HaircutState).taint > 0n)
        out.set(node, asset, (this.wide.get(s) as HaircutState).taint)
    })
  }
}
