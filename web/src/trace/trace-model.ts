import { DirectedGraph } from 'graphology'
import { short } from '../ui/format.ts'
import { logShare } from './amount-scale.ts'
import { CATEGORY_COLORS, drawnCategory } from './category-colors.ts'
import { layeredLayout } from './layered-layout.ts'
import { buildProbableModel, drawProbable, type ProbableModel } from './probable-model.ts'
import type { TraceEdgeJson, TraceEndpointJson, TraceJson, TraceNodeJson } from './trace-json.ts'

/** An address of the trace as the view draws it. */
export interface ModelNode {
  address: string
  /** Hops from the seeds, as drawn (an address taint never reached is drawn with the seeds, at 0). */
  layer: number
  category: string
  label: string
  seed: boolean
  node: TraceNodeJson | null
  endpoints: TraceEndpointJson[]
}

/** The transfers from one address to another, drawn as one edge. */
export interface Pair {
  key: string
  from: string
  to: string
  edges: TraceEdgeJson[]
}

export interface TraceModel {
  result: TraceJson
  nodes: Map<string, ModelNode>
  pairs: Map<string, Pair>
  maxLayer: number
  /** Earliest and latest transfer time (unix seconds), null when the store has no times. */
  timeRange: [number, number] | null
  graph: DirectedGraph
  /** The probable layer past mixers, drawn hidden until the reader shows it; null when the result has none. */
  probable: ProbableModel | null
}

/** Past this many drawn edges the graph is drawn for speed (no arrowheads, points for nodes). */
const BIG_EDGES = 3000

export const isBig = (m: TraceModel) => m.pairs.size > BIG_EDGES

/** The node that stands for every address beyond the hop the view is collapsed to. */
export const BEYOND = '__beyond__'

function nodeLabel(n: TraceNodeJson | null, ends: TraceEndpointJson[], address: string): string {
  const name = n?.label?.name ?? ends.find((e) => e.name)?.name
  const deposit = ends.some((e) => e.depositAddress)
  if (name) return deposit ? `${name} deposit ${short(address)}` : name
  return short(address)
}

function seedsOf(r: TraceJson): Set<string> {
  const seeds = new Set(r.seeds.addresses.map((a) => a.toLowerCase()))
  const txs = new Set(r.seeds.txs.map((t) => t.toLowerCase()))
  for (const e of r.edges) if (txs.has(e.tx) && !r.seeds.addresses.includes(e.to) && e.hop <= 1) seeds.add(e.from)
  return seeds
}

/**
 * The graph of a trace result, built once per result: nodes placed left to right by hop, coloured by category,
 * edges as wide as the log of their tainted share of the asset's heaviest transfer. Filters only hide parts of it.
 */
export function buildTraceModel(r: TraceJson): TraceModel {
  const seeds = seedsOf(r)
  const endsBy = new Map<string, TraceEndpointJson[]>()
  for (const e of r.endpoints) (endsBy.get(e.address) ?? endsBy.set(e.address, []).get(e.address))?.push(e)
  const nodes = new Map<string, ModelNode>()
  const add = (address: string, n: TraceNodeJson | null, hop: number) => {
    if (nodes.has(address)) return
    const seed = seeds.has(address)
    const ends = endsBy.get(address) ?? []
    nodes.set(address, {
      address,
      layer: seed ? 0 : Math.max(0, hop),
      category: drawnCategory(n?.category ?? ends[0]?.category ?? null, seed),
      label: nodeLabel(n, ends, address),
      seed,
      node: n,
      endpoints: ends,
    })
  }
  for (const n of r.nodes) add(n.address, n, n.hop)
  const pairs = new Map<string, Pair>()
  let tMin = Number.POSITIVE_INFINITY
  let tMax = Number.NEGATIVE_INFINITY
  const maxTainted = new Map<string, bigint>()
  for (const e of r.edges) {
    add(e.from, null, e.hop - 1)
    add(e.to, null, e.hop)
    const key = `${e.from}>${e.to}`
    const p = pairs.get(key) ?? pairs.set(key, { key, from: e.from, to: e.to, edges: [] }).get(key)
    p?.edges.push(e)
    const t = BigInt(e.tainted)
    if (t > (maxTainted.get(e.asset) ?? 0n)) maxTainted.set(e.asset, t)
    if (e.time !== null) {
      const s = Number(e.time)
      if (s < tMin) tMin = s
      if (s > tMax) tMax = s
    }
  }
  const positions = layeredLayout(
    [...nodes.values()].map((n) => ({ id: n.address, layer: n.layer, rank: `${n.category}|${n.address}` })),
    [...pairs.values()].map((p) => [p.from, p.to] as const),
  )
  const graph = new DirectedGraph({ multi: false, allowSelfLoops: true })
  let maxLayer = 0
  for (const n of nodes.values()) {
    const p = positions.get(n.address) ?? { x: 0, y: 0 }
    maxLayer = Math.max(maxLayer, n.layer)
    const size = n.seed ? 9 : n.endpoints.length > 0 || (n.category !== 'transit' && n.category !== 'held') ? 7 : 4
    graph.addNode(n.address, { x: p.x, y: p.y, size, color: CATEGORY_COLORS[n.category], label: n.label })
  }
  const type = pairs.size > BIG_EDGES ? 'line' : 'arrow'
  for (const p of pairs.values()) {
    let share = 0
    for (const e of p.edges) share = Math.max(share, logShare(BigInt(e.tainted), maxTainted.get(e.asset) ?? 0n))
    graph.addDirectedEdgeWithKey(p.key, p.from, p.to, { size: 0.5 + 5.5 * share, color: '#9aa5b4', type })
  }
  const probable = r.probable ? buildProbableModel(r.probable, nodes) : null
  if (probable) drawProbable(graph, probable, maxLayer)
  graph.addNode(BEYOND, { x: 0, y: 0, size: 10, color: CATEGORY_COLORS.summary, label: '' })
  return {
    result: r,
    nodes,
    pairs,
    maxLayer,
    timeRange: Number.isFinite(tMin) ? [tMin, tMax] : null,
    graph,
    probable,
  }
}
