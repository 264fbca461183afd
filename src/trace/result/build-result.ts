import type { EdgeDetail, EdgeSource } from '../../store/edges/edge-source.ts'
import type { TokenMeta } from '../../store/store.ts'
import type { RoleIndex } from '../engine/role-index.ts'
import { NodeFlag, STOP_NAMES, StopCode, type TransferGraph } from '../engine/transfer-graph.ts'
import type { ScanResult } from '../models/scan.ts'
import {
  type AssetTotals,
  type EndpointCategory,
  emptyTotals,
  type Freezer,
  type ReportOptions,
  type TraceEdgeRef,
  type TraceEndpoint,
  type TraceNode,
  type TraceResult,
} from '../trace-types.ts'
import { freezeWindows } from './freeze-window.ts'
import { TaintedArrivals } from './graph-paths.ts'
import { inMoneyDirection } from './money-direction.ts'
import { type FinalEntry, minFreezeOf, selectEntries } from './result-select.ts'

export interface BuildInput {
  graph: TransferGraph
  scan: ScanResult
  source: EdgeSource
  labels: RoleIndex
  dark: ReadonlySet<number>
  seedOrds: ReadonlySet<number>
  report: ReportOptions
  tokens: (addresses: string[]) => Promise<Map<string, TokenMeta>>
  base: Omit<
    TraceResult,
    | 'assets'
    | 'totals'
    | 'endpoints'
    | 'nodes'
    | 'edges'
    | 'stops'
    | 'stopCounts'
    | 'listed'
    | 'leftOut'
    | 'freezeWindows'
    | 'freezeTotals'
    | 'stats'
  >
}

type Built = Omit<TraceResult, 'stats'>

/**
 * Turns the scanned graph into the result. Totals cover every share of the taint; the endpoints, nodes and edges
 * listed are bounded by the report options, and only those are looked up (addresses, transaction hashes).
 */
