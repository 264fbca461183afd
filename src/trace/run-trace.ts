import { type EndpointLabels, MapEndpointLabels } from '../labels/endpoint-labels.ts'
import type { EdgeSource } from '../store/edges/edge-source.ts'
import type { TraceStore } from '../store/edges/trace-index.ts'
import { expand, expandContext } from './engine/expand.ts'
import { placeSeeds } from './engine/place-seeds.ts'
import { RoleIndex } from './engine/role-index.ts'
import { NodeFlag, StopCode, TransferGraph } from './engine/transfer-graph.ts'
import { poisonScan } from './models/poison-scan.ts'
import { type ScanResult, scan } from './models/scan.ts'
import { buildResult } from './result/build-result.ts'
import { validateRequest } from './trace-request.ts'
import { DEFAULT_REPORT, type TraceRequest, type TraceResult, type TraceSeed } from './trace-types.ts'

const ZERO = '0x0000000000000000000000000000000000000000'

/**
 * Traces a request against a store's trace index (DuckDB or PostgreSQL): brings the trace index up to date, expands the neighbourhood from the
 * seeds hop by hop, applies the taint model and builds the result. An unknown seed or one with no transfers in
 * the window gives an empty result whose `empty` says why.
 */
export async function runTrace(
  store: Pick<TraceStore, 'traceIndex' | 'getTokens'>,
  request: TraceRequest,
  labels: EndpointLabels = new MapEndpointLabels(),
): Promise<TraceResult> {
  const started = performance.now()
  validateRequest(request)
  await store.traceIndex.ensure(request.chain, { rebuild: request.reindex === true })
  const indexMs = performance.now() - started
  const source = await store.traceIndex.open(request.chain, request.direction, request.limits)
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
  const assetId = request.asset === undefined ? undefined : await assetIdOf(source, request.asset)
  if (assetId === UNKNOWN_ASSET) {
    // An unknown token has no id: it must not fall back to the native coin's id (-1).
    const why = `asset ${request.asset} has no transfers on ${request.chain}`
    const none = [...request.seedAddresses, ...request.seedTxs].map((seed) => ({
      seed,
      rule: 'none' as const,
      note: request.seedNotes?.[seed] ?? null,
    }))
    return { ...baseResult(request, why, none), ...emptyParts(), stats: stats(g, 0, source, phases) }
  }
  const index = await RoleIndex.open(labels, source)
  const seeds = await placeSeeds(g, source, request, assetId)
  const base = baseResult(request, seeds.why, seeds.seeds)
  if (seeds.why !== null) return { ...base, ...emptyParts(), stats: stats(g, 0, source, phases) }
  lap('seeds')
  const ctx = expandContext(g, source, index, request.limits, request.direction === 'forward')
  if (request.limits.minAsset !== undefined) ctx.minAsset = await assetIdOf(source, request.limits.minAsset)
  await expand(ctx, seeds.frontier, seeds.firstHop)
  lap('expand')
  await loadBalances(g, source, request.model === 'poison' ? new Map() : ctx.convDone)
  lap('balances')
  const scanInput = {
    graph: g,
    model: request.model,
    totalEdges: source.edgeCount,
    seedOrds: seeds.seedOrds,
    seedEdges: seeds.edges,
    seedAsset: assetId,
    convTx: ctx.convDone,
    relaxLog: ctx.relaxLog,
    // Poison taints a seed transfer whole, partial seed or not.
    ...(request.seedShare === undefined || request.model === 'poison' ? {} : { seedShare: request.seedShare }),
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

/** The native coin's asset id. */
const NATIVE_ASSET = -1
/** What assetIdOf answers for a token the store has never seen. */
const UNKNOWN_ASSET = -2

/** The asset id of 'native' or a token address; UNKNOWN_ASSET when no transfer involves the address. */
async function assetIdOf(source: EdgeSource, asset: string): Promise<number> {
  if (asset === 'native') return NATIVE_ASSET
  const id = (await source.resolve([asset]))[0] as number
  return id < 0 ? UNKNOWN_ASSET : id
}

/**
 * Every model needs every inflow of an address that passes taint on, clean ones included (poison for what it
 * holds); haircut and FIFO also a converter's inflows in the transactions in which it received taint.
 */
export async function loadBalances(g: TransferGraph, source: EdgeSource, convDone: Map<number, Set<number>>) {
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

function baseResult(r: TraceRequest, why: string | null, rules: TraceSeed[]) {
  return {
    format: 'dragnet.trace/1' as const,
    chain: r.chain,
    direction: r.direction,
    model: r.model,
    seeds: { addresses: [...r.seedAddresses], txs: [...r.seedTxs], rules },
    limits: r.limits,
    asset: r.asset ?? null,
    empty: why,
  }
}

function emptyParts() {
  const listed = { endpoints: 0, endpointsTotal: 0, edges: 0, edgesTotal: 0, nodes: 0, nodesTotal: 0 }
  return {
    assets: {},
    totals: {},
    endpoints: [],
    nodes: [],
    edges: [],
    stops: [],
    stopCounts: {},
    listed,
    leftOut: {},
    freezeWindows: [],
    freezeTotals: {},
  }
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
