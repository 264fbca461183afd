import { NodeFlag } from '../trace/engine/transfer-graph.ts'
import type { CarriedTrace } from './carried-trace.ts'

/** How many of an address's tainted arrivals a path step weighs, as the trace's paths do (graph-paths.ts). */
const WINDOW = 64

/**
 * The path that ends with tainted edge e, seed side first, by the rule of `trace --explain`: from the transfer back,
 * each step the heaviest tainted arrival (same asset first) into the sender, in a transaction no later than the
 * step taken and with a lower hop, until a seed; a routed swap is its payout then the transfer into it. An address
 * seed's own receipts (hop 0) have no path.
 */
export function pathThrough(state: CarriedTrace, e: number): number[] {
  const { graph: g, book } = state
  const seedOrds = state.seeds.seedOrds
  const path: number[] = []
  if (book.hopOf(e) <= 0) return path
  let cur = e
  for (;;) {
    path.push(cur)
    if (seedOrds.has(g.ord[cur] as number)) break
    const into = book.swapIn.get(cur)
    if (into !== undefined) {
      path.push(into)
      cur = into
      if (seedOrds.has(g.ord[cur] as number)) break
    }
    const from = g.src[cur] as number
    const budget = book.hopOf(cur) - 1
    if (budget < 1 || (g.flags[from] as number) & NodeFlag.seed) break
    const next = bestInto(state, from, g.asset[cur] as number, g.txo[cur] as number, budget)
    if (next < 0) break
    cur = next
  }
  return path.reverse()
}

function bestInto(state: CarriedTrace, node: number, asset: number, txo: number, budget: number): number {
  const { graph: g, book } = state
  const list = state.arrivals.get(node) ?? []
  let hi = list.length
  while (hi > 0 && (g.txo[list[hi - 1] as number] as number) > txo) hi--
  let best = -1
  let bestSame = false
  let bestT = 0n
  for (let i = hi - 1; i >= 0; i--) {
    if (best >= 0 && hi - i > WINDOW) break
    const e = list[i] as number
    if (book.hopOf(e) > budget) continue
    const same = g.asset[e] === asset
    const t = book.taintOf(e)
    if (best < 0 || (same && !bestSame) || (same === bestSame && t > bestT)) {
      best = e
      bestSame = same
      bestT = t
    }
  }
  return best
}