export async function buildResult(input: BuildInput): Promise<Built> {
  const { graph: g, scan: s } = input
  const assetIds = [...new Set([...s.received.assets, ...s.final.assets, ...s.seeded.keys(), ...s.swappedIn.keys()])]
  const tokenIds = assetIds.filter((a) => a >= 0)
  const tokenNames = await input.source.addressesOf(Int32Array.from(tokenIds))
  const assetName = new Map<number, string>([[-1, 'native']])
  tokenIds.forEach((id, i) => {
    assetName.set(id, tokenNames[i] as string)
  })
  const nameOf = (a: number) => assetName.get(a) as string
  const assets = await assetInfo(input, tokenIds, nameOf)
  const entries = finalEntries(input, nameOf, assets)
  const totals = totalsOf(s, entries, nameOf)
  const arrivals = new TaintedArrivals(g, s, input.seedOrds)
  const minimum = (a: number) => minFreezeOf(input.report, nameOf(a), assets[nameOf(a)]?.decimals ?? null)
  const { chosen, leftOut: dust } = selectEntries(entries, input.report.maxEndpoints, minimum)
  const listed = new Set<number>()
  const paths = chosen.map((c) => arrivals.heaviestPath(c.node, c.asset))
  for (const p of paths) for (const e of p) listed.add(e)
  const arrivalsOf = (c: FinalEntry) => [...arrivals.into(c.node)].filter((e) => g.asset[e] === c.asset).slice(0, 100)
  for (const c of chosen) for (const e of arrivalsOf(c)) listed.add(e)
  await addExplained(input, arrivals, listed)
  // A small trace lists every tainted edge; a large one the paths and arrivals above.
  if (s.taintedEdges <= input.report.maxEdges) {
    const seen = new Set<number>()
    for (let e = 0; e < g.edgeCount; e++) {
      if (!s.tainted[e] || seen.has(g.ord[e] as number)) continue
      seen.add(g.ord[e] as number)
      listed.add(e)
    }
  }
  const edgeList = [...listed].sort((a, b) => (g.ord[a] as number) - (g.ord[b] as number))
  const nodeSet = new Set<number>(chosen.map((c) => c.node))
  for (const e of edgeList) {
    nodeSet.add(g.src[e] as number)
    nodeSet.add(g.dst[e] as number)
  }
  // By index id, not by the order edges happened to arrive in: the same list on every store and every run.
  const nodeList = [...nodeSet].sort((a, b) => (g.global[a] as number) - (g.global[b] as number))
  const names = await input.source.addressesOf(Int32Array.from(nodeList, (u) => g.global[u] as number))
  const addr = new Map<number, string>(nodeList.map((u, i) => [u, names[i] as string]))
  const details = await input.source.details(Int32Array.from(edgeList, (e) => g.ord[e] as number))
  const ref = (e: number) => edgeRef(g, s, e, addr, nameOf, details)
  const edges = edgeList.map(ref)
  const endpoints = chosen.map((c, i) =>
    endpointOf(
      input,
      c,
      addr,
      nameOf,
      arrivalsOf(c).map(ref),
      (paths[i] ?? []).map(ref),
      arrivals.assetHop(c.node, c.asset),
    ),
  )
  await addArrivals(input, chosen, endpoints, arrivals)
  const nodes = nodeList.map((u) => nodeOf(input, u, addr.get(u) as string, nameOf))
  const universe = traceNodes(g, s, chosen)
  const stopCounts: Record<string, number> = {}
  for (let u = 0; u < g.nodeCount; u++) {
    const name = universe[u] ? STOP_NAMES[g.stop[u] as number] : null
    if (name) stopCounts[name] = (stopCounts[name] ?? 0) + 1
  }
  const stops = nodes
    .filter((n) => n.stop !== null)
    .map((n) => ({ address: n.address, reason: n.stop as NonNullable<TraceNode['stop']>, hop: n.hop }))
  const listedCounts = {
    endpoints: endpoints.length,
    endpointsTotal: entries.length,
    edges: edges.length,
    edgesTotal: s.taintedEdges,
    nodes: nodes.length,
    nodesTotal: universe.reduce((n, x) => n + x, 0),
  }
  const windows =
    input.base.direction === 'forward'
      ? await freezeWindows({
          graph: g,
          scan: s,
          source: input.source,
          freezers: (u, a) => freezersOf(input, u, a, categoryOf(input, u)),
          isExchange: (u) => categoryOf(input, u) === 'exchange',
          hasIssuer: (a) => Boolean(input.labels.roleOf(a)?.freezeIssuer),
          ordBound: input.source.edgeCount,
          nameOf,
          max: input.report.maxEndpoints,
        })
      : { windows: [], totals: {} }
  const leftOut: TraceResult['leftOut'] = {}
  for (const [a, d] of dust) leftOut[nameOf(a)] = { endpoints: d.endpoints, amount: d.amount, minimum: minimum(a) }
  return inMoneyDirection({
    ...input.base,
    assets,
    totals,
    endpoints,
    nodes,
    edges,
    stops,
    stopCounts,
    listed: listedCounts,
    leftOut,
    freezeWindows: windows.windows,
    freezeTotals: windows.totals,
  })
}

function finalEntries(input: BuildInput, nameOf: (a: number) => string, assets: TraceResult['assets']): FinalEntry[] {
  const out: FinalEntry[] = []
  input.scan.final.forEach((node, asset, amount) => {
    const category = categoryOf(input, node)
    const decimals = assets[nameOf(asset)]?.decimals ?? 0
    const freezableBy = input.base.direction === 'forward' ? freezersOf(input, node, asset, category) : []
    const key = input.graph.global[node] as number
    out.push({ node, key, asset, amount, category, freezableBy, weight: Number(amount) / 10 ** decimals })
  })
  return out
}

/**
 * Everyone who can freeze taint that ended at a node: the exchange at its wallets and deposit addresses, and the
 * issuer of an issuer-freezable token wherever one holder's balance sits (a held address, an exchange deposit
 * address). A service's own wallet (an exchange's hot wallet, a bridge, a mixer, a pool) holds every user's
 * funds, so the issuer freezing it is not proposed.
 */
