import type { FreezeWindow, TraceEdgeRef, TraceEndpoint, TraceNode, TraceResult } from '../../trace/trace-types.ts'

// The stored trace JSON writes every bigint as a decimal string (docs/trace-format.md); the path walk and the
// renderers compare and format them as bigints, so they are read back as such.
const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as string))
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : big(v))
const perAsset = (o: Record<string, unknown>): Record<string, bigint> =>
  Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, big(v)]))

type Raw = Record<string, unknown>

const edge = (e: Raw): TraceEdgeRef =>
  ({
    ...e,
    amount: big(e.amount),
    tainted: big(e.tainted),
    block: big(e.block),
    time: bigOrNull(e.time),
  }) as TraceEdgeRef

const moment = (m: Raw | null) => (m === null ? null : { ...m, block: big(m.block), time: bigOrNull(m.time) })

/** A finished trace's stored JSON as the trace engine's result, amounts, blocks and times as bigints again. */
export function parseStoredTrace(text: string): TraceResult {
  const r = JSON.parse(text) as Raw
  const nodes = (r.nodes as Raw[]).map(
    (n) => ({ ...n, received: perAsset(n.received as Raw), final: perAsset(n.final as Raw) }) as TraceNode,
  )
  const endpoints = (r.endpoints as Raw[]).map(
    (e) =>
      ({
        ...e,
        amount: big(e.amount),
        firstArrival: moment(e.firstArrival as Raw | null),
        path: (e.path as Raw[]).map(edge),
      }) as TraceEndpoint,
  )
  const freezeWindows = ((r.freezeWindows as Raw[] | undefined) ?? []).map(
    (w) =>
      ({
        ...w,
        received: big(w.received),
        left: big(w.left),
        remaining: big(w.remaining),
        arrived: moment(w.arrived as Raw),
        departed: moment(w.departed as Raw | null),
      }) as FreezeWindow,
  )
  return { ...(r as unknown as TraceResult), nodes, endpoints, edges: (r.edges as Raw[]).map(edge), freezeWindows }
}
