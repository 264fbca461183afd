import type { TraceRole } from '../engine/label-roles.ts'
import { type FinalEntry, minFreezeOf, selectEntries } from '../result/result-select.ts'
import {
  DEFAULT_REPORT,
  type EndpointCategory,
  emptyTotals,
  type FreezeWindow,
  type ReportOptions,
  type TraceCluster,
  type TraceEdgeRef,
  type TraceEndpoint,
  type TraceNode,
  type TraceResult,
  type TraceSeed,
} from '../trace-types.ts'
import { aggregateAddresses, finalIn, pathSlots, type UtxoAddressAgg, type UtxoFinal } from './utxo-aggregate.ts'
import type { UtxoTracer } from './utxo-tracer.ts'

/** What the result needs beyond the tracer: the full role of an address and, with clusters, its cluster. */
export interface UtxoResultContext {
  roleOf: (address: string) => TraceRole | undefined
  clusterOf: ((address: string) => string | null) | null
  clusterName: (cluster: string) => string | null
}

/** Turns a finished UtxoTracer into a `dragnet.trace/1` result (forward, asset `native`, amounts in satoshi). */
export function utxoResult(tr: UtxoTracer, ctx: UtxoResultContext, started: number): TraceResult {
  const t0 = performance.now()
  const req = tr.request
  const report: ReportOptions = { ...DEFAULT_REPORT, ...req.report }
  const explainId = report.explain === undefined ? -1 : tr.out.findAddress(report.explain)
  const { byAddr, tainted } = aggregateAddresses(tr, explainId)
  const entries = finalEntries(tr, byAddr, ctx)
  const minimum = minFreezeOf(report, 'native', 8)
  const { chosen, leftOut } = selectEntries(entries, report.maxEndpoints, () => minimum)
  const listed = new Set<number>()
  const finalOf = (c: FinalEntry) => finalIn(byAddr.get(c.node) as UtxoAddressAgg, c.category) as UtxoFinal
  for (const c of chosen) {
    const f = finalOf(c)
    for (const s of pathSlots(tr, f.heaviest)) listed.add(s)
    for (const s of f.slots.slice(0, 100)) listed.add(s)
  }
  addExplained(tr, byAddr, report.explain, listed)
  if (tainted <= report.maxEdges)
    for (let s = 0; s < tr.out.count; s++) if ((tr.out.taint[s] as number) > 0) listed.add(s)
  const edgeSlots = [...listed].sort((a, b) => a - b)
  const edges = edgeSlots.map((s) => edgeOf(tr, s))
  const endpoints = chosen.map((c) => endpointOf(tr, c, finalOf(c), ctx))
  const nodeNames = new Set<string>(endpoints.map((e) => e.address))
  for (const e of edges) nodeNames.add(e.from).add(e.to)
  const nodes = [...nodeNames].sort().map((a) => nodeOf(tr, a, byAddr, ctx))
  const totals = { native: totalsOf(tr, entries) }
  const windows = freezeWindowsOf(tr, chosen, finalOf, ctx)
  const stopCounts: Record<string, number> = {}
  for (const a of byAddr.values()) if (a.stop) stopCounts[a.stop] = (stopCounts[a.stop] ?? 0) + 1
  const result: TraceResult = {
    format: 'dragnet.trace/1',
    chain: req.chain,
    direction: 'forward',
    model: req.model,
    seeds: seedsOf(tr),
    limits: req.limits,
    asset: 'native',
    empty: tr.seeded === 0n ? emptyReason(tr) : null,
    assets: { native: { symbol: req.chain === 'bitcoin' ? 'BTC' : null, decimals: 8, issuerFreezable: false } },
    totals,
    fees: { native: tr.fees },
    endpoints,
    nodes,
    edges,
    stops: nodes
      .filter((n) => n.stop !== null)
      .map((n) => ({ address: n.address, reason: n.stop as NonNullable<TraceNode['stop']>, hop: n.hop })),
    stopCounts,
    listed: {
      endpoints: endpoints.length,
      endpointsTotal: entries.length,
      edges: edges.length,
      edgesTotal: tainted,
      nodes: nodes.length,
      nodesTotal: byAddr.size,
    },
    leftOut:
      leftOut.size > 0 ? { native: { ...(leftOut.get(-1) as { endpoints: number; amount: bigint }), minimum } } : {},
    freezeWindows: windows.windows,
    freezeTotals: { native: windows.totals },
    stats: {
      addressesReached: byAddr.size,
      addressesExpanded: tr.expandedCount,
      edgesLoaded: tr.outputsRead,
      queries: 0,
      ms: 0,
      phases: { scan: Math.round(t0 - started), result: Math.round(performance.now() - t0) },
    },
  }
  if (ctx.clusterOf) result.clusters = clustersOf(endpoints, ctx)
  result.stats.ms = Math.round(performance.now() - started)
  return result
}

