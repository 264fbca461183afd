import { AMOUNT_WIDE } from '../../store/edges/edge-batch.ts'
import { isFollowedConverter } from '../engine/converter-groups.ts'
import type { RelaxLog } from '../engine/expand.ts'
import { lowerBound } from '../engine/expand.ts'
import { PerAsset } from '../engine/per-asset.ts'
import { NodeFlag, type TransferGraph } from '../engine/transfer-graph.ts'
import { LIMB, sumDiffToBig, sumToBig } from './limbs.ts'
import { freshNodeHops, reachAt, relaxedFrom, type ScanInput, type ScanResult } from './scan.ts'

/**
 * Per-asset sums of amount limbs by node, in doubles: exact while a node has fewer than 2^32 transfers, for amounts
 * below 2^84 (hi below 2^21 too; from 2^84 up hi alone may pass 2^53 in a sum, so those are added as bigints). The four
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

  /** The assets in the order their sums were made. */
  get assets(): number[] {
    return this.slots.map((x) => x.asset)
  }

  /** The sums of an asset (four per node), undefined for none. */
  sumsOf(asset: number): Float64Array | undefined {
    return this.slots.find((x) => x.asset === asset)?.sums
  }

  /** One node's sum as a bigint. */
  get(node: number, asset: number): bigint {
    const s = this.sumsOf(asset)
    if (!s) return 0n
    const i = node * 4
    return sumToBig(s[i] as number, s[i + 1] as number, s[i + 2] as number, s[i + 3] as number)
  }

  /** Adds every non-zero sum, as an exact bigint, into `out`. */
  into(out: PerAsset): void {
    for (const { asset, sums: s } of this.slots) {
      for (let u = 0; u < this.nodes; u++) {
        const i = u * 4
        if (s[i] === 0 && s[i + 1] === 0 && s[i + 2] === 0 && s[i + 3] === 0) continue
        out.add(u, asset, sumToBig(s[i] as number, s[i + 1] as number, s[i + 2] as number, s[i + 3] as number))
      }
    }
  }
}

/**
 * Poison over the read graph: an expanded address's transfers from the time its outflows were first followed (its
 * first tainted arrival within the hop limit) are tainted in full. Sums are kept as limbs in doubles (exact, no
 * bigint per transfer) and accumulated address by address along the contiguous outgoing ranges, so the sender's
 * state stays in registers; amounts from 2^84 up, converters and seeds are added as bigints. A converter's payouts
 * to others in a transaction in which it received taint are tainted; transfers between converters inside one
 * transaction (a routed swap's inner legs) are not.
 */
export function poisonScan(input: ScanInput): ScanResult {
  const g = input.graph
  const tainted = new Uint8Array(g.edgeCount)
  const r: ScanResult = {
    tainted,
    taintOf: (e) => (tainted[e] ? g.amount(e) : 0n),
    hops: new Int32Array(g.edgeCount),
    nodeHop: freshNodeHops(g.nodeCount),
    swapIn: new Map(),
    // Poison needs no global time order: sums run along each address's outgoing range.
    order: new Int32Array(0),
    taintedEdges: 0,
    seeded: new Map(),
    swappedIn: new Map(),
    received: new PerAsset(g.nodeCount),
    final: new PerAsset(g.nodeCount),
  }
  for (let u = 0; u < g.nodeCount; u++) if ((g.flags[u] as number) & NodeFlag.seed) r.nodeHop[u] = 0
  const received = new LimbSums(g.nodeCount)
  const sentLimbs = new LimbSums(g.nodeCount)
  const sent = new PerAsset(g.nodeCount)
  const followedFrom = relaxedFrom(g, input.relaxLog)
  const relaxes = RelaxRows.of(g.nodeCount, input.relaxLog)
  const rFrom = relaxes.from
  const rLevel = relaxes.level
  const { flags, dst, txo, arr, kind } = g
  const hops = r.hops
  const nodeHop = r.nodeHop
  let converters = false
  for (let u = 0; u < g.nodeCount; u++) {
    const f = flags[u] as number
    if (!(f & NodeFlag.expanded)) continue
    if (f & NodeFlag.converter) {
      converters = true
      continue
    }
    const start = g.outStart[u] as number
    const end = start + (g.outLen[u] as number)
    const from = followedFrom[u] as number
    // The relaxes of u in level order, walked back as the outflows' times rise: see RelaxRows.
    const rlo = relaxes.start[u] as number
    const rhi = relaxes.start[u + 1] as number
    const noRelax = (g.hop[u] as number) + 1
    let k = rhi - 1
    for (let e = lowerBound(txo, start, end, arr[u] as number); e < end; e++) {
      // Everything sent since the first tainted arrival counts against what the address holds.
      const t = txo[e] as number
      const wide = ((kind[e] as number) & AMOUNT_WIDE) !== 0 || (g.hi[e] as number) >= LIMB
      if (wide) sent.add(u, g.asset[e] as number, g.amount(e))
      else sentLimbs.add(g, e, u)
      if (t < from) continue
      tainted[e] = 1
      r.taintedEdges++
      const v = dst[e] as number
      let h = noRelax
      if (rlo < rhi) {
        while (k > rlo && (rFrom[k - 1] as number) <= t) k--
        h = (rLevel[k] as number) + 1
      }
      hops[e] = h
      if ((nodeHop[v] as number) < 0 || h < (nodeHop[v] as number)) nodeHop[v] = h
      if (wide) r.received.add(v, g.asset[e] as number, g.amount(e))
      else received.add(g, e, v)
    }
  }
  addSeeds(input, r, followedFrom)
  if (converters) convertersOut(input, r)
  received.into(r.received)
  // What was sent stays in limbs (with `sent` for the amounts past them): only what is left becomes a bigint.
  const sentOf = (node: number, asset: number) => sent.get(node, asset) + sentLimbs.get(node, asset)
  r.received.forEach((node, asset, got) => {
    const f = g.flags[node] as number
    if (!(f & NodeFlag.expanded) || f & NodeFlag.converter) r.final.set(node, asset, got)
    else if (!g.inLoaded[node] && got > sentOf(node, asset)) r.final.set(node, asset, got - sentOf(node, asset))
  })
  heldSinceArrival(g, r, inflowsSinceArrival(g), sentLimbs, sent)
  return r
}

