import { growInt32, growUint8 } from '../../store/edges/edge-batch.ts'
import { converterGroups, isFollowedConverter } from '../engine/converter-groups.ts'
import { orderWithinTx } from '../engine/edge-order.ts'
import { PerAsset } from '../engine/per-asset.ts'
import { NodeFlag, type TransferGraph } from '../engine/transfer-graph.ts'
import {
  addTo as add,
  Converters,
  freshNodeHops,
  reachAt,
  relaxedFrom,
  type ScanInput,
  type ScanResult,
  seedShareOf,
} from './scan-types.ts'
import {
  type FifoState,
  fifoCredit,
  fifoDebit,
  type HaircutState,
  haircutCredit,
  haircutDebit,
  type Segment,
  splitSegments,
} from './taint-book.ts'

const NOT_FOLLOWED = 0x7fffffff

/**
 * The models in bigints, as a book that can be carried forward: the state after the transactions applied so far
 * (per edge its taint and hop, per node and asset what arrived and what ended there, the haircut balances, FIFO
 * queues or poison sums). `referenceScan` applies every transaction of a graph once; a live watch keeps one book and
 * applies each new block's transactions as they arrive (they are later than everything applied), so the book after
 * a block is the one a scan over the whole window would end with. The graph may grow between transactions.
 */
export class ReferenceBook {
  private readonly g: TransferGraph
  private taint: (bigint | undefined)[] = []
  private tainted: Uint8Array = new Uint8Array(0)
  private hops: Int32Array = new Int32Array(0)
  private nodeHop: Int32Array = new Int32Array(0)
  readonly swapIn = new Map<number, number>()
  readonly seeded = new Map<number, bigint>()
  readonly swappedIn = new Map<number, bigint>()
  readonly received = new PerAsset(0)
  /** Taint that ended outside a book: at a converter or an address not followed. */
  readonly ended = new PerAsset(0)
  taintedEdges = 0
  private readonly book: BigBook | null
  private readonly sent = new PerAsset(0)
  private readonly since = new PerAsset(0)
  private poisonFrom: Int32Array | null
  private readonly conv: Converters
  private groups: Map<number, number> | null = null
  private nodesSeen = 0

  constructor(private readonly input: ScanInput) {
    const g = input.graph
    this.g = g
    this.book = input.model === 'haircut' ? new BigHaircut() : input.model === 'fifo' ? new BigFifo() : null
    this.poisonFrom = input.model === 'poison' ? relaxedFrom(g, input.relaxLog) : null
    this.conv = new Converters(input.model === 'poison')
    this.fit()
  }

  /** Sizes the per-edge and per-node columns for the graph as it now is (new nodes start untainted). */
  fit(): void {
    const g = this.g
    if (this.tainted.length < g.edgeCount) {
      const cap = Math.max(g.edgeCount, this.tainted.length * 2, 64)
      this.tainted = growUint8(this.tainted, cap)
      this.hops = growInt32(this.hops, cap)
    }
    if (this.nodeHop.length < g.nodeCount) {
      const cap = Math.max(g.nodeCount, this.nodeHop.length * 2, 64)
      const h = freshNodeHops(cap)
      h.set(this.nodeHop)
      this.nodeHop = h
      if (this.poisonFrom) {
        const p = new Int32Array(cap).fill(NOT_FOLLOWED)
        p.set(this.poisonFrom)
        this.poisonFrom = p
      }
    }
    for (; this.nodesSeen < g.nodeCount; this.nodesSeen++) {
      if ((g.flags[this.nodesSeen] as number) & NodeFlag.seed) this.nodeHop[this.nodesSeen] = 0
    }
  }

  /** Poison: from which transaction a newly followed address passes taint on (its earliest relax). */
  followFrom(u: number, txo: number): void {
    if (this.poisonFrom && txo < (this.poisonFrom[u] as number)) this.poisonFrom[u] = txo
  }

  /** Applies distinct edges in time order, one transaction at a time. */
  applyOrder(order: ArrayLike<number>): void {
    const g = this.g
    let i = 0
    while (i < order.length) {
      const txo = g.txo[order[i] as number] as number
      let j = i + 1
      while (j < order.length && g.txo[order[j] as number] === txo) j++
      const edges: number[] = []
      for (let k = i; k < j; k++) edges.push(order[k] as number)
      this.applyTx(edges)
      i = j
    }
  }

  /** Applies the distinct edges of one transaction (later than every transaction applied before). */
  applyTx(edges: number[]): void {
    this.fit()
    this.conv.reset()
    this.groups = null
    if (edges.length === 1) this.step(edges[0] as number)
    else {
      this.groups = converterGroups(this.g, edges)
      for (const e of orderWithinTx(this.g, edges)) this.step(e)
    }
  }

