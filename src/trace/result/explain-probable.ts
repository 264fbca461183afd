import type { ProbableEdge, ProbableEndpoint, ProbableLink, TraceEdgeRef, TraceResult } from '../trace-types.ts'
import { pathIndex, pathThrough } from './trace-paths.ts'

/** One probable arrival at an address reached only past a mixer: how the taint got to the pool, the link, and after. */
export interface ProbableArrival {
  /** The link the arrival rests on (its rules with evidence, confidence and anonymity set). */
  link: ProbableLink
  /** The exact path from a seed to the pool (or the proxy in front of it), ending with the tainted deposit. */
  toPool: TraceEdgeRef[]
  /** The tainted transfer into the address, past the link. */
  edge: ProbableEdge
  /** From the transfer the withdrawal paid to `edge`, as the money moved. */
  path: ProbableEdge[]
}

/** What the probable layer says of an address: the shares that ended there, and every arrival with its paths. */
export interface ProbableExplanation {
  endpoints: ProbableEndpoint[]
  arrivals: ProbableArrival[]
}

/**
 * Explains an address the exact trace did not reach but the probable layer did: per tainted arrival past a link,
 * the exact path to the pool, the link, then the path after the withdrawal. Null when the layer did not reach it.
 */
export function explainProbable(r: TraceResult, address: string): ProbableExplanation | null {
  const p = r.probable
  if (!p) return null
  const endpoints = p.endpoints.filter((e) => e.address === address)
  const into = p.edges.filter((e) => e.to === address)
  if (endpoints.length === 0 && into.length === 0) return null
  const exact = pathIndex(r)
  const arrivals: ProbableArrival[] = []
  for (const link of p.links) {
    const edges = p.edges.filter((e) => e.link === link.id)
    const mine = edges.filter((e) => e.to === address).sort((a, b) => (a.tainted > b.tainted ? -1 : 1))
    if (mine.length === 0) continue
    const ix = pathIndex({ edges, nodes: r.nodes, seeds: { addresses: [], txs: [link.withdrawal.tx], rules: [] } })
    const deposit = p.deposits.find((d) => d.tx === link.deposit.tx && d.logIndex === link.deposit.logIndex)
    const last = (exact.byTx.get(link.deposit.tx) ?? []).find((e) => e.to === deposit?.endpoint)
    const toPool = last ? pathThrough(exact, last) : []
    for (const edge of mine) {
      arrivals.push({ link, toPool, edge, path: pathThrough(ix, edge) as ProbableEdge[] })
    }
  }
  return { endpoints, arrivals }
}
