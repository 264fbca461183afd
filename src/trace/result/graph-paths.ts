import { NodeFlag, type TransferGraph } from '../engine/transfer-graph.ts'
import type { ScanResult } from '../models/scan.ts'

/** How many of an address's tainted arrivals a path step weighs; a hub's older arrivals are not searched. */
const WINDOW = 64

/**
 * Tainted edges grouped by recipient (compressed rows), for walking paths back to the seeds. Rows are filled in
 * edge order (a sequential pass) and put in time order, without duplicate copies, when a path first visits them.
 */
export class TaintedArrivals {
  readonly start: Int32Array
  readonly end: Int32Array
  readonly edges: Int32Array
  private readonly sorted: Uint8Array

  constructor(
    private readonly g: TransferGraph,
    private readonly s: ScanResult,
    private readonly seedOrds: ReadonlySet<number>,
  ) {
    const n = g.nodeCount
    const count = new Int32Array(n + 1)
    const tainted = s.tainted
    const dst = g.dst
    for (let e = 0; e < g.edgeCount; e++) {
      if (!tainted[e]) continue
      const v = (dst[e] as number) + 1
      count[v] = (count[v] as number) + 1
    }
    for (let u = 0; u < n; u++) count[u + 1] = (count[u + 1] as number) + (count[u] as number)
    this.start = count.slice(0, n)
    this.end = count.slice(0, n)
    this.edges = new Int32Array(count[n] as number)
    this.sorted = new Uint8Array(n)
    for (let e = 0; e < g.edgeCount; e++) {
      if (!tainted[e]) continue
      const v = dst[e] as number
      this.edges[this.end[v] as number] = e
      this.end[v] = (this.end[v] as number) + 1
    }
  }

  /** Tainted edges into `node`, oldest first, each transfer once. */
  into(node: number): Int32Array {
    this.sort(node)
    return this.edges.subarray(this.start[node] as number, this.end[node] as number)
  }

  private sort(node: number): void {
    if (this.sorted[node]) return
    this.sorted[node] = 1
    const g = this.g
    const lo = this.start[node] as number
    const row = this.edges.subarray(lo, this.end[node] as number)
    row.sort((a, b) => (g.ord[a] as number) - (g.ord[b] as number))
    let k = 0
    const hops = this.s.hops
    for (let i = 0; i < row.length; i++) {
      const e = row[i] as number
      const prev = row[k - 1] as number
      if (k > 0 && g.ord[prev] === g.ord[e]) {
        // Two copies of one transfer: keep the one with the fewer hops.
        if ((hops[e] as number) < (hops[prev] as number)) row[k - 1] = e
        continue
      }
      row[k++] = e
    }
    this.end[node] = lo + k
  }

  /**
   * The heaviest tainted path ending at `node` in `asset`, as edge indices from the seed side, with at most as many
   * transfers as the hop of the node's arrivals in that asset (assetHop): from the node, repeatedly the heaviest tainted arrival (same asset first) no later
   * than the transaction of the step already taken and with a hop that fits, until a seed. A routed swap is one
   * step of two transfers: its payout, then the tainted transfer into it that fed it (same transaction).
   */
  heaviestPath(node: number, asset: number): number[] {
    const e = this.bestInto(node, asset, Number.MAX_SAFE_INTEGER, this.assetHop(node, asset))
    return e < 0 ? [] : this.pathThrough(e)
  }

  /**
   * The least hop of the node's tainted arrivals in `asset`, or the node's hop when none is in that asset (a
   * swap's payout). An address reached early in one asset can be reached later in another: the path of what it
   * holds in the second asset runs through that asset's arrivals, and can be longer than the node's hop.
   */
  assetHop(node: number, asset: number): number {
    let h = Number.MAX_SAFE_INTEGER
    for (const e of this.into(node)) {
      if (this.g.asset[e] === asset) h = Math.min(h, this.s.hops[e] as number)
    }
    return h === Number.MAX_SAFE_INTEGER ? (this.s.nodeHop[node] as number) : h
  }

  /**
   * The path that ends with tainted edge e: e and the heaviest path that fed it, seed side first. An address
   * seed's receipts (hop 0) are the stolen funds themselves: no path.
   */
  pathThrough(e: number): number[] {
    const g = this.g
    const path: number[] = []
    if ((this.s.hops[e] as number) <= 0) return path
    let cur = e
    for (;;) {
      path.push(cur)
      if (this.seedOrds.has(g.ord[cur] as number)) break
      const into = this.s.swapIn.get(cur)
      if (into !== undefined) {
        path.push(into)
        cur = into
        if (this.seedOrds.has(g.ord[cur] as number)) break
      }
      const from = g.src[cur] as number
      const budget = (this.s.hops[cur] as number) - 1
      if (budget < 1 || (g.flags[from] as number) & NodeFlag.seed) break
      const next = this.bestInto(from, g.asset[cur] as number, g.txo[cur] as number, budget)
      if (next < 0) break
      cur = next
    }
    return path.reverse()
  }

  /**
   * The heaviest tainted arrival into `node` in a transaction no later than `txo`, with a hop of at most `budget`:
   * same asset first. The newest WINDOW arrivals are weighed; past them, the first that fits is taken.
   */
  private bestInto(node: number, asset: number, txo: number, budget: number): number {
    const g = this.g
    this.sort(node)
    const list = this.edges
    const lo = this.start[node] as number
    // Arrivals are in time order: binary search for the last one in a transaction no later than the bound.
    let a = lo
    let b = this.end[node] as number
    while (a < b) {
      const mid = (a + b) >>> 1
      if ((g.txo[list[mid] as number] as number) <= txo) a = mid + 1
      else b = mid
    }
    const hi = a
    let best = -1
    let bestSame = false
    let bestT = 0n
    for (let i = hi - 1; i >= lo; i--) {
      if (best >= 0 && hi - i > WINDOW) break
      const e = list[i] as number
      if ((this.s.hops[e] as number) > budget) continue
      const same = g.asset[e] === asset
      const t = this.s.taintOf(e)
      if (best < 0 || (same && !bestSame) || (same === bestSame && t > bestT)) {
        best = e
        bestSame = same
        bestT = t
      }
    }
    return best
  }
}