function freezersOf(input: BuildInput, u: number, asset: number, category: EndpointCategory): Freezer[] {
  const out: Freezer[] = []
  if (category === 'exchange') out.push({ kind: 'exchange', name: serviceName(input, u) ?? 'exchange' })
  const issuer = asset >= 0 ? input.labels.roleOf(asset)?.freezeIssuer : null
  if (!issuer) return out
  const role = input.labels.roleOf(input.graph.global[u] as number)
  const oneHolder =
    category === 'held' ||
    (category === 'exchange' && (input.graph.stop[u] === StopCode.depositAddress || role?.depositAddress === true))
  if (oneHolder) out.push({ kind: 'issuer', name: issuer })
  return out
}

function totalsOf(s: ScanResult, entries: FinalEntry[], nameOf: (a: number) => string): Record<string, AssetTotals> {
  const totals: Record<string, AssetTotals> = {}
  const t = (a: number) => {
    const k = nameOf(a)
    totals[k] ??= emptyTotals()
    return totals[k]
  }
  for (const [a, v] of s.seeded) t(a).stolen += v
  for (const [a, v] of s.swappedIn) t(a).swappedIn += v
  for (const e of entries) {
    const x = t(e.asset)
    x[e.category] += e.amount
    if (e.freezableBy.some((f) => f.kind === 'issuer')) x.issuerFreezable += e.amount
  }
  for (const x of Object.values(totals)) x.traced = x.held + x.exchange + x.bridge + x.mixer + x.dex + x.dark
  return totals
}

/**
 * For endpoints of the categories `report.arrivalsOf` names: every tainted arrival in the endpoint's asset, summed
 * per transaction in time order (the listed edges stop at the first 100). Other endpoints are left as they are.
 */
async function addArrivals(
  input: BuildInput,
  chosen: readonly FinalEntry[],
  endpoints: TraceEndpoint[],
  arrivals: TaintedArrivals,
): Promise<void> {
  const categories = new Set(input.report.arrivalsOf ?? [])
  if (categories.size === 0) return
  const g = input.graph
  for (const [i, c] of chosen.entries()) {
    if (!categories.has(c.category)) continue
    const into = [...arrivals.into(c.node)].filter((e) => g.asset[e] === c.asset)
    const details = await input.source.details(Int32Array.from(into, (e) => g.ord[e] as number))
    const byTx = new Map<string, bigint>()
    for (const e of into) {
      const tx = details.get(g.ord[e] as number)?.tx ?? ''
      byTx.set(tx, (byTx.get(tx) ?? 0n) + input.scan.taintOf(e))
    }
    const endpoint = endpoints[i] as TraceEndpoint
    endpoint.arrivals = [...byTx].map(([tx, tainted]) => ({ tx, tainted }))
  }
}

/** Adds, for an explained address, every tainted arrival and the heaviest path that fed each. */
async function addExplained(input: BuildInput, arrivals: TaintedArrivals, listed: Set<number>): Promise<void> {
  const target = input.report.explain
  if (target === undefined) return
  const id = (await input.source.resolve([target]))[0] as number
  const u = input.graph.localId(id)
  if (u < 0) return
  for (const e of [...arrivals.into(u)].slice(-1000)) {
    listed.add(e)
    for (const p of arrivals.pathThrough(e)) listed.add(p)
  }
}

export function categoryOf(input: Pick<BuildInput, 'graph' | 'labels' | 'dark'>, u: number): EndpointCategory {
  const g = input.graph
  const f = g.flags[u] as number
  const stop = input.labels.roleOf(g.global[u] as number)?.stop
  if (f & NodeFlag.stopLabel && !(f & NodeFlag.expanded) && stop) return stop
  if (g.stop[u] === StopCode.depositAddress) return 'exchange'
  if (input.dark.has(u)) return 'dark'
  if (f & NodeFlag.expanded) return f & NodeFlag.converter ? 'dex' : 'held'
  return 'unfollowed'
}

/** The service an endpoint belongs to: its own label, or for a deposit address the exchange it sweeps to. */
function serviceName(input: BuildInput, u: number): string | null {
  const g = input.graph
  if (g.stop[u] === StopCode.depositAddress && (g.outLen[u] as number) > 0) {
    return input.labels.roleOf(g.global[g.dst[g.outStart[u] as number] as number] as number)?.name ?? null
  }
  return input.labels.roleOf(g.global[u] as number)?.name ?? null
}

