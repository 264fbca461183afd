import type { TokenMeta } from '../store/store.ts'
import type { EdgeSource } from './edge-source.ts'
import type { LabelIndex } from './label-index.ts'
import type { ScanResult } from './scan.ts'
import { edgesByRecipient, heaviestPath } from './trace-paths.ts'
import {
  type AssetTotals,
  type EndpointCategory,
  emptyTotals,
  type TraceEdgeRef,
  type TraceEndpoint,
  type TraceNode,
  type TraceResult,
  type TraceStop,
} from './trace-types.ts'
import { NodeFlag, STOP_NAMES, StopCode, type TransferGraph } from './transfer-graph.ts'

export interface BuildInput {
  graph: TransferGraph
  scan: ScanResult
  source: EdgeSource
  labels: LabelIndex
  dark: ReadonlySet<number>
  tokens: (addresses: string[]) => Promise<Map<string, TokenMeta>>
  base: Omit<TraceResult, 'assets' | 'totals' | 'endpoints' | 'nodes' | 'edges' | 'stops' | 'stats'>
}

const CATEGORY_ORDER: EndpointCategory[] = ['exchange', 'held', 'bridge', 'mixer', 'dex', 'dark', 'unfollowed']

/** Turns the scanned graph into the result: addresses, totals, endpoints with paths, nodes and tainted edges. */
export async function buildResult(input: BuildInput): Promise<Omit<TraceResult, 'stats'>> {
  const { graph: g, scan: s } = input
  const nodeSet = new Set<number>()
  const assetSet = new Set<number>()
  for (const k of s.received.keys()) {
    nodeSet.add(Math.floor(k / s.stride))
    assetSet.add((k % s.stride) - 1)
  }
  for (let u = 0; u < g.nodeCount; u++) if ((g.flags[u] as number) & NodeFlag.expanded) nodeSet.add(u)
  for (const a of s.seeded.keys()) assetSet.add(a)
  for (const a of s.swappedIn.keys()) assetSet.add(a)
  const nodes = [...nodeSet].sort((a, b) => a - b)
  const assetIds = [...assetSet].filter((a) => a >= 0)
  const named = new Set(nodes)
  for (const e of s.taint.keys()) named.add(g.src[e] as number)
  const namedIds = [...named].map((u) => g.global[u] as number)
  const names = await input.source.addressesOf(Int32Array.from([...namedIds, ...assetIds]))
  const addr = new Map<number, string>()
  namedIds.forEach((id, i) => {
    addr.set(id, names[i] as string)
  })
  assetIds.forEach((a, i) => {
    addr.set(a, names[namedIds.length + i] as string)
  })
  const addressOf = (u: number) => addr.get(g.global[u] as number) as string
  const assetName = (a: number) => (a < 0 ? 'native' : (addr.get(a) as string))
  const edges = await taintedEdges(input, addressOf, assetName)
  const assets = await assetInfo(input, assetIds, assetName)
  const totals: Record<string, AssetTotals> = {}
  const totalsOf = (a: string) => {
    let t = totals[a]
    if (!t) totals[a] = t = emptyTotals()
    return t
  }
  for (const [a, v] of s.seeded) totalsOf(assetName(a)).stolen += v
  for (const [a, v] of s.swappedIn) totalsOf(assetName(a)).swappedIn += v
  const traceNodes: TraceNode[] = []
  const endpoints: TraceEndpoint[] = []
  const stops: TraceStop[] = []
  const byRecipient = edgesByRecipient(edges)
  const seeds = new Set([...input.base.seeds.addresses, ...input.base.seeds.txs])
  const perNode = groupByNode(s)
  const issuers = new Map<string, string>()
  for (const a of assetIds) {
    const label = input.labels.labelOf(a)
    if (label?.category === 'issuer-freezable') issuers.set(assetName(a), label.name || 'issuer')
  }
  for (const u of nodes) {
    const address = addressOf(u)
    const category = categoryOf(input, u)
    const label = input.labels.labelOf(g.global[u] as number)
    const stop = STOP_NAMES[g.stop[u] as number] ?? null
    const received: Record<string, bigint> = {}
    const final: Record<string, bigint> = {}
    for (const [a, v] of perNode.received.get(u) ?? []) received[assetName(a)] = v
    for (const [a, v] of perNode.final.get(u) ?? []) {
      const asset = assetName(a)
      final[asset] = v
      const t = totalsOf(asset)
      const cat = category ?? 'unfollowed'
      t[cat] += v
      const issuer = issuers.get(asset) ?? null
      if (cat === 'held' && issuer !== null) t.issuerFreezable += v
      endpoints.push(endpoint(input, u, address, cat, asset, v, byRecipient, seeds, issuer))
    }
    if (stop) stops.push({ address, reason: stop, hop: g.hop[u] as number })
    traceNodes.push({
      address,
      label: label ? { category: label.category, name: label.name } : null,
      category,
      hop: g.hop[u] as number,
      expanded: ((g.flags[u] as number) & NodeFlag.expanded) !== 0,
      stop,
      received,
      final,
    })
  }
  for (const t of Object.values(totals)) t.traced = t.held + t.exchange + t.bridge + t.mixer + t.dex + t.dark
  endpoints.sort(
    (a, b) =>
      CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
      (a.amount === b.amount ? a.address.localeCompare(b.address) : a.amount > b.amount ? -1 : 1),
  )
  return { ...input.base, assets, totals, endpoints, nodes: traceNodes, edges, stops }
}