  /**
   * Books the clean history of an address that becomes followed only now: its transfers in the window before any
   * taint reached it (in time order), which move its balance or queue and nothing else. Returns false when one of
   * them would have carried taint (then the history is not clean and the caller must trace again).
   */
  bookHistory(u: number, edges: readonly number[]): boolean {
    const g = this.g
    for (const e of edges) {
      const a = g.asset[e] as number
      if (g.src[e] === u && this.book) {
        if (this.book.debit(u, a, g.amount(e)) !== 0n) return false
      }
      if (g.dst[e] === u && this.book) this.book.credit(u, a, g.amount(e), 0n, null)
    }
    return true
  }

  /** An address no longer followed (a deposit address recognised by its sweep): what reached it ends there. */
  unfollow(u: number): void {
    this.book?.drop(u)
    for (const m of [this.since, this.sent]) for (const a of m.assets) m.set(u, a, 0n)
    for (const a of this.received.assets) this.ended.add(u, a, this.received.get(u, a))
  }

  taintOf(e: number): bigint {
    return this.taint[e] ?? 0n
  }

  isTainted(e: number): boolean {
    return this.tainted[e] === 1
  }

  hopOf(e: number): number {
    return this.hops[e] as number
  }

  taintHop(u: number): number {
    return u < this.nodeHop.length ? (this.nodeHop[u] as number) : -1
  }

  /** What ended at a node per asset: held (its book), or everything it received when it is not followed. */
  finalOf(u: number, asset: number): bigint {
    const f = this.g.flags[u] as number
    if (f & NodeFlag.expanded && !(f & NodeFlag.converter)) {
      if (this.book) return this.book.taintOf(u, asset)
      return this.poisonHeldOf(u, asset)
    }
    return this.ended.get(u, asset)
  }

  /** The scan's result as it stands; the book itself carries on unchanged. */
  result(order: Int32Array): ScanResult {
    const g = this.g
    this.fit()
    const final = new PerAsset(g.nodeCount)
    this.ended.forEach((node, asset, v) => {
      final.add(node, asset, v)
    })
    if (this.book) this.book.held(final)
    else this.poisonHeld(final)
    const taint = this.taint
    return {
      tainted: this.tainted.subarray(0, g.edgeCount),
      taintOf: (e) => taint[e] ?? 0n,
      hops: this.hops.subarray(0, g.edgeCount),
      nodeHop: this.nodeHop.subarray(0, g.nodeCount),
      swapIn: this.swapIn,
      order,
      taintedEdges: this.taintedEdges,
      seeded: this.seeded,
      swappedIn: this.swappedIn,
      received: this.received,
      final,
    }
  }

  private group(u: number): number {
    return this.groups?.get(u) ?? u
  }

  private step(e: number): void {
    const g = this.g
    const input = this.input
    const u = g.src[e] as number
    const v = g.dst[e] as number
    const a = g.asset[e] as number
    const fu = g.flags[u] as number
    const fv = g.flags[v] as number
    const uConv = isFollowedConverter(g, u)
    const vConv = isFollowedConverter(g, v)
    // Inside a routed swap: the value is the swap's, carried by none of its legs.
    if (uConv && vConv && u !== v) return
    const seedAssetOk = input.seedAsset === undefined || input.seedAsset === a
    const intoSeed = seedAssetOk && (fv & NodeFlag.seed) !== 0
    const isSeed = intoSeed || (seedAssetOk && input.seedOrds.has(g.ord[e] as number))
    if (!(fu & NodeFlag.expanded) && !(fv & NodeFlag.expanded) && !isSeed) return
    const amt = g.amount(e)
    const book = this.book
    let t = 0n
    let hop = -1
    let segs = null
    if (uConv) {
      const out = this.conv.out(this.group(u), a, amt)
      t = out.tainted
      if (t > 0n) {
        add(this.swappedIn, a, t)
        hop = out.hop + 1
        this.swapIn.set(e, out.input)
      }
    } else if (fu & NodeFlag.expanded) {
      if (book) {
        t = book.debit(u, a, amt)
        segs = book.lastSegments
      } else if ((g.txo[e] as number) >= (this.poisonFrom?.[u] as number)) t = amt
      if (!book && (g.txo[e] as number) >= (g.arr[u] as number)) this.sent.add(u, a, amt)
      hop = (this.nodeHop[u] as number) + 1
    }
    if (isSeed) {
      const seed = input.seedShare && !intoSeed ? seedShareOf(amt, input.seedShare) : amt
      if (seed > t) {
        add(this.seeded, a, seed - t)
        t = seed
      }
      segs = null
      hop = intoSeed ? 0 : 1
      this.swapIn.delete(e)
    }
    if (t > 0n) {
      this.taint[e] = t
      this.tainted[e] = 1
      this.taintedEdges++
      this.received.add(v, a, t)
      this.hops[e] = hop
      reachAt(this.nodeHop, v, hop)
    }
    if (vConv) {
      this.conv.in(this.group(v), a, amt, t, e, hop)
      this.ended.add(v, a, t)
    } else if (fv & NodeFlag.expanded) {
      if (book) book.credit(v, a, amt, t, segs ?? (input.model === 'fifo' ? splitSegments(amt, t) : null))
      else if (g.inLoaded[v] && (g.txo[e] as number) >= (g.arr[v] as number)) this.since.add(v, a, amt)
    } else this.ended.add(v, a, t)
  }