/**
 * Poison's final amount at each followed address with incoming edges read: what it received since its first tainted
 * arrival less what it sent, when positive. Sums in limbs are subtracted in limbs; a node with a part past them
 * (`wide`) in bigints. Assets are met in the order the sums were made, as one PerAsset of both would list them.
 */
function heldSinceArrival(
  g: TransferGraph,
  r: ScanResult,
  since: { limbs: LimbSums; wide: PerAsset },
  sentLimbs: LimbSums,
  sentWide: PerAsset,
): void {
  const assets = [...since.wide.assets]
  for (const a of since.limbs.assets) if (!assets.includes(a)) assets.push(a)
  const none = new Float64Array(4)
  for (const asset of assets) {
    const got = since.limbs.sumsOf(asset) ?? none
    const gotStep = got === none ? 0 : 4
    const gotWide = since.wide.peek(asset)
    const out = sentLimbs.sumsOf(asset) ?? none
    const outStep = out === none ? 0 : 4
    const outWide = sentWide.peek(asset)
    for (let u = 0; u < g.nodeCount; u++) {
      const i = u * gotStep
      const j = u * outStep
      const gw = gotWide?.[u] ?? 0n
      if (gw === 0n && got[i] === 0 && got[i + 1] === 0 && got[i + 2] === 0 && got[i + 3] === 0) continue
      const ow = outWide?.[u] ?? 0n
      if (gw === 0n && ow === 0n) {
        const left = sumDiffToBig(got, i, out, j)
        if (left > 0n) r.final.set(u, asset, left)
        continue
      }
      const total = gw + sumToBig(got[i] as number, got[i + 1] as number, got[i + 2] as number, got[i + 3] as number)
      const spent = ow + sumToBig(out[j] as number, out[j + 1] as number, out[j + 2] as number, out[j + 3] as number)
      if (total > spent) r.final.set(u, asset, total - spent)
    }
  }
}

/**
 * Converters under poison: in each transaction in which one received taint, its payouts to others are tainted in
 * full (new taint of their asset), one hop after the tainted transfer into the routed swap that fed it.
 */
function convertersOut(input: ScanInput, r: ScanResult): void {
  const g = input.graph
  // The tainted transfers into converters from others, by transaction: the routed swaps' tainted inputs.
  const inputs = new Map<number, number[]>()
  for (let e = 0; e < g.edgeCount; e++) {
    if (!r.tainted[e] || !isFollowedConverter(g, g.dst[e] as number)) continue
    if (isFollowedConverter(g, g.src[e] as number)) continue
    const t = g.txo[e] as number
    const list = inputs.get(t)
    if (list) list.push(e)
    else inputs.set(t, [e])
  }
  for (const [u, txs] of input.convTx) {
    if (!isFollowedConverter(g, u)) continue
    const start = g.outStart[u] as number
    const end = start + Math.max(0, g.outLen[u] as number)
    for (let e = start; e < end; e++) {
      const t = g.txo[e] as number
      const v = g.dst[e] as number
      if (!txs.has(t) || r.tainted[e] || (isFollowedConverter(g, v) && v !== u)) continue
      r.tainted[e] = 1
      r.taintedEdges++
      const amt = g.amount(e)
      r.received.add(v, g.asset[e] as number, amt)
      r.swappedIn.set(g.asset[e] as number, (r.swappedIn.get(g.asset[e] as number) ?? 0n) + amt)
      let best = -1
      for (const i of inputs.get(t) ?? []) {
        const better = (r.hops[i] as number) < (r.hops[best] as number)
        if (best < 0 || better || (r.hops[i] === r.hops[best] && g.amount(i) > g.amount(best))) best = i
      }
      const h = best < 0 ? (g.hop[u] as number) + 1 : (r.hops[best] as number) + 1
      r.hops[e] = h
      if (best >= 0) r.swapIn.set(e, best)
      reachAt(r.nodeHop, v, h)
    }
  }
}

