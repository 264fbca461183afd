import { edgesInOrder, orderWithinTx } from './edge-order.ts'
import { FifoBook, HaircutBook, pairKey, splitSegments, type TaintBook } from './taint-book.ts'
import type { TaintModel } from './trace-types.ts'
import { NodeFlag, type TransferGraph } from './transfer-graph.ts'

/** What the scan found: tainted edges, and per (node, asset) what arrived and what ended there. */
export interface ScanResult {
  /** Edge index to its tainted amount (only edges that carried taint). */
  taint: Map<number, bigint>
  seeded: Map<number, bigint>
  swappedIn: Map<number, bigint>
  /** pairKey(node, asset) to taint received. */
  received: Map<number, bigint>
  /** pairKey(node, asset) to taint that ended at the node: held, at the endpoint, or swapped at a DEX. */
  final: Map<number, bigint>
  stride: number
}

export interface ScanInput {
  graph: TransferGraph
  model: TaintModel
  totalEdges: number
  addressCount: number
  /** ords of the seed transactions' edges. */
  seedOrds: ReadonlySet<number>
  /** Seed only this asset id (-1 native), or every asset when undefined. */
  seedAsset: number | undefined
  /** Transactions in which each converter received taint (from the expansion). */
  convTx: ReadonlyMap<number, ReadonlySet<number>>
}

const add = (m: Map<number, bigint>, k: number, v: bigint) => {
  if (v !== 0n) m.set(k, (m.get(k) ?? 0n) + v)
}

/**
 * Applies the taint model to the read graph in time order, one transaction at a time. Only expanded addresses
 * pass taint on; a converter (DEX pair, WETH) passes it on only within the transaction that brought it, in the
 * asset it paid out, in proportion to the tainted share of what it was paid (floor division).
 */
export function scan(input: ScanInput): ScanResult {
  const g = input.graph
  const stride = input.addressCount + 1
  const r: ScanResult = {
    taint: new Map(),
    seeded: new Map(),
    swappedIn: new Map(),
    received: new Map(),
    final: new Map(),
    stride,
  }
  const order = edgesInOrder(g, input.totalEdges)
  const book: TaintBook | null =
    input.model === 'haircut' ? new HaircutBook(stride) : input.model === 'fifo' ? new FifoBook(stride) : null
  const conv = new Converters()
  const sent = new Map<number, bigint>()
  const step = (e: number) => {
    const u = g.src[e] as number
    const v = g.dst[e] as number
    const a = g.asset[e] as number
    const amt = g.amount[e] as bigint
    const fu = g.flags[u] as number
    const fv = g.flags[v] as number
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
        add(sent, pairKey(u, a, stride), amt)
      }
    }
    const seedAssetOk = input.seedAsset === undefined || input.seedAsset === a
    if (seedAssetOk && (input.seedOrds.has(g.ord[e] as number) || fv & NodeFlag.seed)) {
      add(r.seeded, a, amt - t)
      t = amt
      segs = null
    }
    if (t > 0n) r.taint.set(e, t)
    const k = pairKey(v, a, stride)
    add(r.received, k, t)
    if (fv & NodeFlag.expanded) {
      if (fv & NodeFlag.converter) {
        conv.in(v, a, amt, t)
        add(r.final, k, t)
      } else book?.credit(v, a, amt, t, segs ?? (input.model === 'fifo' ? splitSegments(amt, t) : null))
    } else add(r.final, k, t)
  }
  let i = 0
  while (i < order.length) {
    const first = order[i] as number
    const txo = g.txo[first] as number
    let j = i + 1
    while (j < order.length && g.txo[order[j] as number] === txo) j++
    conv.reset()
    if (j === i + 1 || !book) for (let k = i; k < j; k++) step(order[k] as number)
    else for (const e of orderWithinTx(g, Array.from(order.subarray(i, j)))) step(e)
    i = j
  }
  finishHeld(g, r, book, sent)
  return r
}

function finishHeld(g: TransferGraph, r: ScanResult, book: TaintBook | null, sent: Map<number, bigint>): void {
  for (const [k, got] of [...r.received]) {
    const node = Math.floor(k / r.stride)
    const asset = (k % r.stride) - 1
    const f = g.flags[node] as number
    if (!(f & NodeFlag.expanded) || f & NodeFlag.converter) continue
    const held = book ? book.held(node, asset) : got - (sent.get(k) ?? 0n)
    if (held > 0n) r.final.set(k, held)
  }
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
