import { converterGroups, isFollowedConverter } from '../engine/converter-groups.ts'
import { edgesInOrder, orderWithinTx } from '../engine/edge-order.ts'
import type { RelaxLog } from '../engine/expand.ts'
import { PerAsset } from '../engine/per-asset.ts'
import { NodeFlag, type TransferGraph } from '../engine/transfer-graph.ts'
import type { TaintModel } from '../trace-types.ts'
import { FifoBook, HaircutBook, splitSegments, type TaintBook } from './taint-book.ts'

/** What the scan found: tainted edges, and per (node, asset) what arrived and what ended there. */
export interface ScanResult {
  /** 1 for each edge index that carried taint. */
  tainted: Uint8Array
  /** The tainted amount of an edge (0 for an untainted one). */
  taintOf: (e: number) => bigint
  /** The taint hop of a tainted edge: the fewest transfers from a seed over which its taint came. */
  hops: Int32Array
  /** Per node, the fewest transfers over which taint reached it (0 for a seed address), -1 when none did. */
  nodeHop: Int32Array
  /** For a converter's tainted payout: the tainted transfer into its routed swap (same transaction) that fed it. */
  swapIn: Map<number, number>
  /** The distinct edges in time order (empty when the model did not need it). */
  order: Int32Array
  taintedEdges: number
  seeded: Map<number, bigint>
  swappedIn: Map<number, bigint>
  received: PerAsset
  /** Taint that ended at the node: held, at the endpoint, or swapped at a DEX. */
  final: PerAsset
}

export interface ScanInput {
  graph: TransferGraph
  model: TaintModel
  totalEdges: number
  /** ords of the seed transfers that are not an address seed's receipts (hop 1). */
  seedOrds: ReadonlySet<number>
  /** Edges below this index were read for the seeds (seed transfers are among them). */
  seedEdges: number
  /** Seed only this asset id (-1 native), or every asset when undefined. */
  seedAsset: number | undefined
  /** Transactions in which each converter received taint (from the expansion). */
  convTx: ReadonlyMap<number, ReadonlySet<number>>
  /** The expansion's relaxes, for poison: the range of an address's outflows followed at each hop. */
  relaxLog?: RelaxLog
}

const add = (m: Map<number, bigint>, k: number, v: bigint) => {
  if (v !== 0n) m.set(k, (m.get(k) ?? 0n) + v)
}

/** Fresh per-node hop column: -1 (no taint yet). */
export function freshNodeHops(n: number): Int32Array {
  return new Int32Array(n).fill(-1)
}

/** Lowers a node's taint hop to h. */
export function reachAt(nodeHop: Int32Array, v: number, h: number): void {
  const cur = nodeHop[v] as number
  if (cur < 0 || h < cur) nodeHop[v] = h
}

/**
 * Applies the haircut or FIFO model to the read graph in time order, one transaction at a time. Only expanded
 * addresses pass taint on. Converters (DEX pairs and routers, WETH) joined by transfers inside one transaction are
 * one routed swap: its payouts to others carry, in the asset paid out, the tainted share of what others paid
 * into it in that transaction (floor division); transfers between its converters carry nothing.
 */
export function scan(input: ScanInput): ScanResult {
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
  const book: TaintBook | null =
    input.model === 'haircut' ? new HaircutBook(g.nodeCount) : input.model === 'fifo' ? new FifoBook(g.nodeCount) : null
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
 * Poison: the earliest time from which each followed address's outflows were followed within the hop limit (an
 * arrival improved at the last hop is not passed on); its arrival time when no relax log is given.
 */
export function relaxedFrom(g: TransferGraph, log: RelaxLog | undefined): Int32Array {
  if (!log) return g.arr.slice(0, g.nodeCount)
  const from = new Int32Array(g.nodeCount).fill(0x7fffffff)
  for (let k = 0; k < log.length; k++) {
    const u = log.node[k] as number
    if ((log.from[k] as number) < (from[u] as number)) from[u] = log.from[k] as number
  }
  return from
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

interface SwapState {
  byAsset: Map<number, { total: bigint; tainted: bigint }>
  /** The tainted inflow with the fewest hops (heaviest among those), for paths. */
  input: number
  inputHop: number
  inputTaint: bigint
}

/** Per-transaction inflows of routed swaps (groups of converters), by asset: total paid in and its tainted part. */
class Converters {
  private m = new Map<number, SwapState>()
  constructor(private readonly poison: boolean) {}

  reset(): void {
    if (this.m.size > 0) this.m = new Map()
  }

  in(swap: number, asset: number, amount: bigint, tainted: bigint, e: number, hop: number): void {
    let s = this.m.get(swap)
    if (!s) {
      s = { byAsset: new Map(), input: -1, inputHop: -1, inputTaint: 0n }
      this.m.set(swap, s)
    }
    const x = s.byAsset.get(asset) ?? { total: 0n, tainted: 0n }
    x.total += amount
    x.tainted += tainted
    s.byAsset.set(asset, x)
    if (tainted > 0n && (s.input < 0 || hop < s.inputHop || (hop === s.inputHop && tainted > s.inputTaint))) {
      s.input = e
      s.inputHop = hop
      s.inputTaint = tainted
    }
  }

  /**
   * The tainted part of a payout in `asset`: each other asset paid in contributes its tainted share, capped at the
   * payout; under poison, the whole payout once anything tainted was paid in.
   */
  out(swap: number, asset: number, amount: bigint): { tainted: bigint; input: number; hop: number } {
    const s = this.m.get(swap)
    if (!s || s.input < 0) return { tainted: 0n, input: -1, hop: -1 }
    let t = 0n
    if (this.poison) t = amount
    else {
      for (const [a, x] of s.byAsset) {
        if (a === asset || x.total === 0n || x.tainted === 0n) continue
        t += (amount * x.tainted) / x.total
      }
    }
    return { tainted: t > amount ? amount : t, input: s.input, hop: s.inputHop }
  }
}
