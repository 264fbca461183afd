import type { PerAsset } from '../engine/per-asset.ts'

/** A run of value in an address's FIFO queue: `amount`, tainted or clean. */
export interface Segment {
  amount: bigint
  tainted: boolean
}

/**
 * Per (address, asset) taint accounting of one model. `debit` takes an outgoing transfer and returns its
 * tainted part; `credit` books an incoming one. Balances start at zero at the window's start: an outgoing
 * transfer larger than what the trace saw arrive is first topped up with clean value (a balance from before
 * the window, or from transfers the trace did not read).
 */
export interface TaintBook {
  debit(node: number, asset: number, amount: bigint): bigint
  /** The FIFO segments of the last debit, in the order they left; null for haircut. */
  lastSegments: Segment[] | null
  credit(node: number, asset: number, amount: bigint, tainted: bigint, segments: Segment[] | null): void
  /** Writes the tainted value still at each node into `out`. */
  held(out: PerAsset): void
}

interface Slot<S> {
  asset: number
  states: (S | undefined)[]
}

/** Per-asset columns of per-node state, for the books. */
class Columns<S> {
  private readonly slots: Slot<S>[] = []
  private last: Slot<S> | undefined

  constructor(
    private readonly nodes: number,
    private readonly fresh: () => S,
  ) {}

  get(node: number, asset: number): S {
    let slot = this.last
    if (!slot || slot.asset !== asset) {
      slot = this.slots.find((s) => s.asset === asset)
      if (!slot) {
        slot = { asset, states: new Array<S | undefined>(this.nodes) }
        this.slots.push(slot)
      }
      this.last = slot
    }
    let s = slot.states[node]
    if (s === undefined) {
      s = this.fresh()
      slot.states[node] = s
    }
    return s
  }

  forEach(fn: (node: number, asset: number, s: S) => void): void {
    for (const slot of this.slots) {
      slot.states.forEach((s, node) => {
        if (s !== undefined) fn(node, slot.asset, s)
      })
    }
  }
}

/**
 * Haircut: every outgoing transfer carries the address's tainted share at that moment,
 * floor(amount * tainted / balance); the floor's remainder stays tainted at the address, so nothing is lost
 * or created and an address never sends more taint than it received.
 */
export class HaircutBook implements TaintBook {
  private readonly c: Columns<{ bal: bigint; taint: bigint }>
  lastSegments = null
  constructor(nodes: number) {
    this.c = new Columns(nodes, () => ({ bal: 0n, taint: 0n }))
  }

  debit(node: number, asset: number, amount: bigint): bigint {
    const s = this.c.get(node, asset)
    if (s.bal < amount) s.bal = amount
    let t = 0n
    if (s.taint > 0n) t = s.taint === s.bal ? amount : (amount * s.taint) / s.bal
    s.taint -= t
    s.bal -= amount
    return t
  }

  credit(node: number, asset: number, amount: bigint, tainted: bigint): void {
    const s = this.c.get(node, asset)
    s.bal += amount
    s.taint += tainted
  }

  held(out: PerAsset): void {
    this.c.forEach((node, asset, s) => {
      if (s.taint > 0n) out.set(node, asset, s.taint)
    })
  }
}

/**
 * FIFO: an address's value is a queue of segments in arrival order; an outgoing transfer takes from the front,
 * and the recipient appends the same segments in the same order. Value beyond the queue is clean.
 */
export class FifoBook implements TaintBook {
  private readonly c: Columns<{ q: Segment[]; head: number; taint: bigint }>
  lastSegments: Segment[] | null = null
  constructor(nodes: number) {
    this.c = new Columns(nodes, () => ({ q: [], head: 0, taint: 0n }))
  }

  debit(node: number, asset: number, amount: bigint): bigint {
    const s = this.c.get(node, asset)
    const out: Segment[] = []
    let left = amount
    let t = 0n
    while (left > 0n && s.head < s.q.length) {
      const seg = s.q[s.head] as Segment
      // biome-ignore lint/complexity/useMathMinMax: bigint
      const take = seg.amount <= left ? seg.amount : left
      appendSegment(out, take, seg.tainted)
      if (seg.tainted) t += take
      left -= take
      if (take === seg.amount) s.head++
      else seg.amount -= take
    }
    if (left > 0n) appendSegment(out, left, false)
    if (s.head > 64 && s.head * 2 > s.q.length) {
      s.q = s.q.slice(s.head)
      s.head = 0
    }
    s.taint -= t
    this.lastSegments = out
    return t
  }

  credit(node: number, asset: number, amount: bigint, tainted: bigint, segments: Segment[] | null): void {
    const s = this.c.get(node, asset)
    for (const seg of segments ?? splitSegments(amount, tainted)) appendSegment(s.q, seg.amount, seg.tainted, s.head)
    s.taint += tainted
  }

  held(out: PerAsset): void {
    this.c.forEach((node, asset, s) => {
      if (s.taint > 0n) out.set(node, asset, s.taint)
    })
  }
}

/** A transfer with a tainted part and no known order inside it: the tainted part first. */
export function splitSegments(amount: bigint, tainted: bigint): Segment[] {
  const out: Segment[] = []
  appendSegment(out, tainted, true)
  appendSegment(out, amount - tainted, false)
  return out
}

function appendSegment(q: Segment[], amount: bigint, tainted: boolean, head = 0): void {
  if (amount <= 0n) return
  const last = q.length > head ? q[q.length - 1] : undefined
  if (last && last.tainted === tainted) last.amount += amount
  else q.push({ amount, tainted })
}
