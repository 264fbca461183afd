import { NodeFlag, type TransferGraph } from './transfer-graph.ts'

/**
 * The graph's distinct edges (first copy of each `ord`) in time order. A counting pass over the chain's ord range
 * when the trace read a fair share of it, a comparison sort otherwise.
 */
export function edgesInOrder(g: TransferGraph, totalEdges: number): Int32Array {
  const n = g.edgeCount
  if (n * 16 >= totalEdges) {
    const byOrd = new Int32Array(totalEdges).fill(-1)
    let distinct = 0
    for (let e = 0; e < n; e++) {
      const o = g.ord[e] as number
      if (byOrd[o] === -1) {
        byOrd[o] = e
        distinct++
      }
    }
    const out = new Int32Array(distinct)
    let k = 0
    for (let o = 0; o < totalEdges; o++) {
      const e = byOrd[o] as number
      if (e >= 0) out[k++] = e
    }
    return out
  }
  const idx = Int32Array.from({ length: n }, (_, i) => i)
  idx.sort((a, b) => (g.ord[a] as number) - (g.ord[b] as number))
  let k = 0
  for (let i = 0; i < n; i++) {
    const e = idx[i] as number
    if (k > 0 && g.ord[idx[k - 1] as number] === g.ord[e]) continue
    idx[k++] = e
  }
  return idx.subarray(0, k)
}

/**
 * Orders one transaction's edges so that an address's outgoing transfers come after its incoming ones in the
 * same transaction (a log or call order inside a transaction does not say when value was available: a Uniswap
 * V3 pool pays out before it is paid). Cycles fall back to the recorded order.
 */
export function orderWithinTx(g: TransferGraph, edges: number[]): number[] {
  if (edges.length < 2) return edges
  const pendingIn = new Map<number, number>()
  for (const e of edges) {
    const v = g.dst[e] as number
    pendingIn.set(v, (pendingIn.get(v) ?? 0) + 1)
  }
  const out: number[] = []
  let rest = edges
  while (rest.length > 0) {
    const next: number[] = []
    for (const e of rest) {
      if ((pendingIn.get(g.src[e] as number) ?? 0) === 0) {
        out.push(e)
        const v = g.dst[e] as number
        pendingIn.set(v, (pendingIn.get(v) ?? 1) - 1)
      } else next.push(e)
    }
    if (next.length === rest.length) {
      // A cycle (A pays a pool that pays A back): let the non-converter pay first, so the converter has been paid.
      let pick = next.findIndex((x) => !((g.flags[g.src[x] as number] as number) & NodeFlag.converter))
      if (pick < 0) pick = 0
      const e = next.splice(pick, 1)[0] as number
      out.push(e)
      const v = g.dst[e] as number
      pendingIn.set(v, (pendingIn.get(v) ?? 1) - 1)
    }
    rest = next
  }
  return out
}
