import { converterGroups, isFollowedConverter } from '../engine/converter-groups.ts'
import { edgesInOrder, orderWithinTx } from '../engine/edge-order.ts'
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

/**
 * The models in bigints, as the reference the limb scans (scan.ts, poison-scan.ts) are tested against: applies
 * the haircut, FIFO or poison model to the read graph in time order, one transaction at a time. Only expanded
 * addresses pass taint on. Converters (DEX pairs and routers, WETH) joined by transfers inside one transaction are
 * one routed swap: its payouts to others carry, in the asset paid out, the tainted share of what others paid
 * into it in that transaction (floor division); transfers between its converters carry nothing.
 */
export function referenceScan(input: ScanInput): ScanResult {
  const g = input.graph
  const order = edgesInOrder(g, input.totalEdges)
  const taint = new Array<bigint | undefined>(g.edgeCount)
  const r: ScanResult = {
    tainted: new Uint8Array(g.edgeCount),
    taintOf: (e) => taint[e] ?? 0n,
    hops: new Int32Array(g.edgeCount),
    nodeHop: freshNodeHops(g.nodeCount),
    swapIn: new Map(),
    order,
    taintedEdges: 0,
    seeded: new Map(),
    swappedIn: new Map(),
    received: new PerAsset(g.nodeCount),
    final: new PerAsset(g.nodeCount),
  }
  for (let u = 0; u < g.nodeCount; u++) if ((g.flags[u] as number) & NodeFlag.seed) r.nodeHop[u] = 0
  const book: BigBook | null =
    input.model === 'haircut' ? new BigHaircut() : input.model === 'fifo' ? new BigFifo() : null
  const sent = new PerAsset(g.nodeCount)
  // Poison: every inflow of a followed address from its first tainted arrival on, for what it holds.
  const since = new PerAsset(g.nodeCount)
  const poisonFrom = input.model === 'poison' ? relaxedFrom(g, input.relaxLog) : null
  const conv = new Converters(input.model === 'poison')
  let groups: Map<number, number> | null = null
  const group = (u: number) => groups?.get(u) ?? u
  const step = (e: number) => {
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
    let t = 0n
    let hop = -1
    let segs = null
    if (uConv) {
      const out = conv.out(group(u), a, amt)
      t = out.tainted
      if (t > 0n) {
        add(r.swappedIn, a, t)
        hop = out.hop + 1
        r.swapIn.set(e, out.input)
      }
    } else if (fu & NodeFlag.expanded) {
      if (book) {
        t = book.debit(u, a, amt)
        segs = book.lastSegments
      } else if ((g.txo[e] as number) >= (poisonFrom?.[u] as number)) t = amt
      if (!book && (g.txo[e] as number) >= (g.arr[u] as number)) sent.add(u, a, amt)
      hop = (r.nodeHop[u] as number) + 1
    }
    if (isSeed) {
      add(r.seeded, a, amt - t)
      t = amt
      segs = null
      hop = intoSeed ? 0 : 1
      r.swapIn.delete(e)
    }
    if (t > 0n) {
      taint[e] = t
      r.tainted[e] = 1
      r.taintedEdges++
      r.received.add(v, a, t)
      r.hops[e] = hop
      reachAt(r.nodeHop, v, hop)
    }
    if (vConv) {
      conv.in(group(v), a, amt, t, e, hop)
      r.final.add(v, a, t)
    } else if (fv & NodeFlag.expanded) {
      if (book) book.credit(v, a, amt, t, segs ?? (input.model === 'fifo' ? splitSegments(amt, t) : null))
      else if (g.inLoaded[v] && (g.txo[e] as number) >= (g.arr[v] as number)) since.add(v, a, amt)
    } else r.final.add(v, a, t)
  }
  let i = 0
  while (i < order.length) {
    const txo = g.txo[order[i] as number] as number
    let j = i + 1
    while (j < order.length && g.txo[order[j] as number] === txo) j++
    conv.reset()
    groups = null
    if (j === i + 1) step(order[i] as number)
    else {
      const edges = Array.from(order.subarray(i, j))
      groups = converterGroups(g, edges)
      for (const e of orderWithinTx(g, edges)) step(e)
    }
    i = j
  }
  if (book) book.held(r.final)
  else poisonHeld(g, r, sent, since)
  return r
}

/**
 * Poison: everything a followed address received from its first tainted arrival on is tainted, so what it still
 * holds of it is (per asset, what arrived since minus what left since). Without its incoming edges read, only
 * the tainted arrivals are known.
 */
function poisonHeld(g: TransferGraph, r: ScanResult, sent: PerAsset, since: PerAsset): void {
  r.received.forEach((node, asset, got) => {
    const f = g.flags[node] as number
    if (!(f & NodeFlag.expanded) || f & NodeFlag.converter || g.inLoaded[node]) return
    const held = got - sent.get(node, asset)
    if (held > 0n) r.final.set(node, asset, held)
  })
  since.forEach((node, asset, got) => {
    const held = got - sent.get(node, asset)
    if (held > 0n) r.final.set(node, asset, held)
  })
}

interface BigBook {
  debit(node: number, asset: number, amount: bigint): bigint
  lastSegments: Segment[] | null
  credit(node: number, asset: number, amount: bigint, tainted: bigint, segments: Segment[] | null): void
  held(out: PerAsset): void
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
}
