import { growInt32 } from '../../store/edges/edge-batch.ts'
import type { EdgeSource } from '../../store/edges/edge-source.ts'
import type { TraceLimits } from '../trace-types.ts'
import { ascending, Marks } from './expand-marks.ts'
import type { RoleIndex } from './role-index.ts'
import { CONVERTER_ARRIVAL, NodeFlag, StopCode, type TransferGraph, UNREACHED } from './transfer-graph.ts'

export interface ExpandContext {
  graph: TransferGraph
  source: EdgeSource
  labels: RoleIndex
  limits: TraceLimits
  /** The asset id `limits.minAmount` applies to (-2: none in the graph); every asset when undefined. */
  minAsset?: number | undefined
  /** The deposit-address rule reads forward sweeps; it does not apply backward. */
  depositRule: boolean
  /** Transactions in which a converter received taint, not yet followed / already followed. */
  convPending: Map<number, number[]>
  convDone: Map<number, Set<number>>
  /** Every relax of a plain address: at `level`, its outgoing edges from `from` on were followed (hop level + 1). */
  relaxLog: RelaxLog
  expandedCount: number
  edgesVisited: number
  /** Addresses whose outgoing edges were read; all of them once `allRead`. */
  readCount: number
  allRead: boolean
}

/** A fresh expansion context. */
export function expandContext(
  graph: TransferGraph,
  source: EdgeSource,
  labels: RoleIndex,
  limits: TraceLimits,
  depositRule: boolean,
): ExpandContext {
  return {
    graph,
    source,
    labels,
    limits,
    depositRule,
    convPending: new Map(),
    convDone: new Map(),
    relaxLog: new RelaxLog(),
    expandedCount: 0,
    edgesVisited: 0,
    readCount: 0,
    allRead: false,
  }
}

/**
 * Time-respecting reachability by hop levels: at each level, the frontier's outgoing transfers at or after the
 * time taint can first be there are followed, and an address whose earliest taint time improves joins the next
 * frontier. Each level reads the outgoing edges of the frontier's unread addresses in one query. Labelled
 * exchanges, bridges and mixers, deposit addresses, and the limits stop expansion; the reason is kept per node.
 */
export async function expand(
  ctx: ExpandContext,
  seeds: readonly number[],
  firstHop: readonly number[] = [],
): Promise<void> {
  const g = ctx.graph
  const marks = new Marks()
  const orderFree = new OrderFree()
  let frontier = [...new Set(seeds)]
  await ctx.labels.flagNewNodes(g)
  for (let level = 0; frontier.length > 0 || (level <= 1 && firstHop.length > 0); level++) {
    // Recipients of seed transfers (a seed transaction's, or a seed address's outflows) are one hop from the seed.
    if (level === 1 && firstHop.length > 0) frontier = [...new Set([...frontier, ...firstHop])]
    if (frontier.length === 0) continue
    const admitted = admit(ctx, frontier, level)
    await readOut(ctx, unreadOf(g, admitted))
    marks.fit(g.nodeCount)
    const take = orderFree.check(ctx) ? ascending(admitted, marks) : admitted
    const next: number[] = []
    const stamp = level + 1
    const push = (v: number) => {
      if (marks.inNext[v] !== stamp) {
        marks.inNext[v] = stamp
        next.push(v)
      }
    }
    // Converters a converter pays within the same transaction (a routed swap) are followed at the same level.
    let sameLevel: number[] = []
    const pushSame = (v: number) => {
      sameLevel.push(v)
    }
    // Arrival times as the level began: an address improved during this level is followed from its new time at
    // the next level, so every path is counted with its true number of hops.
    const fromArr = new Int32Array(take.length)
    for (let k = 0; k < take.length; k++) fromArr[k] = g.arr[take[k] as number] as number
    const deposits = ctx.depositRule && ctx.labels.hasExchange
    for (let k = 0; k < take.length; k++) {
      const u = take[k] as number
      const f = g.flags[u] as number
      if (!(f & NodeFlag.expanded)) {
        if (deposits && !(f & (NodeFlag.seed | NodeFlag.labelled)) && isDepositAddress(ctx, u)) {
          g.stop[u] = StopCode.depositAddress
          continue
        }
        g.flags[u] = f | NodeFlag.expanded
        g.stop[u] = StopCode.none
        ctx.expandedCount++
      }
      if (f & NodeFlag.converter) relaxConverter(ctx, u, level, push, pushSame)
      else relax(ctx, u, fromArr[k] as number, level, marks, push, next, stamp)
    }
    while (sameLevel.length > 0) {
      const convs = admit(ctx, [...new Set(sameLevel)], level)
      sameLevel = []
      await readOut(ctx, unreadOf(g, convs))
      marks.fit(g.nodeCount)
      for (const u of convs) {
        if (!((g.flags[u] as number) & NodeFlag.expanded)) {
          g.flags[u] = (g.flags[u] as number) | NodeFlag.expanded
          g.stop[u] = StopCode.none
          ctx.expandedCount++
        }
        relaxConverter(ctx, u, level, push, pushSame)
      }
    }
    frontier = next
  }
}