  /**
   * Poison: everything a followed address received from its first tainted arrival on is tainted, so what it still
   * holds of it is (per asset, what arrived since minus what left since). Without its incoming edges read, only
   * the tainted arrivals are known.
   */
  private poisonHeld(out: PerAsset): void {
    const g = this.g
    this.received.forEach((node, asset, got) => {
      const f = g.flags[node] as number
      if (!(f & NodeFlag.expanded) || f & NodeFlag.converter || g.inLoaded[node]) return
      const held = got - this.sent.get(node, asset)
      if (held > 0n) out.set(node, asset, held)
    })
    this.since.forEach((node, asset, got) => {
      const held = got - this.sent.get(node, asset)
      if (held > 0n) out.set(node, asset, held)
    })
  }

  private poisonHeldOf(u: number, asset: number): bigint {
    const got = this.g.inLoaded[u] ? this.since.get(u, asset) : this.received.get(u, asset)
    const held = got - this.sent.get(u, asset)
    return held > 0n ? held : 0n
  }
}

interface BigBook {
  debit(node: number, asset: number, amount: bigint): bigint
  lastSegments: Segment[] | null
  credit(node: number, asset: number, amount: bigint, tainted: bigint, segments: Segment[] | null): void
  held(out: PerAsset): void
  taintOf(node: number, asset: number): bigint
  drop(node: number): void
}

/** Per (node, asset) states in one map per asset, in order of first use. */
class States<S> {
  private readonly byAsset = new Map<number, Map<number, S>>()
  constructor(private readonly fresh: () => S) {}

  get(node: number, asset: number): S {
    let m = this.byAsset.get(asset)
    if (!m) {
      m = new Map()
      this.byAsset.set(asset, m)
    }
    let s = m.get(node)
    if (s === undefined) {
      s = this.fresh()
      m.set(node, s)
    }
    return s
  }

  peek(node: number, asset: number): S | undefined {
    return this.byAsset.get(asset)?.get(node)
  }

  drop(node: number): void {
    for (const m of this.byAsset.values()) m.delete(node)
  }

  forEach(fn: (node: number, asset: number, s: S) => void): void {
    for (const [asset, m] of this.byAsset)
      for (const node of [...m.keys()].sort((a, b) => a - b)) fn(node, asset, m.get(node) as S)
  }
}

class BigHaircut implements BigBook {
  private readonly c = new States<HaircutState>(() => ({ bal: 0n, taint: 0n }))
  lastSegments = null
  debit(node: number, asset: number, amount: bigint): bigint {
    return haircutDebit(this.c.get(node, asset), amount)
  }
  credit(node: number, asset: number, amount: bigint, tainted: bigint): void {
    haircutCredit(this.c.get(node, asset), amount, tainted)
  }
  held(out: PerAsset): void {
    this.c.forEach((node, asset, s) => {
      if (s.taint > 0n) out.set(node, asset, s.taint)
    })
  }
  taintOf(node: number, asset: number): bigint {
    return this.c.peek(node, asset)?.taint ?? 0n
  }
  drop(node: number): void {
    this.c.drop(node)
  }
}

class BigFifo implements BigBook {
  private readonly c = new States<FifoState>(() => ({ q: [], head: 0, taint: 0n }))
  lastSegments: Segment[] | null = null
  debit(node: number, asset: number, amount: bigint): bigint {
    const out: Segment[] = []
    const t = fifoDebit(this.c.get(node, asset), amount, out)
    this.lastSegments = out
    return t
  }
  credit(node: number, asset: number, amount: bigint, tainted: bigint, segments: Segment[] | null): void {
    fifoCredit(this.c.get(node, asset), segments ?? splitSegments(amount, tainted), tainted)
  }
  held(out: PerAsset): void {
    this.c.forEach((node, asset, s) => {
      if (s.taint > 0n) out.set(node, asset, s.taint)
    })
  }
  taintOf(node: number, asset: number): bigint {
    return this.c.peek(node, asset)?.taint ?? 0n
  }
  drop(node: number): void {
    this.c.drop(node)
  }
}
