import type { AbstractGraph } from 'graphology-types'
import { short } from '../ui/format.ts'
import { CATEGORY_COLORS, PROBABLE_EDGE_COLOR } from './category-colors.ts'
import type { FilterOutcome } from './trace-filter.ts'
import type { ProbableEndpointJson, ProbableLayerJson, ProbableLinkJson, TraceEdgeJson } from './trace-json.ts'

/** An address the probable layer reaches past a mixer (or a pool the exact trace did not draw). */
export interface ProbableNode {
  address: string
  layer: number
  category: string
  label: string
  /** The links it rests on, strongest first. */
  links: ProbableLinkJson[]
  endpoints: ProbableEndpointJson[]
  /** The pool of a link, drawn here because the exact trace did not reach it. */
  pool: boolean
}

/** Transfers past a mixer from one address to another, drawn as one dashed edge. */
export interface ProbablePair {
  key: string
  from: string
  to: string
  /** The withdrawals this edge stands for (pool → recipient); empty for a transfer further on. */
  links: ProbableLinkJson[]
  edges: TraceEdgeJson[]
}

export interface ProbableModel {
  layer: ProbableLayerJson
  nodes: Map<string, ProbableNode>
  pairs: Map<string, ProbablePair>
  links: Map<string, ProbableLinkJson>
  /** Address → the links it rests on, for exact nodes as well as probable ones. */
  linksOf: Map<string, ProbableLinkJson[]>
}

/** A link's confidence as people read it: "82%". */
export const percent = (c: number) => `${Math.round(c * 100)}%`

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k)
  if (!list) m.set(k, [v])
  else if (!list.includes(v)) list.push(v)
}

/**
 * The probable layer as nodes and dashed edges to add to the graph: each link's withdrawal as an edge from its
 * pool to the recipient, labelled with the link's confidence, and the transfers on to the probable endpoints.
 * Addresses the exact trace reached keep their exact node; the others are placed a hop further right than what
 * paid them, beneath the exact drawing, so that the exact picture does not move.
 */
export function buildProbableModel(
  layer: ProbableLayerJson,
  exact: ReadonlyMap<string, { layer: number }>,
): ProbableModel {
  const links = new Map(layer.links.map((l) => [l.id, l]))
  const linksOf = new Map<string, ProbableLinkJson[]>()
  const endsBy = new Map<string, ProbableEndpointJson[]>()
  for (const e of layer.endpoints) push(endsBy, e.address, e)
  const pairs = new Map<string, ProbablePair>()
  const pair = (from: string, to: string) => {
    const key = `probable:${from}>${to}`
    const p = pairs.get(key) ?? { key, from, to, links: [], edges: [] }
    pairs.set(key, p)
    return p
  }
  const layers = new Map<string, number>()
  const layerOf = (a: string) => exact.get(a)?.layer ?? layers.get(a)
  const reach = (from: string, to: string) => {
    if (exact.has(to)) return
    const l = (layerOf(from) ?? 0) + 1
    if (l > (layers.get(to) ?? -1)) layers.set(to, l)
  }
  // The exact trace's mixer endpoint each link's deposit reached: the pool, or a contract in front of it.
  const entry = new Map<string, string>()
  for (const d of layer.deposits) for (const id of d.links) if (d.endpoint) entry.set(id, d.endpoint)
  const pools = new Set<string>()
  for (const l of [...layer.links].sort((a, b) => b.confidence - a.confidence)) {
    const via = entry.get(l.id)
    const from = exact.has(l.pool) || via === undefined || !exact.has(via) ? l.pool : via
    if (!exact.has(from)) {
      pools.add(from)
      reach(l.deposit.depositor, from)
      if (exact.has(l.deposit.depositor)) pair(l.deposit.depositor, from).links.push(l)
    }
    reach(from, l.withdrawal.recipient)
    pair(from, l.withdrawal.recipient).links.push(l)
    push(linksOf, l.withdrawal.recipient, l)
  }
  const step = (e: TraceEdgeJson, link: ProbableLinkJson | undefined) => {
    // The withdrawal's own transfers leave the pool: they are the withdrawal edge, drawn above.
    if (link && e.from === link.pool && e.to === link.withdrawal.recipient) return
    reach(e.from, e.to)
    const p = pair(e.from, e.to)
    if (!p.edges.some((x) => x.tx === e.tx && x.position === e.position && x.asset === e.asset)) p.edges.push(e)
    if (link) push(linksOf, e.to, link)
  }
  // Transfers in time order, so that an address is placed one hop past the first that paid it.
  for (const e of layer.edges ?? []) step(e, links.get(e.link))
  for (const e of layer.endpoints) {
    const link = links.get(e.link)
    if (link) push(linksOf, e.address, link)
    for (const s of e.path) step(s, link)
  }
  const nodes = new Map<string, ProbableNode>()
  for (const [address, l] of layers) {
    const ends = endsBy.get(address) ?? []
    const pool = pools.has(address)
    const name = ends.find((e) => e.name)?.name
    nodes.set(address, {
      address,
      layer: l,
      category: pool ? 'mixer' : (ends[0]?.category ?? 'transit'),
      label: `${name ?? short(address)} (probable)`,
      links: linksOf.get(address) ?? [],
      endpoints: ends,
      pool,
    })
  }
  return { layer, nodes, pairs, links, linksOf }
}

