import { edgesInOrder, orderWithinTx } from './edge-order.ts'
import { PerAsset } from './per-asset.ts'
import { FifoBook, HaircutBook, splitSegments, type TaintBook } from './taint-book.ts'
import type { TaintModel } from './trace-types.ts'
import { NodeFlag, type TransferGraph } from './transfer-graph.ts'

/** What the scan found: tainted edges, and per (node, asset) what arrived and what ended there. */
export interface ScanResult {
  /** 1 for each edge index that carried taint. */
  tainted: Uint8Array
  /** The tainted amount of an edge (0 for an untainted one). */
  taintOf: (e: number) => bigint
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
  /** ords of the seed transactions' edges. */
  seedOrds: ReadonlySet<number>
  /** Edges below this index were read for the seeds (seed transfers are among them). */
  seedEdges: number
  /** Seed only this asset id (-1 native), or every asset when undefined. */
  seedAsset: number | undefined
  /** Transactions in which each converter received taint (from the expansion). */
  convTx: ReadonlyMap<number, ReadonlySet<number>>
}

const add = (m: Map<number, bigint>, k: number, v: bigint) => {
  if (v !== 0n) m.set(k, (m.get(k) ?? 0n) + v)
}

/**
 * Applies the haircut or FIFO model to the read graph in time order, one transaction at a time. Only expanded addresses
 * pass taint on; a converter (DEX pair, WETH) passes it on only within the transaction that brought it, in the
 * asset it paid out, in proportion to the tainted share of what it was paid (floor division).
 */
export function scan(input: ScanInput): ScanResult {
  const g = input.graph
  const order = edgesInOrder(g, input.totalEdges)
  const taint = new Array<bigint | undefined>(g.edgeCount)
  const r: ScanResult = {
    tainted: new Uint8Array(g.edgeCount),
    taintOf: (e) => taint[e] ?? 0n,
    order,
    taintedEdges: 0,
    seeded: new Map(),
    swappedIn: new Map(),
    received: new PerAsset(g.nodeCount),
    final: new PerAsset(g.nodeCount),
  }
  const book: TaintBook | null =
    input.model === 'haircut' ? new HaircutBook(g.nodeCount) : input.model === 'fifo' ? new FifoBook(g.nodeCount) : null
  const sent = new PerAsset(g.nodeCount)
  // Poison: every inflow of a followed address from its first tainted arrival on, for what it holds.
  const since = new PerAsset(g.nodeCount)
  const conv = new Converters()
  const step = (e: number) => {
    const u = g.src[e] as number
    const v = g.dst[e] as number
    const a = g.asset[e] as number
    const fu = g.flags[u] as number
    const fv = g.flags[v] as number
    const seedAssetOk = input.seedAsset === undefined || input.seedAsset === a
    const isSeed = seedAssetOk && (fv & NodeFlag.seed || input.seedOrds.has(g.ord[e] as number))
    if (!(fu & NodeFlag.expanded) && !(fv & NodeFlag.expanded) && !isSeed) return
    const amt = g.amount(e)
    let t = 0n
    let segs = null
    if (fu & NodeFlag.expanded) {
      if (fu & NodeFlag.converter) {
        t = input.model === 'poison' ? (input.convTx.get(u)?.has(g.txo[e] as number) ? amt : 0n) : conv.out(u, a, amt)
        add(r.swappedIn, a, t)
      } else if (book) {
        t = book.debit(u, a, amt)
        segs = book.lastSegments
      } else if ((g.txo[e] as number) >= (g.arr[u] as number)) {
        t = amt
        sent.add(u, a, amt)
      }
    }
    if (isSeed) {
      add(r.seeded, a, amt - t)
      t = amt
      segs = null
    }
    if (t > 0n) {
      taint[e] = t
      r.tainted[e] = 1
      r.taintedEdges++
      r.received.add(v, a, t)
    }
    if (fv & NodeFlag.expanded) {
      if (fv & NodeFlag.converter) {
        conv.in(v, a, amt, t)
        r.final.add(v, a, t)
      } else if (book) book.credit(v, a, amt, t, segs ?? (input.model === 'fifo' ? splitSegments(amt, t) : null))
      else if (g.inLoaded[v] && (g.txo[e] as number) >= (g.arr[v] as number)) since.add(v, a, amt)
    } else r.final.add(v, a, t)
  }
  let i = 0
  while (i < order.length) {
    const txo = g.txo[order[i] as number] as number
    let j = i + 1
    while (j < order.length && g.txo[order[j] as number] === txo) j++
    conv.reset()
    if (j === i + 1) step(order[i] as number)
    else {
      const group = Array.from(order.subarray(i, j))
      for (const e of book ? orderWithinTx(g, group) : group) step(e)
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

/** Per-transaction inflows of converters, by asset: total paid in and its tainted part. */
class Converters {
  private m = new Map<number, Map<number, { total: bigint; tainted: bigint }>>()

  reset(): void {
    if (this.m.size > 0) this.m = new Map()
  }

  in(node: number, asset: number, amount: bigint, tainted: bigint): void {
    let byAsset = this.m.get(node)
    if (!byAsset) {
      byAsset = new Map()
      this.m.set(node, byAsset)
    }
    const s = byAsset.get(asset) ?? { total: 0n, tainted: 0n }
    s.total += amount
    s.tainted += tainted
    byAsset.set(asset, s)
  }

  /** The tainted part of a payout in `asset`: each other asset paid in contributes its tainted share, capped at the payout. */
  out(node: number, asset: number, amount: bigint): bigint {
    const byAsset = this.m.get(node)
    if (!byAsset) return 0n
    let t = 0n
    for (const [a, s] of byAsset) {
      if (a === asset || s.total === 0n || s.tainted === 0n) continue
      t += (amount * s.tainted) / s.total
    }
    return t > amount ? amount : t
  }
}