function groupByNode(s: ScanResult) {
  const group = (m: Map<number, bigint>) => {
    const out = new Map<number, [number, bigint][]>()
    for (const [k, v] of m) {
      if (v === 0n) continue
      const u = Math.floor(k / s.stride)
      const list = out.get(u)
      const item: [number, bigint] = [(k % s.stride) - 1, v]
      if (list) list.push(item)
      else out.set(u, [item])
    }
    return out
  }
  return { received: group(s.received), final: group(s.final) }
}

function categoryOf(input: BuildInput, u: number): EndpointCategory | null {
  const g = input.graph
  const f = g.flags[u] as number
  const label = input.labels.labelOf(g.global[u] as number)
  if (f & NodeFlag.stopLabel && !(f & NodeFlag.expanded) && label) return label.category as EndpointCategory
  if (g.stop[u] === StopCode.depositAddress) return 'exchange'
  if (input.dark.has(u)) return 'dark'
  if (f & NodeFlag.expanded) return f & NodeFlag.converter ? 'dex' : 'held'
  return 'unfollowed'
}

function endpoint(
  input: BuildInput,
  u: number,
  address: string,
  category: EndpointCategory,
  asset: string,
  amount: bigint,
  byRecipient: Map<string, TraceEdgeRef[]>,
  seeds: ReadonlySet<string>,
  issuer: string | null,
): TraceEndpoint {
  const g = input.graph
  const into = (byRecipient.get(address) ?? []).filter((e) => e.asset === asset)
  const first = into.reduce<TraceEdgeRef | undefined>((m, e) => (!m || e.block < m.block ? e : m), undefined)
  const deposit = g.stop[u] === StopCode.depositAddress
  const name = deposit ? depositExchange(input, u) : (input.labels.labelOf(g.global[u] as number)?.name ?? null)
  let freezableBy: string | null = null
  if (category === 'exchange') freezableBy = name
  else if (category === 'held' && issuer !== null) freezableBy = issuer
  return {
    address,
    category,
    name,
    depositAddress: deposit,
    asset,
    amount,
    firstArrival: first ? { tx: first.tx, block: first.block, time: first.time } : null,
    txs: [...new Set(into.map((e) => e.tx))],
    freezableBy,
    path: heaviestPath(byRecipient, seeds, address, asset),
  }
}

function depositExchange(input: BuildInput, u: number): string | null {
  const g = input.graph
  const e = g.outStart[u] as number
  if ((g.outLen[u] as number) <= 0) return null
  return input.labels.labelOf(g.global[g.dst[e] as number] as number)?.name ?? null
}

async function taintedEdges(
  input: BuildInput,
  addressOf: (u: number) => string,
  assetName: (a: number) => string,
): Promise<TraceEdgeRef[]> {
  const g = input.graph
  const list = [...input.scan.taint.keys()].sort((a, b) => (g.ord[a] as number) - (g.ord[b] as number))
  const details = await input.source.details(Int32Array.from(list, (e) => g.ord[e] as number))
  return list.map((e) => {
    const d = details.get(g.ord[e] as number)
    return {
      from: addressOf(g.src[e] as number),
      to: addressOf(g.dst[e] as number),
      asset: assetName(g.asset[e] as number),
      amount: g.amount[e] as bigint,
      tainted: input.scan.taint.get(e) as bigint,
      tx: d?.tx ?? '',
      block: d?.block ?? 0n,
      time: d?.time ?? null,
      position: d?.position ?? '',
    }
  })
}

async function assetInfo(
  input: BuildInput,
  ids: number[],
  assetName: (a: number) => string,
): Promise<TraceResult['assets']> {
  const meta = await input.tokens(ids.map(assetName))
  const out: TraceResult['assets'] = { native: { symbol: null, decimals: 18, issuerFreezable: false } }
  for (const id of ids) {
    const a = assetName(id)
    const m = meta.get(a)
    const label = input.labels.labelOf(id)
    out[a] = {
      symbol: m?.symbol ?? null,
      decimals: m?.decimals ?? null,
      issuerFreezable: label?.category === 'issuer-freezable',
    }
  }
  return out
}
