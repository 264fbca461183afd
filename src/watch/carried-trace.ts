import { DragnetError } from '../core/errors.ts'
import type { EndpointLabels } from '../labels/endpoint-labels.ts'
import type { EdgeSource } from '../store/edges/edge-source.ts'
import type { TraceStore } from '../store/edges/trace-index.ts'
import { edgesInOrder } from '../trace/engine/edge-order.ts'
import { type ExpandContext, expand, expandContext } from '../trace/engine/expand.ts'
import { type PlacedSeeds, placeSeeds } from '../trace/engine/place-seeds.ts'
import { RoleIndex } from '../trace/engine/role-index.ts'
import { TransferGraph } from '../trace/engine/transfer-graph.ts'
import { ReferenceBook } from '../trace/models/reference-book.ts'
import { loadBalances } from '../trace/run-trace.ts'
import { validateRequest } from '../trace/trace-request.ts'
import type { SeedRule, TraceRequest } from '../trace/trace-types.ts'

/** Room for addresses first seen after the trace began: the graph's id map is sized once. */
const NEW_ADDRESS_ROOM = 1 << 16

/**
 * One target's trace as a state that can be carried forward: the graph read so far (nodes with their arrival,
 * hop, flags and stop), the expansion's context, the seeds, and the taint book after the last block applied.
 */
export interface CarriedTrace {
  request: TraceRequest
  /** The last block the state covers. */
  block: bigint
  graph: TransferGraph
  ctx: ExpandContext
  roles: RoleIndex
  seeds: PlacedSeeds
  book: ReferenceBook
  /** Ids of addresses below this have had their labels resolved (RoleIndex.open resolves the ids it knew). */
  labelledBelow: number
  /** Outgoing transfers of each node in the window, for nodes whose outgoing edges were read (-1 otherwise). */
  outCount: Int32Array
  /** Per node, its tainted arrivals (edge indices) in time order: the paths of alerts walk back through them. */
  arrivals: Map<number, number[]>
  /** Why the trace is empty (no seed known, nothing in the window): it is traced again on every block. */
  empty: string | null
  /** The asset the seeds are limited to (-1 native), undefined for every asset. */
  seedAsset: number | undefined
  /** The rule of each known seed address, by address id. */
  seedRules: Map<number, SeedRule>
  /** Seed addresses the index did not know: one that appears changes the trace from its start. */
  unknownSeeds: string[]
  /** Address ids the graph has room for. */
  capacity: number
  /** Nodes below this have their labels resolved. */
  rolesAt: number
  /** The exchange of each deposit address the watch recognised by its sweeps. */
  depositNames: Map<number, string>
}

/** The request's window up to `block` (the watch ignores the request's own toBlock). */
export function windowTo(request: TraceRequest, block: bigint) {
  return { ...request.limits, toBlock: block }
}

