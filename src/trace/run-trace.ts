import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { buildResult } from './build-result.ts'
import { DuckDbEdgeSource } from './duckdb-edge-source.ts'
import type { EdgeSource } from './edge-source.ts'
import { type EndpointLabels, MapEndpointLabels } from './endpoint-labels.ts'
import { expand, expandContext } from './expand.ts'
import { poisonScan } from './poison-scan.ts'
import { RoleIndex } from './role-index.ts'
import { type ScanResult, scan } from './scan.ts'
import { ensureTraceIndex } from './trace-index.ts'
import { validateRequest } from './trace-request.ts'
import { DEFAULT_REPORT, type TraceRequest, type TraceResult } from './trace-types.ts'
import { NodeFlag, StopCode, TransferGraph } from './transfer-graph.ts'

const ZERO = '0x0000000000000000000000000000000000000000'

/**
 * Traces a request against a DuckDB store: brings the trace index up to date, expands the neighbourhood from the
 * seeds hop by hop, applies the taint model and builds the result. An unknown seed or one with no transfers in
 * the window gives an empty result whose `empty` says why.
 */
export async function runTrace(
  store: DuckDbStore,
  request: TraceRequest,
  labels: EndpointLabels = new MapEndpointLabels(),
): Promise<TraceResult> {
  const started = performance.now()
  validateRequest(request)
  await ensureTraceIndex(store.connection, request.chain, request.reindex === true)
  const indexMs = performance.now() - started
  const source = await DuckDbEdgeSource.open(store.connection, request.chain, request.direction, request.limits)
  const result = await traceFromSource(source, request, labels, (a) => store.getTokens(request.chain, a))
  result.stats.ms = Math.round(performance.now() - started)
  result.stats.phases.index = Math.round(indexMs)
  return result
}

/** The engine over any edge source (the trace index, or a graph already in memory). */
export async function traceFromSource(
  source: EdgeSource,
  request: TraceRequest,
  labels: EndpointLabels,
  tokens: Parameters<typeof buildResult>[0]['tokens'],
): Promise<TraceResult> {
  const phases: Record<string, number> = {}
  let t = performance.now()
  const lap = (name: string) => {
    const now = performance.now()
    phases[name] = Math.round(now - t)
    t = now
  }
  const g = new TransferGraph(source.addressCount)
  const index = await RoleIndex.open(labels, source)
  const seeds = await placeSeeds(g, source, request)
  const base = baseResult(request, seeds.why)
  if (seeds.frontier.length === 0) return { ...base, ...emptyParts(), stats: stats(g, 0, source, phases) }
  lap('seeds')
  const ctx = expandContext(g, source, index, request.limits, request.direction === 'forward')
  if (request.limits.minAsset !== undefined) ctx.minAsset = await minAssetId(source, request.limits.minAsset)
  await expand(ctx, seeds.frontier)
  lap('expand')
  if (request.model !== 'poison') await loadBalances(g, source, ctx.convDone)
  lap('balances')
  const assetId = request.asset === undefined ? undefined : await assetIdOf(source, request.asset)
  const scanInput = {
    graph: g,
    model: request.model,
    totalEdges: source.edgeCount,
    seedOrds: seeds.seedOrds,
    seedEdges: seeds.edges,
    seedAsset: assetId,
    convTx: ctx.convDone,
  }
  const s = request.model === 'poison' ? poisonScan(scanInput) : scan(scanInput)
  lap('scan')
  const dark = await darkNodes(g, source, s)
  const report = { ...DEFAULT_REPORT, ...request.report }
  const built = await buildResult({
    graph: g,
    scan: s,
    source,
    labels: index,
    dark,
    seedOrds: seeds.seedOrds,
    report,
    tokens,
    base,
  })
  lap('result')
  return { ...built, stats: stats(g, ctx.expandedCount, source, phases) }
}

interface Seeds {
  frontier: number[]
  /** Edges read for the seeds: the first `edges` of the graph. */
  edges: number
  seedOrds: Set<number>
  why: string | null
}

async function placeSeeds(g: TransferGraph, source: EdgeSource, r: TraceRequest): Promise<Seeds> {
  const frontier: number[] = []
  const reasons: string[] = []
  const seedOrds = new Set<number>()
  const assetId = r.asset === undefined ? undefined : await assetIdOf(source, r.asset)
  const ids = await source.resolve(r.seedAddresses)
  const known = r.seedAddresses.filter((_, i) => (ids[i] as number) >= 0)
  r.seedAddresses.forEach((a, i) => {
    if ((ids[i] as number) < 0) reasons.push(`seed ${a} has no transfers on ${r.chain}`)
  })
  if (known.length > 0 && r.direction === 'backward') {
    // Backward, the seed's own receipts are the seeded value: they are followed back like a seed transaction's.
    const locals = known.map((_, i) => g.node(ids.filter((id) => id >= 0)[i] as number))
    const at = g.edgeCount
    g.addOut(locals, await source.outEdges(Int32Array.from(locals, (u) => g.global[u] as number)))
    frontier.push(...seedEdges(g, at, assetId, seedOrds))
    locals.forEach((u, i) => {
      g.hop[u] = 0
      if (g.outLen[u] === 0) reasons.push(`seed ${known[i]} received nothing ${windowText(r)}`)
    })
  } else if (known.length > 0) {
    const locals = known.map((_, i) => g.node(ids.filter((id) => id >= 0)[i] as number))
    for (const u of locals) g.flags[u] = (g.flags[u] as number) | NodeFlag.seed
    g.addIn(locals, await source.inEdges(Int32Array.from(locals, (u) => g.global[u] as number)))
    for (let e = 0; e < g.edgeCount; e++) {
      const v = g.dst[e] as number
      if (assetId !== undefined && g.asset[e] !== assetId) continue
      if ((g.txo[e] as number) < (g.arr[v] as number)) g.arr[v] = g.txo[e] as number
    }
    locals.forEach((u, i) => {
      if (g.arr[u] === 0x7fffffff) reasons.push(`seed ${known[i]} received nothing ${windowText(r)}`)
      else {
        g.hop[u] = 0
        frontier.push(u)
      }
    })
  }
  if (r.seedTxs.length > 0) {
    const { batch, found } = await source.txEdges(r.seedTxs)
    for (const h of r.seedTxs) if (!found.has(h)) reasons.push(`seed transaction ${h} moved nothing ${windowText(r)}`)
    frontier.push(...seedEdges(g, g.addEdges(batch), assetId, seedOrds))
  }
  const why = frontier.length === 0 ? reasons.join('; ') || 'nothing to trace' : null
  return { frontier, seedOrds, why, edges: g.edgeCount }
}