/**
 * Whether the order in which a level's addresses are relaxed cannot change the result, so they may be taken in id
 * order (their per-node state and outgoing ranges then lie in ascending memory): when the address limit cannot
 * bind (admit would cut the frontier in its order) and the graph read so far holds no converter (a routed swap's
 * hops depend on which path reaches a node first). Arrival times, hops of plain addresses and the next frontier as
 * a set are the same in any order; the next frontier's order matters only to the limit.
 */
class OrderFree {
  private seen = 0
  private converter = false

  check(ctx: ExpandContext): boolean {
    const g = ctx.graph
    for (; this.seen < g.nodeCount; this.seen++)
      if ((g.flags[this.seen] as number) & NodeFlag.converter) this.converter = true
    return !this.converter && ctx.limits.maxAddresses >= ctx.source.addressCount
  }
}

/** The addresses among `us` whose outgoing edges are not read yet. */
function unreadOf(g: TransferGraph, us: readonly number[]): number[] {
  const out: number[] = []
  for (let k = 0; k < us.length; k++) if ((g.outLen[us[k] as number] as number) < 0) out.push(us[k] as number)
  return out
}

/** The frontier's addresses that are followed at this level; the others get their stop reason. */
function admit(ctx: ExpandContext, frontier: readonly number[], level: number): number[] {
  const g = ctx.graph
  const { hops, maxAddresses } = ctx.limits
  const take: number[] = []
  for (const u of frontier) {
    const f = g.flags[u] as number
    const expanded = (f & NodeFlag.expanded) !== 0
    if (f & NodeFlag.stopLabel && !(f & NodeFlag.seed)) g.stop[u] = StopCode.endpoint
    else if (level >= hops) {
      if (!expanded) g.stop[u] = StopCode.hopLimit
    } else if (!expanded && ctx.expandedCount >= maxAddresses) g.stop[u] = StopCode.maxAddresses
    else take.push(u)
  }
  return take
}

/** Relaxes of plain addresses in the order they happened, as growing columns. */
export class RelaxLog {
  length = 0
  node: Int32Array = new Int32Array(256)
  level: Int32Array = new Int32Array(256)
  from: Int32Array = new Int32Array(256)

  add(node: number, level: number, from: number): void {
    if (this.length === this.node.length) {
      const cap = this.length * 2
      this.node = growInt32(this.node, cap)
      this.level = growInt32(this.level, cap)
      this.from = growInt32(this.from, cap)
    }
    this.node[this.length] = node
    this.level[this.length] = level
    this.from[this.length] = from
    this.length++
  }
}

// The hot loop: typed arrays in locals, no calls for the common (non-converter, no dust limit) case.
/**
 * Reads the outgoing edges of a frontier's unread addresses in one query. Once a frontier covers a quarter of the
 * addresses still unread, the trace has spread over most of the chain: the rest is read in one pass (one scan
 * instead of one per remaining hop), and addresses without outgoing edges are known from then on.
 */
async function readOut(ctx: ExpandContext, unread: number[]): Promise<void> {
  const g = ctx.graph
  if (unread.length === 0) return
  if (ctx.allRead) {
    for (const u of unread) g.outLen[u] = 0
    return
  }
  if (unread.length * 4 >= ctx.source.addressCount - ctx.readCount) {
    const read: number[] = []
    for (let u = 0; u < g.nodeCount; u++) if ((g.outLen[u] as number) >= 0) read.push(g.global[u] as number)
    g.addOutAll(await ctx.source.outEdgesExcept(Int32Array.from(read)))
    ctx.allRead = true
    for (const u of unread) if ((g.outLen[u] as number) < 0) g.outLen[u] = 0
    ctx.readCount = ctx.source.addressCount
  } else {
    g.addOut(unread, await ctx.source.outEdges(Int32Array.from(unread, (u) => g.global[u] as number)))
    ctx.readCount += unread.length
  }
  await ctx.labels.flagNewNodes(g)
}

