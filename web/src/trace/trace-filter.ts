import { BEYOND, type TraceModel } from './trace-model.ts'

/** What the reader narrowed the graph to; undefined fields do not filter. */
export interface TraceFilter {
  /** Show hops up to this one; addresses further out fold into one summary node. */
  maxHop: number
  asset?: string
  /** Base units of `asset`: transfers whose tainted part is below it are hidden. */
  minAmount?: bigint
  /** Unix seconds, inclusive. */
  fromTime?: number
  toTime?: number
}

export interface FilterOutcome {
  nodes: Set<string>
  pairs: Set<string>
  /** Addresses beyond `maxHop` that match the filter, shown as one summary node. */
  beyond: number
}

/**
 * The nodes and edges that stay: an edge when one of its transfers matches, a node when one of its transfers
 * matches (seeds always stay). Addresses past `maxHop` are counted into the summary node instead.
 */
export function applyFilter(m: TraceModel, f: TraceFilter): FilterOutcome {
  const nodes = new Set<string>()
  const pairs = new Set<string>()
  const far = new Set<string>()
  for (const n of m.nodes.values()) if (n.seed) nodes.add(n.address)
  for (const p of m.pairs.values()) {
    const ok = p.edges.some((e) => {
      if (f.asset && e.asset !== f.asset) return false
      if (f.minAmount !== undefined && BigInt(e.tainted) < f.minAmount) return false
      if (e.time !== null && f.fromTime !== undefined && Number(e.time) < f.fromTime) return false
      if (e.time !== null && f.toTime !== undefined && Number(e.time) > f.toTime) return false
      return true
    })
    if (!ok) continue
    let folded = false
    for (const a of [p.from, p.to]) {
      if ((m.nodes.get(a)?.layer ?? 0) > f.maxHop) {
        far.add(a)
        folded = true
      } else nodes.add(a)
    }
    if (!folded) pairs.add(p.key)
  }
  if (far.size > 0) nodes.add(BEYOND)
  return { nodes, pairs, beyond: far.size }
}