function endpointOf(
  input: BuildInput,
  c: FinalEntry,
  addr: Map<number, string>,
  nameOf: (a: number) => string,
  into: TraceEdgeRef[],
  path: TraceEdgeRef[],
  hop: number,
): TraceEndpoint {
  const first = into[0]
  return {
    address: addr.get(c.node) as string,
    category: c.category,
    name: serviceName(input, c.node),
    depositAddress: input.graph.stop[c.node] === StopCode.depositAddress,
    asset: nameOf(c.asset),
    amount: c.amount,
    firstArrival: first ? { tx: first.tx, block: first.block, time: first.time } : null,
    txs: [...new Set(into.map((e) => e.tx))],
    freezableBy: c.freezableBy,
    hop,
    path,
  }
}

function nodeOf(input: BuildInput, u: number, address: string, nameOf: (a: number) => string): TraceNode {
  const g = input.graph
  const s = input.scan
  const role = input.labels.roleOf(g.global[u] as number)
  const received: Record<string, bigint> = {}
  const final: Record<string, bigint> = {}
  for (const a of s.received.assets) {
    const v = s.received.get(u, a)
    if (v !== 0n) received[nameOf(a)] = v
  }
  for (const a of s.final.assets) {
    const v = s.final.get(u, a)
    if (v !== 0n) final[nameOf(a)] = v
  }
  const touched = Object.keys(received).length + Object.keys(final).length > 0
  return {
    address,
    label: role ? { category: role.label.category, name: role.label.name } : null,
    labels: role ? role.labels.map((l) => ({ category: l.category, name: l.name })) : [],
    category: touched || (g.flags[u] as number) & NodeFlag.expanded ? categoryOf(input, u) : null,
    hop: (s.nodeHop[u] as number) >= 0 ? (s.nodeHop[u] as number) : (g.hop[u] as number),
    expanded: ((g.flags[u] as number) & NodeFlag.expanded) !== 0,
    stop: STOP_NAMES[g.stop[u] as number] ?? null,
    received,
    final,
  }
}

function edgeRef(
  g: TransferGraph,
  s: ScanResult,
  e: number,
  addr: Map<number, string>,
  nameOf: (a: number) => string,
  details: Map<number, EdgeDetail>,
): TraceEdgeRef {
  const d = details.get(g.ord[e] as number)
  return {
    from: addr.get(g.src[e] as number) ?? '',
    to: addr.get(g.dst[e] as number) ?? '',
    asset: nameOf(g.asset[e] as number),
    amount: g.amount(e),
    tainted: s.taintOf(e),
    tx: d?.tx ?? '',
    block: d?.block ?? 0n,
    time: d?.time ?? null,
    position: d?.position ?? '',
    hop: s.hops[e] as number,
  }
}

/**
 * The nodes a trace speaks of: those that received taint, were followed, sent or received a tainted transfer, or
 * hold an endpoint share. Node totals and stop counts are taken over this one set, so every list is a part of it.
 */
function traceNodes(g: TransferGraph, s: ScanResult, chosen: readonly FinalEntry[]): Uint8Array {
  const seen = new Uint8Array(g.nodeCount)
  s.received.forEach((u) => {
    seen[u] = 1
  })
  s.final.forEach((u) => {
    seen[u] = 1
  })
  for (let u = 0; u < g.nodeCount; u++) if ((g.flags[u] as number) & NodeFlag.expanded) seen[u] = 1
  for (let e = 0; e < g.edgeCount; e++) {
    if (!s.tainted[e]) continue
    seen[g.src[e] as number] = 1
    seen[g.dst[e] as number] = 1
  }
  for (const c of chosen) seen[c.node] = 1
  return seen
}

async function assetInfo(
  input: BuildInput,
  ids: number[],
  nameOf: (a: number) => string,
): Promise<TraceResult['assets']> {
  const meta = await input.tokens(ids.map(nameOf))
  const out: TraceResult['assets'] = { native: { symbol: null, decimals: 18, issuerFreezable: false } }
  for (const id of ids) {
    const a = nameOf(id)
    const m = meta.get(a)
    out[a] = {
      symbol: m?.symbol ?? null,
      decimals: m?.decimals ?? null,
      issuerFreezable: Boolean(input.labels.roleOf(id)?.freezeIssuer),
    }
  }
  return out
}