function finalEntries(tr: UtxoTracer, byAddr: Map<number, UtxoAddressAgg>, ctx: UtxoResultContext): FinalEntry[] {
  const out: FinalEntry[] = []
  for (const a of byAddr.values()) {
    for (const f of a.finals) {
      const freezableBy =
        f.category === 'exchange'
          ? [{ kind: 'exchange' as const, name: ctx.roleOf(tr.out.addresses[a.id] as string)?.name ?? 'exchange' }]
          : []
      out.push({
        node: a.id,
        key: a.id,
        asset: -1,
        amount: f.amount,
        category: f.category,
        freezableBy,
        weight: Number(f.amount) / 1e8,
      })
    }
  }
  return out
}

function totalsOf(tr: UtxoTracer, entries: readonly FinalEntry[]) {
  const x = emptyTotals()
  x.stolen = tr.seeded
  for (const e of entries) x[e.category] += e.amount
  x.traced = x.held + x.exchange + x.bridge + x.mixer + x.dex + x.dark
  return x
}

/** The listed edge of tainted output s: from the address its taint came from (or the payer, for a seed). */
export function edgeOf(tr: UtxoTracer, s: number): TraceEdgeRef {
  const t = tr.out
  const p = t.parent[s] as number
  const tx = t.tx[s] as number
  const time = t.txTime[tx] as number
  return {
    from: p >= 0 ? (t.addresses[t.addr[p] as number] as string) : (t.txPayer[tx] as string),
    to: t.addresses[t.addr[s] as number] as string,
    asset: 'native',
    amount: BigInt(t.value[s] as number),
    tainted: BigInt(t.taint[s] as number),
    tx: t.txHash[tx] as string,
    block: BigInt(t.txBlock[tx] as number),
    time: time >= 0 ? BigInt(time) : null,
    position: `out:${t.vout[s]}`,
    hop: t.hop[s] as number,
  }
}

function endpointOf(tr: UtxoTracer, c: FinalEntry, f: UtxoFinal, ctx: UtxoResultContext): TraceEndpoint {
  const t = tr.out
  const address = t.addresses[c.node] as string
  const role = ctx.roleOf(address)
  const first = t.tx[f.first] as number
  const time = t.txTime[first] as number
  const e: TraceEndpoint = {
    address,
    category: c.category,
    name: role?.stop ? role.name : null,
    depositAddress: role?.depositAddress ?? false,
    asset: 'native',
    amount: c.amount,
    firstArrival: {
      tx: t.txHash[first] as string,
      block: BigInt(t.txBlock[first] as number),
      time: time >= 0 ? BigInt(time) : null,
    },
    txs: [...new Set(f.slots.map((s) => t.txHash[t.tx[s] as number] as string))],
    freezableBy: c.freezableBy,
    hop: Math.min(...f.slots.map((s) => t.hop[s] as number)),
    path: pathSlots(tr, f.heaviest).map((s) => edgeOf(tr, s)),
  }
  if (ctx.clusterOf) e.cluster = ctx.clusterOf(address)
  return e
}

function nodeOf(
  tr: UtxoTracer,
  address: string,
  byAddr: Map<number, UtxoAddressAgg>,
  ctx: UtxoResultContext,
): TraceNode {
  const id = tr.out.findAddress(address)
  const a = id >= 0 ? byAddr.get(id) : undefined
  const role = ctx.roleOf(address)
  const final: Record<string, bigint> = {}
  let sum = 0n
  for (const f of a?.finals ?? []) sum += f.amount
  if (sum > 0n) final.native = sum
  const expanded = id >= 0 && tr.isExpanded(id)
  let category: EndpointCategory | null = role?.stop ?? null
  if (category === null && a)
    category = finalIn(a, 'held') || expanded ? 'held' : finalIn(a, 'unfollowed') ? 'unfollowed' : null
  return {
    address,
    label: role ? { category: role.label.category, name: role.label.name } : null,
    labels: role ? role.labels.map((l) => ({ category: l.category, name: l.name })) : [],
    category,
    hop: a ? a.hop : -1,
    expanded,
    stop: a?.stop ?? null,
    received: a ? { native: a.received } : {},
    final,
  }
}

