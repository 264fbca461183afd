import { AMOUNT_WIDE, fromLimbs } from './edge-batch.ts'
import { lowerBound } from './expand.ts'
import { PerAsset } from './per-asset.ts'
import type { ScanInput, ScanResult } from './scan.ts'
import { NodeFlag, type TransferGraph } from './transfer-graph.ts'

/**
 * Per-asset sums of amount limbs by node, in doubles: exact while a node has fewer than 2^32 transfers. The four
 * limbs of a node sit side by side, so adding a transfer touches one cache line.
 */
class LimbSums {
  private readonly slots: { asset: number; sums: Float64Array }[] = []
  private last: { asset: number; sums: Float64Array } | undefined
  constructor(private readonly nodes: number) {}

  private slot(asset: number): Float64Array {
    if (this.last?.asset === asset) return this.last.sums
    let s = this.slots.find((x) => x.asset === asset)
    if (!s) {
      s = { asset, sums: new Float64Array(this.nodes * 4) }
      this.slots.push(s)
    }
    this.last = s
    return s.sums
  }

  add(g: TransferGraph, e: number, node: number): void {
    const s = this.slot(g.asset[e] as number)
    const i = node * 4
    s[i] = (s[i] as number) + (g.l0[e] as number)
    s[i + 1] = (s[i + 1] as number) + (g.l1[e] as number)
    s[i + 2] = (s[i + 2] as number) + (g.l2[e] as number)
    s[i + 3] = (s[i + 3] as number) + (g.hi[e] as number)
  }

  /** Adds every non-zero sum, as an exact bigint, into `out`. */
  into(out: PerAsset): void {
    for (const { asset, sums: s } of this.slots) {
      for (let u = 0; u < this.nodes; u++) {
        const i = u * 4
        if (s[i] === 0 && s[i + 1] === 0 && s[i + 2] === 0 && s[i + 3] === 0) continue
        out.add(u, asset, fromLimbs(s[i] as number, s[i + 1] as number, s[i + 2] as number, s[i + 3] as number))
      }
    }
  }
}

/**
 * Poison over the read graph: an expanded address's transfers at or after its first tainted arrival are tainted
 * in full. Sums are kept as limbs in doubles (exact, no bigint per transfer) and accumulated address by address
 * along the contiguous outgoing ranges, so the sender's state stays in registers; amounts from 2^116 up,
 * converters and seeds are added as bigints.
 */
export function poisonScan(input: ScanInput): ScanResult {
  const g = input.graph
  const tainted = new Uint8Array(g.edgeCount)
  const r: ScanResult = {
    tainted,
    taintOf: (e) => (tainted[e] ? g.amount(e) : 0n),
    // Poison needs no global time order: sums run along each address's outgoing range.
    order: new Int32Array(0),
    taintedEdges: 0,
    seeded: new Map(),
    swappedIn: new Map(),
    received: new PerAsset(g.nodeCount),
    final: new PerAsset(g.nodeCount),
  }
  const received = new LimbSums(g.nodeCount)
  const sentLimbs = new LimbSums(g.nodeCount)
  const sent = new PerAsset(g.nodeCount)
  const add = (m: Map<number, bigint>, k: number, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v)
  const { flags, dst, txo, arr, kind } = g
  for (let u = 0; u < g.nodeCount; u++) {
    const f = flags[u] as number
    if (!(f & NodeFlag.expanded)) continue
    const start = g.outStart[u] as number
    const end = start + (g.outLen[u] as number)
    if (f & NodeFlag.converter) {
      const txs = input.convTx.get(u)
      for (let e = start; e < end; e++) {
        if (!txs?.has(txo[e] as number)) continue
        tainted[e] = 1
        r.taintedEdges++
        const amt = g.amount(e)
        r.received.add(dst[e] as number, g.asset[e] as number, amt)
        add(r.swappedIn, g.asset[e] as number, amt)
      }
      continue
    }
    for (let e = lowerBound(txo, start, end, arr[u] as number); e < end; e++) {
      tainted[e] = 1
      r.taintedEdges++
      if ((kind[e] as number) & AMOUNT_WIDE) {
        const amt = g.amount(e)
        r.received.add(dst[e] as number, g.asset[e] as number, amt)
        sent.add(u, g.asset[e] as number, amt)
      } else {
        received.add(g, e, dst[e] as number)
        sentLimbs.add(g, e, u)
      }
    }
  }
  addSeeds(input, r, add)
  received.into(r.received)
  sentLimbs.into(sent)
  const since = inflowsSinceArrival(g)
  r.received.forEach((node, asset, got) => {
    const f = g.flags[node] as number
    if (!(f & NodeFlag.expanded) || f & NodeFlag.converter) r.final.set(node, asset, got)
    else if (!g.inLoaded[node] && got > sent.get(node, asset)) r.final.set(node, asset, got - sent.get(node, asset))
  })
  since.forEach((node, asset, got) => {
    if (got > sent.get(node, asset)) r.final.set(node, asset, got - sent.get(node, asset))
  })
  return r
}

/**
 * Poison's held balance: everything a followed address received (clean or not) from its first tainted arrival on,
 * per asset, from the incoming edges read for it; what it still holds of that is tainted.
 */
function inflowsSinceArrival(g: TransferGraph): PerAsset {
  const limbs = new LimbSums(g.nodeCount)
  const out = new PerAsset(g.nodeCount)
  const { flags, dst, txo, arr, kind } = g
  for (let k = 0; k < g.inRanges.length; k += 2) {
    const end = g.inRanges[k + 1] as number
    for (let e = g.inRanges[k] as number; e < end; e++) {
      const v = dst[e] as number
      const f = flags[v] as number
      if (!(f & NodeFlag.expanded) || f & NodeFlag.converter || (txo[e] as number) < (arr[v] as number)) continue
      if ((kind[e] as number) & AMOUNT_WIDE) out.add(v, g.asset[e] as number, g.amount(e))
      else limbs.add(g, e, v)
    }
  }
  limbs.into(out)
  return out
}

/**
 * Seed transfers (read before the expansion, so among the first edges) are tainted in full; those an expanded
 * sender already passed on are counted once.
 */
function addSeeds(input: ScanInput, r: ScanResult, add: (m: Map<number, bigint>, k: number, v: bigint) => void) {
  const g = input.graph
  const seen = new Set<number>()
  for (let e = 0; e < input.seedEdges; e++) {
    const u = g.src[e] as number
    const v = g.dst[e] as number
    const a = g.asset[e] as number
    const fu = g.flags[u] as number
    if (input.seedAsset !== undefined && input.seedAsset !== a) continue
    if (!((g.flags[v] as number) & NodeFlag.seed) && !input.seedOrds.has(g.ord[e] as number)) continue
    r.tainted[e] = 1
    if (seen.has(g.ord[e] as number)) continue
    seen.add(g.ord[e] as number)
    const expanded = fu & NodeFlag.expanded
    if (expanded && !(fu & NodeFlag.converter) && (g.txo[e] as number) >= (g.arr[u] as number)) continue
    if (expanded && fu & NodeFlag.converter && input.convTx.get(u)?.has(g.txo[e] as number)) continue
    r.taintedEdges++
    const amt = g.amount(e)
    r.received.add(v, a, amt)
    add(r.seeded, a, amt)
  }
}