function relax(
  ctx: ExpandContext,
  u: number,
  from: number,
  level: number,
  marks: Marks,
  push: (v: number) => void,
  next: number[],
  stamp: number,
): void {
  const g = ctx.graph
  const txo = g.txo
  const dst = g.dst
  const arr = g.arr
  const hop = g.hop
  const inNext = marks.inNext
  const until = marks.doneFrom[u] as number
  if (from >= until) return
  marks.doneFrom[u] = from
  ctx.relaxLog.add(u, level, from)
  const start = g.outStart[u] as number
  // Edges at or after `until` were followed by an earlier relax, from doneAt on: only those before it are new.
  const end = until === UNREACHED ? start + (g.outLen[u] as number) : (marks.doneAt[u] as number)
  const min = ctx.limits.minAmount
  const dust = min > 0n
  let e = gallopBack(txo, start, end, from)
  const first = e
  marks.doneAt[u] = first
  // One random read per edge in the common case: the recipient's arrival time (converters hold a sentinel).
  for (; e < end; e++) {
    const t = txo[e] as number
    const v = dst[e] as number
    if (dust && g.amount(e) < min && (ctx.minAsset === undefined || g.asset[e] === ctx.minAsset)) {
      markDust(g, v)
      continue
    }
    const av = arr[v] as number
    if (t < av) {
      arr[v] = t
      // A node with an arrival time has its hop already (seeds, place-seeds and reach set both together).
      if (av === UNREACHED && (hop[v] as number) < 0) hop[v] = level + 1
      if (inNext[v] !== stamp) {
        inNext[v] = stamp
        next.push(v)
      }
    } else if (av === CONVERTER_ARRIVAL) reach(ctx, v, t, level, push)
  }
  ctx.edgesVisited += e - first
}

function relaxConverter(
  ctx: ExpandContext,
  u: number,
  level: number,
  push: (v: number) => void,
  pushSame: (v: number) => void,
): void {
  const g = ctx.graph
  const pending = ctx.convPending.get(u)
  if (!pending || pending.length === 0) return
  ctx.convPending.set(u, [])
  const start = g.outStart[u] as number
  const end = start + (g.outLen[u] as number)
  for (const t of pending) {
    for (let e = lowerBound(g.txo, start, end, t); e < end && g.txo[e] === t; e++) {
      ctx.edgesVisited++
      if (
        ctx.limits.minAmount > 0n &&
        g.amount(e) < ctx.limits.minAmount &&
        (ctx.minAsset === undefined || g.asset[e] === ctx.minAsset)
      ) {
        markDust(g, g.dst[e] as number)
        continue
      }
      const v = g.dst[e] as number
      // Inside a routed swap (converter to converter in one transaction) no hop is counted.
      if ((g.flags[v] as number) & NodeFlag.converter) {
        if ((g.hop[v] as number) < 0) g.hop[v] = g.hop[u] as number
        reach(ctx, v, t, level, pushSame)
      } else reach(ctx, v, t, level, push)
    }
  }
}

function reach(ctx: ExpandContext, v: number, t: number, level: number, push: (v: number) => void): void {
  const g = ctx.graph
  if ((g.hop[v] as number) < 0) g.hop[v] = level + 1
  if ((g.flags[v] as number) & NodeFlag.converter) {
    let done = ctx.convDone.get(v)
    if (!done) {
      done = new Set()
      ctx.convDone.set(v, done)
    }
    if (!done.has(t)) {
      done.add(t)
      const p = ctx.convPending.get(v)
      if (p) p.push(t)
      else ctx.convPending.set(v, [t])
      push(v)
    }
    return
  }
  if (t < (g.arr[v] as number)) {
    g.arr[v] = t
    push(v)
  }
}

/** An unlabelled address whose every outgoing transfer goes to one labelled exchange sweeps for it. */
function isDepositAddress(ctx: ExpandContext, u: number): boolean {
  const g = ctx.graph
  const start = g.outStart[u] as number
  const len = g.outLen[u] as number
  if (len <= 0) return false
  let name: string | undefined
  for (let e = start; e < start + len; e++) {
    const v = g.dst[e] as number
    if (!((g.flags[v] as number) & NodeFlag.exchange)) return false
    const n = ctx.labels.roleOf(g.global[v] as number)?.name
    if (name !== undefined && n !== name) return false
    name = n
  }
  return true
}

function markDust(g: TransferGraph, v: number): void {
  g.flags[v] = (g.flags[v] as number) | NodeFlag.dust
  if ((g.flags[v] as number) & NodeFlag.expanded || g.stop[v]) return
  g.stop[v] = StopCode.dust
}

/**
 * First index in [lo, hi) with a[i] >= x (a sorted ascending on the range), searched from hi down in doubling
 * steps: a relax follows the latest part of a range, so this costs the log of the edges followed, not of the range.
 */
export function gallopBack(a: Int32Array, lo: number, hi: number, x: number): number {
  let step = 1
  let top = hi
  while (top - step >= lo && (a[top - step] as number) >= x) {
    top -= step
    step *= 2
  }
  return lowerBound(a, Math.max(lo, top - step), top, x)
}

/** First index in [lo, hi) with a[i] >= x (a sorted ascending on the range). */
export function lowerBound(a: Int32Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((a[mid] as number) < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