/** Traces `request` over [fromBlock, block] in full, keeping the state the watch carries forward. */
export async function traceCarried(
  store: Pick<TraceStore, 'traceIndex'>,
  request: TraceRequest,
  labels: EndpointLabels,
  block: bigint,
): Promise<CarriedTrace> {
  validateRequest(request)
  if (request.direction !== 'forward') {
    throw new DragnetError('INVALID_ARGUMENT', 'a watch follows funds forward: the trace must be forward', {
      details: { direction: request.direction },
    })
  }
  await store.traceIndex.ensure(request.chain)
  const source = await store.traceIndex.open(request.chain, 'forward', windowTo(request, block))
  const g = new TransferGraph(source.addressCount + NEW_ADDRESS_ROOM)
  const seedAsset = request.asset === undefined ? undefined : await assetIdOf(source, request.asset)
  const roles = await RoleIndex.open(labels, source)
  const ctx = expandContext(g, source, roles, request.limits, true)
  const empty = (why: string): CarriedTrace => ({
    ...base(request, block, g, ctx, roles, source.addressCount, seedAsset),
    seeds: { frontier: [], firstHop: [], edges: 0, seedOrds: new Set(), seeds: [], why },
    book: new ReferenceBook(scanInput(g, request, source, new Set(), 0, seedAsset, ctx)),
    empty: why,
  })
  if (seedAsset === -2) return empty(`asset ${request.asset} has no transfers on ${request.chain}`)
  const seeds = await placeSeeds(g, source, request, seedAsset)
  if (seeds.why !== null) return { ...empty(seeds.why), seeds }
  if (request.limits.minAsset !== undefined) ctx.minAsset = await assetIdOf(source, request.limits.minAsset)
  await expand(ctx, seeds.frontier, seeds.firstHop)
  await loadBalances(g, source, request.model === 'poison' ? new Map() : ctx.convDone)
  const book = new ReferenceBook(scanInput(g, request, source, seeds.seedOrds, seeds.edges, seedAsset, ctx))
  const order = edgesInOrder(g, source.edgeCount)
  book.applyOrder(order)
  const state: CarriedTrace = {
    ...base(request, block, g, ctx, roles, source.addressCount, seedAsset),
    seeds,
    book,
    empty: null,
  }
  const ids = await source.resolve(request.seedAddresses)
  request.seedAddresses.forEach((address, i) => {
    const id = ids[i] as number
    const rule = seeds.seeds.find((s) => s.seed === address)?.rule ?? 'none'
    if (id >= 0) state.seedRules.set(id, rule)
    else state.unknownSeeds.push(address)
  })
  state.rolesAt = g.nodeCount
  for (let u = 0; u < g.nodeCount; u++) state.outCount[u] = g.outLen[u] as number
  for (const e of order) if (book.isTainted(e)) arrivalsOf(state, g.dst[e] as number).push(e)
  return state
}

function base(
  request: TraceRequest,
  block: bigint,
  g: TransferGraph,
  ctx: ExpandContext,
  roles: RoleIndex,
  labelledBelow: number,
  seedAsset: number | undefined,
) {
  return {
    request,
    block,
    graph: g,
    ctx,
    roles,
    labelledBelow,
    outCount: new Int32Array(Math.max(1024, g.nodeCount * 2)).fill(-1),
    arrivals: new Map<number, number[]>(),
    seedAsset,
    seedRules: new Map<number, SeedRule>(),
    unknownSeeds: [] as string[],
    capacity: labelledBelow + NEW_ADDRESS_ROOM,
    rolesAt: 0,
    depositNames: new Map<number, string>(),
  }
}

function scanInput(
  g: TransferGraph,
  request: TraceRequest,
  source: EdgeSource,
  seedOrds: Set<number>,
  seedEdges: number,
  seedAsset: number | undefined,
  ctx: ExpandContext,
) {
  return {
    graph: g,
    model: request.model,
    totalEdges: source.edgeCount,
    seedOrds,
    seedEdges,
    seedAsset,
    convTx: ctx.convDone,
    relaxLog: ctx.relaxLog,
  }
}

/** The tainted arrivals of a node, created on first use. */
export function arrivalsOf(state: CarriedTrace, node: number): number[] {
  let list = state.arrivals.get(node)
  if (!list) {
    list = []
    state.arrivals.set(node, list)
  }
  return list
}

/** The out-count column sized for the graph's nodes (new nodes: -1, not read). */
export function fitOutCount(state: CarriedTrace): void {
  const n = state.graph.nodeCount
  if (state.outCount.length >= n) return
  const c = new Int32Array(Math.max(n, state.outCount.length * 2)).fill(-1)
  c.set(state.outCount)
  state.outCount = c
}

/** The asset id of 'native' or a token address; -2 for a token the store has never seen. */
async function assetIdOf(source: EdgeSource, asset: string): Promise<number> {
  if (asset === 'native') return -1
  const id = (await source.resolve([asset]))[0] as number
  return id < 0 ? -2 : id
}