/** Adds, for an explained address, every tainted output it received and the path that fed each. */
function addExplained(
  tr: UtxoTracer,
  byAddr: Map<number, UtxoAddressAgg>,
  target: string | undefined,
  listed: Set<number>,
): void {
  if (target === undefined) return
  const id = tr.out.findAddress(target)
  const a = id >= 0 ? byAddr.get(id) : undefined
  for (const s of a?.arrivals ?? []) for (const p of [...pathSlots(tr, s), s]) listed.add(p)
}

function seedsOf(tr: UtxoTracer): TraceResult['seeds'] {
  const req = tr.request
  const note = (k: string) => req.seedNotes?.[k] ?? null
  const rules: TraceSeed[] = [
    ...req.seedAddresses.map(
      (a) => ({ seed: a, rule: tr.seedHit.has(a) ? 'receipts' : 'none', note: note(a) }) as TraceSeed,
    ),
    ...req.seedTxs.map(
      (h) => ({ seed: h, rule: tr.seedHit.has(h.toLowerCase()) ? 'transaction' : 'none', note: note(h) }) as TraceSeed,
    ),
    ...(req.seedOutpoints ?? []).map((o) => {
      const k = `${o.txid.toLowerCase()}:${o.vout}`
      return { seed: k, rule: tr.seedHit.has(k) ? 'transaction' : 'none', note: note(k) } as TraceSeed
    }),
  ]
  return { addresses: [...req.seedAddresses], txs: [...req.seedTxs], rules }
}

function emptyReason(tr: UtxoTracer): string {
  if (tr.seedHit.size === 0) return 'no seed address, transaction or outpoint was found in the transactions read'
  return 'the seeds carried no value that was not already tainted'
}

function freezeWindowsOf(
  tr: UtxoTracer,
  chosen: readonly FinalEntry[],
  finalOf: (c: FinalEntry) => UtxoFinal,
  ctx: UtxoResultContext,
): { windows: FreezeWindow[]; totals: { reached: bigint; left: bigint; remaining: bigint } } {
  const t = tr.out
  const totals = { reached: 0n, left: 0n, remaining: 0n }
  const windows: FreezeWindow[] = []
  for (const c of chosen) {
    if (c.category !== 'exchange') continue
    const f = finalOf(c)
    let left = 0n
    let last: { tx: string; block: bigint; time: bigint } | null = null
    for (const s of f.slots) {
      // An exchange spending a deposit (its sweep to the hot wallet) keeps the customer's credit, which it can
      // still freeze: as on Ethereum, only the account matters, so an exchange's outputs never count as left.
      const sp = c.category === 'exchange' ? undefined : tr.endpointSpent.get(s)
      if (!sp) continue
      left += BigInt(t.taint[s] as number)
      if (!last || sp.block > last.block) last = sp
    }
    const first = t.tx[f.first] as number
    const arrived = {
      tx: t.txHash[first] as string,
      block: BigInt(t.txBlock[first] as number),
      time: BigInt(t.txTime[first] as number),
    }
    const remaining = f.amount - left
    const departed = remaining === 0n && last ? last : null
    windows.push({
      address: t.addresses[c.node] as string,
      asset: 'native',
      freezableBy: c.freezableBy,
      received: f.amount,
      left,
      remaining,
      arrived,
      departed,
      seconds: departed ? Number(departed.time - arrived.time) : null,
    })
    totals.reached += f.amount
    totals.left += left
    totals.remaining += remaining
  }
  void ctx
  return { windows, totals }
}

function clustersOf(endpoints: readonly TraceEndpoint[], ctx: UtxoResultContext): TraceCluster[] {
  const by = new Map<string, TraceCluster>()
  for (const e of endpoints) {
    if (!e.cluster) continue
    let c = by.get(e.cluster)
    if (!c) {
      c = { cluster: e.cluster, name: ctx.clusterName(e.cluster), addresses: [], amount: 0n, categories: {} }
      by.set(e.cluster, c)
    }
    if (!c.addresses.includes(e.address)) c.addresses.push(e.address)
    c.amount += e.amount
    c.categories[e.category] = (c.categories[e.category] ?? 0n) + e.amount
  }
  return [...by.values()].sort((a, b) =>
    a.amount === b.amount ? (a.cluster < b.cluster ? -1 : 1) : a.amount > b.amount ? -1 : 1,
  )
}
