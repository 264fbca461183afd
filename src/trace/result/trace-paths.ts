import type { TraceEdgeRef, TraceResult } from '../trace-types.ts'

/** A result's tainted edges indexed for walking paths back to the seeds. */
export interface PathIndex {
  byRecipient: Map<string, TraceEdgeRef[]>
  byTx: Map<string, TraceEdgeRef[]>
  /** Addresses the trace followed as converters (category `dex`): a routed swap passes through them. */
  converters: Set<string>
  /** Seed addresses and transaction hashes. */
  seeds: Set<string>
}

const heavierFirst = (a: TraceEdgeRef, b: TraceEdgeRef) =>
  a.tainted === b.tainted ? Number(a.block - b.block) : a.tainted > b.tainted ? -1 : 1

/** Indexes a result's listed tainted edges by recipient and by transaction, heaviest first. */
export function pathIndex(r: Pick<TraceResult, 'edges' | 'nodes' | 'seeds'>): PathIndex {
  const byRecipient = new Map<string, TraceEdgeRef[]>()
  const byTx = new Map<string, TraceEdgeRef[]>()
  const push = (m: Map<string, TraceEdgeRef[]>, k: string, e: TraceEdgeRef) => {
    const list = m.get(k)
    if (list) list.push(e)
    else m.set(k, [e])
  }
  for (const e of r.edges) {
    push(byRecipient, e.to, e)
    push(byTx, e.tx, e)
  }
  for (const list of byRecipient.values()) list.sort(heavierFirst)
  for (const list of byTx.values()) list.sort(heavierFirst)
  const converters = new Set(r.nodes.filter((n) => n.expanded && n.category === 'dex').map((n) => n.address))
  return { byRecipient, byTx, converters, seeds: new Set([...r.seeds.addresses, ...r.seeds.txs]) }
}

/** Whether an edge is a seed transfer, or leaves a seed address (whose receipts are the stolen funds). */
export function startsAtSeed(ix: PathIndex, e: TraceEdgeRef): boolean {
  return ix.seeds.has(e.from) || ix.seeds.has(e.tx)
}

/**
 * The path that ends with edge `last`: `last` and, walking back, repeatedly the heaviest tainted transfer into the
 * current address (same asset first) in a block no later than the step already taken and with a hop below it,
 * until a seed. The path has at most `last.hop` transfers. A converter's payout is preceded by the tainted
 * transfer into its routed swap in the same transaction (one swap step: asset in, asset out).
 */
export function pathThrough(ix: PathIndex, last: TraceEdgeRef): TraceEdgeRef[] {
  const path: TraceEdgeRef[] = []
  // An address seed's receipts (hop 0) are the stolen funds themselves: no path.
  if (last.hop <= 0) return path
  let cur = last
  for (;;) {
    path.push(cur)
    if (startsAtSeed(ix, cur)) break
    if (ix.converters.has(cur.from)) {
      const into = swapInput(ix, cur)
      if (!into) break
      path.push(into)
      cur = into
      if (startsAtSeed(ix, cur)) break
    }
    const b = cur
    const ok = (e: TraceEdgeRef) => e.hop < b.hop && e.block <= b.block
    const into = ix.byRecipient.get(b.from) ?? []
    const next = into.find((x) => x.asset === b.asset && ok(x)) ?? into.find(ok)
    if (!next) break
    cur = next
  }
  return path.reverse()
}

/** The heaviest tainted transfer into a routed swap, in the payout's transaction, one hop before it. */
function swapInput(ix: PathIndex, out: TraceEdgeRef): TraceEdgeRef | undefined {
  return (ix.byTx.get(out.tx) ?? []).find(
    (e) => ix.converters.has(e.to) && !ix.converters.has(e.from) && e.hop < out.hop && e.asset !== out.asset,
  )
}
