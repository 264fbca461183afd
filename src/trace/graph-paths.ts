import type { ScanResult } from './scan.ts'
import { NodeFlag, type TransferGraph } from './transfer-graph.ts'

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
    for (let i = 0; i < row.length; i++) {
      if (k > 0 && g.ord[row[k - 1] as number] === g.ord[row[i] as number]) continue
      row[k++] = row[i] as number
    }
    this.end[node] = lo + k
  }

  /**
   * The heaviest tainted path ending at `node` in `asset`, as edge indices from the seed side: from the node,
   * repeatedly the heaviest tainted arrival no later than the step already taken (same asset first, else the
   * asset swapped into it), until a seed.
   */
  heaviestPath(node: number, asset: number, maxSteps = 32): number[] {
    const g = this.g
    const path: number[] = []
    const seen = new Set<number>([node])
    let cur = node
    let curAsset = asset
    let bound = Number.MAX_SAFE_INTEGER
    while (path.length < maxSteps) {
      const e = this.heaviestInto(cur, curAsset, bound, seen)
      if (e < 0) break
      path.push(e)
      const from = g.src[e] as number
      if (this.seedOrds.has(g.ord[e] as number) || (g.flags[from] as number) & NodeFlag.seed) break
      seen.add(from)
      cur = from
      curAsset = g.asset[e] as number
      bound = g.ord[e] as number
    }
    return path.reverse()
  }

  private heaviestInto(node: number, asset: number, bound: number, seen: Set<number>): number {
    const g = this.g
    this.sort(node)
    const list = this.edges
    const lo = this.start[node] as number
    // Arrivals are in time order: binary search for the last one no later than the bound.
    let a = lo
    let b = this.end[node] as number
    while (a < b) {
      const mid = (a + b) >>> 1
      if ((g.ord[list[mid] as number] as number) <= bound) a = mid + 1
      else b = mid
    }
    const hi = a
    let best = -1
    let bestSame = false
    let bestT = 0n
    for (let i = hi - 1; i >= lo && i >= hi - WINDOW; i--) {
      const e = list[i] as number
      if (seen.has(g.src[e] as number)) continue
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
