import { type AssetUnits, unitsOf, unitsText } from '../../cases/asset-amount.ts'
import type { Label } from '../../labels/label-types.ts'
import { explainAddress, renderExplain } from '../../trace/result/explain.ts'
import type { FreezeWindow, TraceEdgeRef, TraceEndpoint, TraceResult } from '../../trace/trace-types.ts'
import type {
  AssetAmount,
  ExplainEdge,
  ExplainEndpoint,
  ExplainFreezeWindow,
  ExplainLabel,
  ExplainResponse,
} from './web-api-types.ts'

/** Unix seconds as ISO-8601 UTC. */
export const isoOf = (t: bigint | null): string | null => (t === null ? null : new Date(Number(t) * 1000).toISOString())

const moment = (m: { tx: string; block: bigint; time: bigint | null }) => ({
  tx: m.tx,
  block: m.block.toString(),
  time: isoOf(m.time),
})

/** The table of a result's assets as the figures read it. */
const unitsIn = (r: TraceResult, asset: string): AssetUnits => unitsOf(r.assets, asset)

function amountOf(r: TraceResult, asset: string, v: bigint): AssetAmount {
  const u = unitsIn(r, asset)
  return { asset, symbol: u.symbol, decimals: u.decimals, amount: v.toString(), amountFormatted: unitsText(v, u) }
}

function edgeOf(r: TraceResult, e: TraceEdgeRef): ExplainEdge {
  const u = unitsIn(r, e.asset)
  return {
    from: e.from,
    to: e.to,
    asset: e.asset,
    symbol: u.symbol,
    decimals: u.decimals,
    amount: e.amount.toString(),
    amountFormatted: unitsText(e.amount, u),
    tainted: e.tainted.toString(),
    taintedFormatted: unitsText(e.tainted, u),
    tx: e.tx,
    block: e.block.toString(),
    time: isoOf(e.time),
    position: e.position,
    hop: e.hop,
  }
}

function endpointOf(r: TraceResult, e: TraceEndpoint): ExplainEndpoint {
  return {
    category: e.category,
    name: e.name,
    depositAddress: e.depositAddress,
    amount: amountOf(r, e.asset, e.amount),
    firstArrival: e.firstArrival ? moment(e.firstArrival) : null,
    txs: e.txs,
    freezableBy: e.freezableBy,
    hop: e.hop,
    path: e.path.map((p) => edgeOf(r, p)),
  }
}

function windowOf(r: TraceResult, w: FreezeWindow): ExplainFreezeWindow {
  const u = unitsIn(r, w.asset)
  return {
    asset: w.asset,
    symbol: u.symbol,
    decimals: u.decimals,
    freezableBy: w.freezableBy,
    received: w.received.toString(),
    left: w.left.toString(),
    remaining: w.remaining.toString(),
    formatted: { received: unitsText(w.received, u), left: unitsText(w.left, u), remaining: unitsText(w.remaining, u) },
    arrived: moment(w.arrived),
    departed: w.departed ? moment(w.departed) : null,
    seconds: w.seconds,
  }
}

/** The trace's labels of the address, then the registry's with their sources, each (category, name) once. */
function labelsOf(node: { labels: { category: string; name: string }[] }, registry: readonly Label[]): ExplainLabel[] {
  const out: ExplainLabel[] = registry.map((l) => ({
    category: l.category,
    name: l.name,
    source: l.source,
    sourceDate: l.sourceDate,
  }))
  for (const l of node.labels) {
    if (!out.some((o) => o.category === l.category && o.name === l.name))
      out.push({ category: l.category, name: l.name, source: null, sourceDate: null })
  }
  return out
}

export interface ExplainInput {
  incidentId: string
  traceId: string
  result: TraceResult
  address: string
  asset: string | null
  registryLabels: readonly Label[]
}

/**
 * The figure of one address of a finished trace explained as `dragnet trace --explain` explains it (the same
 * explainAddress and renderExplain over the same result), with its endpoints, freeze windows and labels;
 * null when the trace did not reach the address.
 */
export function explainView(input: ExplainInput): ExplainResponse | null {
  const { result: r, asset } = input
  const address = input.address.toLowerCase()
  const x = explainAddress(r, address)
  const n = x.node
  if (!n) return null
  const keep = (a: string) => asset === null || a === asset
  const entries = (o: Record<string, bigint>) =>
    Object.entries(o)
      .filter(([a]) => keep(a))
      .map(([a, v]) => amountOf(r, a, v))
  return {
    incidentId: input.incidentId,
    traceId: input.traceId,
    chain: r.chain,
    model: r.model,
    direction: r.direction,
    address,
    asset,
    node: {
      category: n.category,
      label: n.label,
      hop: n.hop,
      expanded: n.expanded,
      stop: n.stop,
      received: entries(n.received),
      final: entries(n.final),
    },
    arrivals: x.arrivals
      .filter((a) => keep(a.edge.asset))
      .map((a) => ({ edge: edgeOf(r, a.edge), path: a.path.map((p) => edgeOf(r, p)) })),
    endpoints: r.endpoints.filter((e) => e.address === address && keep(e.asset)).map((e) => endpointOf(r, e)),
    freezeWindows: r.freezeWindows.filter((w) => w.address === address && keep(w.asset)).map((w) => windowOf(r, w)),
    labels: labelsOf(n, input.registryLabels),
    complete: r.listed.edges >= r.listed.edgesTotal,
    text: renderExplain(r, x),
  }
}