/**
 * Adds the probable nodes and edges to the graph, hidden until the reader asks for them: nodes as rings in their
 * category's colour, edges dashed, each withdrawal labelled with its link's confidence.
 */
export function drawProbable(graph: AbstractGraph, m: ProbableModel, maxLayer: number): void {
  let bottom = Number.POSITIVE_INFINITY
  let xs = 0
  graph.forEachNode((_n, a) => {
    bottom = Math.min(bottom, a.y as number)
    xs = Math.max(xs, a.x as number)
  })
  if (!Number.isFinite(bottom)) bottom = 0
  const byLayer = new Map<number, number>()
  // The exact layout spreads layers evenly from x = 0: one layer's width, from the rightmost node.
  const gap = maxLayer > 0 ? xs / maxLayer : 1
  for (const n of m.nodes.values()) {
    const row = byLayer.get(n.layer) ?? 0
    byLayer.set(n.layer, row + 1)
    graph.addNode(n.address, {
      x: n.layer * gap,
      y: bottom - 1.5 - row,
      size: n.endpoints.length > 0 || n.pool ? 7 : 5,
      color: CATEGORY_COLORS[n.category] ?? CATEGORY_COLORS.transit,
      label: n.label,
      type: 'ring',
      probable: true,
    })
  }
  for (const p of m.pairs.values()) {
    // The graph holds one edge per ordered pair: a probable transfer the exact graph already draws stays exact.
    if (!graph.hasNode(p.from) || !graph.hasNode(p.to) || graph.hasDirectedEdge(p.from, p.to)) continue
    const best = p.links[0]
    graph.addDirectedEdgeWithKey(p.key, p.from, p.to, {
      size: 3,
      color: PROBABLE_EDGE_COLOR,
      type: 'dashed',
      probable: true,
      ...(best ? { label: p.links.map((l) => percent(l.confidence)).join(', '), forceLabel: true } : {}),
    })
  }
}

/** The filter's outcome with the probable layer added: every probable node and edge the graph holds. */
export function withProbable(outcome: FilterOutcome, m: ProbableModel, graph: AbstractGraph): FilterOutcome {
  const nodes = new Set(outcome.nodes)
  const pairs = new Set(outcome.pairs)
  for (const a of m.nodes.keys()) nodes.add(a)
  for (const p of m.pairs.values()) {
    if (!graph.hasEdge(p.key)) continue
    nodes.add(p.from)
    nodes.add(p.to)
    pairs.add(p.key)
  }
  return { nodes, pairs, beyond: outcome.beyond }
}