/**
 * Per node, the expansion's relaxes in level order: which hop each part of its outgoing range was followed at. The
 * hop of an outflow at time t is one more than the lowest level whose relax covered t; relaxes go to earlier times
 * as levels rise, so a cursor over a node's outflows in ascending time walks its relaxes backwards.
 */
class RelaxRows {
  private constructor(
    readonly start: Int32Array,
    readonly level: Int32Array,
    readonly from: Int32Array,
  ) {}

  static of(nodes: number, log: RelaxLog | undefined): RelaxRows {
    const start = new Int32Array(nodes + 1)
    const n = log?.length ?? 0
    for (let k = 0; k < n; k++) {
      const u = (log as RelaxLog).node[k] as number
      start[u + 1] = (start[u + 1] as number) + 1
    }
    for (let u = 0; u < nodes; u++) start[u + 1] = (start[u + 1] as number) + (start[u] as number)
    const fill = start.slice(0, nodes)
    const level = new Int32Array(n)
    const from = new Int32Array(n)
    for (let k = 0; k < n; k++) {
      const l = log as RelaxLog
      const u = l.node[k] as number
      const at = fill[u] as number
      fill[u] = at + 1
      level[at] = l.level[k] as number
      from[at] = l.from[k] as number
    }
    return new RelaxRows(start, level, from)
  }
}

/**
 * Seed transfers (read before the expansion, so among the first edges) are tainted in full; those an expanded
 * sender already passed on are counted once. An address seed's receipts are hop 0, other seed transfers hop 1.
 */
function addSeeds(input: ScanInput, r: ScanResult, followedFrom: Int32Array) {
  const g = input.graph
  const seen = new Set<number>()
  for (let e = 0; e < input.seedEdges; e++) {
    const u = g.src[e] as number
    const v = g.dst[e] as number
    const a = g.asset[e] as number
    const fu = g.flags[u] as number
    if (input.seedAsset !== undefined && input.seedAsset !== a) continue
    const intoSeed = ((g.flags[v] as number) & NodeFlag.seed) !== 0
    if (!intoSeed && !input.seedOrds.has(g.ord[e] as number)) continue
    if (isFollowedConverter(g, u) && isFollowedConverter(g, v) && u !== v) continue
    if (seen.has(g.ord[e] as number)) continue
    seen.add(g.ord[e] as number)
    const h = intoSeed ? 0 : 1
    reachAt(r.nodeHop, v, h)
    r.tainted[e] = 1
    r.hops[e] = h
    // The copy of the edge in an expanded sender's outgoing range is tainted already: counted once.
    const expanded = fu & NodeFlag.expanded
    if (expanded && !(fu & NodeFlag.converter) && (g.txo[e] as number) >= (followedFrom[u] as number)) continue
    if (expanded && fu & NodeFlag.converter && input.convTx.get(u)?.has(g.txo[e] as number)) continue
    r.taintedEdges++
    const amt = g.amount(e)
    r.received.add(v, a, amt)
    r.seeded.set(a, (r.seeded.get(a) ?? 0n) + amt)
  }
}

/**
 * Poison's held balance: everything a followed address received (clean or not) from its first tainted arrival on,
 * per asset, from the incoming edges read for it; what it still holds of that is tainted.
 */
function inflowsSinceArrival(g: TransferGraph): { limbs: LimbSums; wide: PerAsset } {
  const limbs = new LimbSums(g.nodeCount)
  const out = new PerAsset(g.nodeCount)
  const { flags, dst, txo, arr, kind } = g
  for (let k = 0; k < g.inRanges.length; k += 2) {
    const end = g.inRanges[k + 1] as number
    for (let e = g.inRanges[k] as number; e < end; e++) {
      const v = dst[e] as number
      const f = flags[v] as number
      if (!(f & NodeFlag.expanded) || f & NodeFlag.converter || (txo[e] as number) < (arr[v] as number)) continue
      if ((kind[e] as number) & AMOUNT_WIDE || (g.hi[e] as number) >= LIMB)
        out.add(v, g.asset[e] as number, g.amount(e))
      else limbs.add(g, e, v)
    }
  }
  return { limbs, wide: out }
}
