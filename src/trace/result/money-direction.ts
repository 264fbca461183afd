import type { TraceEdgeRef, TraceResult } from '../trace-types.ts'
import type { Explanation } from './explain.ts'

/** The same transfer with sender and recipient swapped. */
const flip = (e: TraceEdgeRef): TraceEdgeRef => ({ ...e, from: e.to, to: e.from })

/**
 * A backward trace runs on the time-reversed graph, so its edges come out recipient first and newest first. The
 * result speaks of money as it moved: every edge from its sender to its recipient, edges in time order, and each
 * path from the source (an exchange's withdrawal, a mixer's output, the theft) to the seed.
 */
export function inMoneyDirection<R extends Pick<TraceResult, 'direction' | 'edges' | 'endpoints'>>(r: R): R {
  if (r.direction !== 'backward') return r
  return {
    ...r,
    edges: r.edges.map(flip).reverse(),
    endpoints: r.endpoints.map((e) => ({ ...e, path: e.path.map(flip).reverse() })),
  }
}

/**
 * Explains an address of a backward result: the explanation runs on the engine's view (edges reversed, time
 * reversed) and its paths come back in the direction the money moved, ending at the seed.
 */
export function explainBackward(
  r: TraceResult,
  address: string,
  explain: (r: TraceResult, address: string) => Explanation,
): Explanation {
  const toEngine = (e: TraceEdgeRef): TraceEdgeRef => ({ ...flip(e), block: -e.block })
  const back = (e: TraceEdgeRef): TraceEdgeRef => ({ ...flip(e), block: -e.block })
  const x = explain({ ...r, direction: 'forward', edges: r.edges.map(toEngine) }, address)
  return {
    ...x,
    arrivals: x.arrivals.map((a) => ({ edge: back(a.edge), path: a.path.map(back).reverse() })),
  }
}