/** Marks edges from `at` on as seed edges; their recipients start the expansion. */
function seedEdges(g: TransferGraph, at: number, assetId: number | undefined, seedOrds: Set<number>): number[] {
  const frontier: number[] = []
  for (let e = at; e < g.edgeCount; e++) {
    if (assetId !== undefined && g.asset[e] !== assetId) continue
    seedOrds.add(g.ord[e] as number)
    const v = g.dst[e] as number
    if ((g.txo[e] as number) < (g.arr[v] as number)) g.arr[v] = g.txo[e] as number
    if ((g.hop[v] as number) < 0) {
      g.hop[v] = 0
      frontier.push(v)
    }
  }
  return frontier
}

function windowText(r: TraceRequest): string {
  const l = r.limits
  const parts = [
    l.fromBlock !== undefined ? `from block ${l.fromBlock}` : '',
    l.toBlock !== undefined ? `to block ${l.toBlock}` : '',
    l.fromTime !== undefined ? `from time ${l.fromTime}` : '',
    l.toTime !== undefined ? `to time ${l.toTime}` : '',
    r.asset !== undefined ? `in asset ${r.asset}` : '',
  ].filter(Boolean)
  return parts.length > 0 ? `(${parts.join(', ')}) on ${r.chain}` : `on ${r.chain}`
}

/** The asset id a per-asset minimum applies to; -2 (no edge) for a token the trace index does not hold. */
async function minAssetId(source: EdgeSource, asset: string): Promise<number> {
  if (asset === 'native') return -1
  const id = (await source.resolve([asset]))[0] as number
  return id >= 0 ? id : -2
}

async function assetIdOf(source: EdgeSource, asset: string): Promise<number> {
  if (asset === 'native') return -1
  return (await source.resolve([asset]))[0] as number
}

/** Haircut and FIFO need every inflow of an address that passes taint on, clean ones included. */
async function loadBalances(g: TransferGraph, source: EdgeSource, convDone: Map<number, Set<number>>) {
  const plain: number[] = []
  for (let u = 0; u < g.nodeCount; u++) {
    const f = g.flags[u] as number
    if (f & NodeFlag.expanded && !(f & NodeFlag.converter) && !g.inLoaded[u]) plain.push(u)
  }
  if (plain.length > 0) g.addIn(plain, await source.inEdges(Int32Array.from(plain, (u) => g.global[u] as number)))
  for (const [c, txs] of convDone) {
    if (!((g.flags[c] as number) & NodeFlag.expanded) || txs.size === 0) continue
    g.addIn([c], await source.inEdges(Int32Array.of(g.global[c] as number), Int32Array.from(txs)))
  }
}

/**
 * Dark: taint that ended where the data cannot follow it: at the zero address (burnt), or at an unlabelled
 * contract that never sends anything in the data (its value leaves, if at all, in ways transfers do not show).
 */
async function darkNodes(g: TransferGraph, source: EdgeSource, s: ScanResult): Promise<Set<number>> {
  const zero = g.localId((await source.resolve([ZERO]))[0] as number)
  const dark = new Set<number>()
  const candidates = new Set<number>()
  s.final.forEach((u) => {
    if (u === zero) dark.add(u)
    else if ((g.flags[u] as number) & NodeFlag.expanded && g.outLen[u] === 0) candidates.add(u)
  })
  const contracts = await source.contracts(Int32Array.from(candidates, (u) => g.global[u] as number))
  for (const u of candidates) {
    if (contracts.has(g.global[u] as number)) {
      dark.add(u)
      g.stop[u] = StopCode.dark
    } else g.stop[u] = StopCode.noOutgoing
  }
  return dark
}

function baseResult(r: TraceRequest, why: string | null) {
  return {
    format: 'dragnet.trace/1' as const,
    chain: r.chain,
    direction: r.direction,
    model: r.model,
    seeds: { addresses: [...r.seedAddresses], txs: [...r.seedTxs] },
    limits: r.limits,
    asset: r.asset ?? null,
    empty: why,
  }
}

function emptyParts() {
  const listed = { endpoints: 0, endpointsTotal: 0, edges: 0, edgesTotal: 0, nodes: 0, nodesTotal: 0 }
  return { assets: {}, totals: {}, endpoints: [], nodes: [], edges: [], stops: [], stopCounts: {}, listed, leftOut: {} }
}

function stats(
  g: TransferGraph,
  expanded: number,
  source: EdgeSource,
  phases: Record<string, number>,
): TraceResult['stats'] {
  return {
    addressesReached: g.reachedCount(),
    addressesExpanded: expanded,
    edgesLoaded: g.edgeCount,
    queries: source.queries,
    ms: 0,
    phases,
  }
}
