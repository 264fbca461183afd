import type { EdgeSource } from './edge-source.ts'
import type { LabelIndex } from './label-index.ts'
import type { TraceLimits } from './trace-types.ts'
import { NodeFlag, StopCode, type TransferGraph, UNREACHED } from './transfer-graph.ts'

export interface ExpandContext {
  graph: TransferGraph
  source: EdgeSource
  labels: LabelIndex
  limits: TraceLimits
  /** The deposit-address rule reads forward sweeps; it does not apply backward. */
  depositRule: boolean
  /** Transactions in which a converter received taint, not yet followed / already followed. */
  convPending: Map<number, number[]>
  convDone: Map<number, Set<number>>
  expandedCount: number
  edgesVisited: number
}

/** A fresh expansion context. */
export function expandContext(
  graph: TransferGraph,
  source: EdgeSource,
  labels: LabelIndex,
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
    expandedCount: 0,
    edgesVisited: 0,
  }
}

/**
 * Time-respecting reachability by hop levels: at each level, the frontier's outgoing transfers at or after the
 * time taint can first be there are followed, and an address whose earliest taint time improves joins the next
 * frontier. Each level reads the outgoing edges of the frontier's unread addresses in one query. Labelled
 * exchanges, bridges and mixers, deposit addresses, and the limits stop expansion; the reason is kept per node.
 */
export async function expand(ctx: ExpandContext, seeds: readonly number[]): Promise<void> {
  const g = ctx.graph
  const { hops, maxAddresses } = ctx.limits
  const doneFrom = new Map<number, number>()
  let frontier = [...new Set(seeds)]
  await ctx.labels.flagNewNodes(g)
  for (let level = 0; frontier.length > 0; level++) {
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
    const unread = take.filter((u) => (g.outLen[u] as number) < 0)
    if (unread.length > 0) {
      g.addOut(unread, await ctx.source.outEdges(Int32Array.from(unread, (u) => g.global[u] as number)))
      await ctx.labels.flagNewNodes(g)
    }
    const next: number[] = []
    const inNext = new Set<number>()
    const push = (v: number) => {
      if (!inNext.has(v)) {
        inNext.add(v)
        next.push(v)
      }
    }
    for (const u of take) {
      const f = g.flags[u] as number
      if (!(f & NodeFlag.expanded)) {
        if (ctx.depositRule && !(f & (NodeFlag.seed | NodeFlag.labelled)) && isDepositAddress(ctx, u)) {
          g.stop[u] = StopCode.depositAddress
          continue
        }
        g.flags[u] = f | NodeFlag.expanded
        g.stop[u] = StopCode.none
        ctx.expandedCount++
      }
      if (f & NodeFlag.converter) relaxConverter(ctx, u, level, push)
      else relax(ctx, u, level, doneFrom, push)
    }
    frontier = next
  }
}

function relax(
  ctx: ExpandContext,
  u: number,
  level: number,
  doneFrom: Map<number, number>,
  push: (v: number) => void,
): void {
  const g = ctx.graph
  const from = g.arr[u] as number
  const until = doneFrom.get(u) ?? UNREACHED
  doneFrom.set(u, from)
  const start = g.outStart[u] as number
  const end = start + (g.outLen[u] as number)
  let e = lowerBound(g.txo, start, end, from)
  const min = ctx.limits.minAmount
  for (; e < end; e++) {
    const t = g.txo[e] as number
    if (t >= until) break
    ctx.edgesVisited++
    if (min > 0n && g.amount(e) < min) {
      markDust(g, g.dst[e] as number)
      continue
    }
    reach(ctx, g.dst[e] as number, t, level, push)
  }
}

function relaxConverter(ctx: ExpandContext, u: number, level: number, push: (v: number) => void): void {
  const g = ctx.graph
  const pending = ctx.convPending.get(u)
  if (!pending || pending.length === 0) return
  ctx.convPending.set(u, [])
  const start = g.outStart[u] as number
  const end = start + (g.outLen[u] as number)
  for (const t of pending) {
    for (let e = lowerBound(g.txo, start, end, t); e < end && g.txo[e] === t; e++) {
      ctx.edgesVisited++
      if (ctx.limits.minAmount > 0n && g.amount(e) < ctx.limits.minAmount) {
        markDust(g, g.dst[e] as number)
        continue
      }
      reach(ctx, g.dst[e] as number, t, level, push)
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
      if (t < (g.arr[v] as number)) g.arr[v] = t
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
    const n = ctx.labels.labelOf(g.global[v] as number)?.name
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

/** First index in [lo, hi) with a[i] >= x (a sorted ascending on the range). */
export function lowerBound(a: Int32Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((a[mid] as number) < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
