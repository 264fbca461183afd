/**
 * Amounts per (node, asset), one dense column per asset: a trace touches few assets and many nodes, so this
 * beats one map keyed by a pair. Columns are sized for the graph's node count when the scan starts.
 */
export class PerAsset {
  private readonly index = new Map<number, number>()
  readonly assets: number[] = []
  readonly cols: (bigint | undefined)[][] = []

  constructor(private readonly nodes: number) {}

  /** The column of an asset, created on first use. */
  col(asset: number): (bigint | undefined)[] {
    const k = this.index.get(asset)
    if (k !== undefined) return this.cols[k] as (bigint | undefined)[]
    this.index.set(asset, this.assets.length)
    this.assets.push(asset)
    const c = new Array<bigint | undefined>(this.nodes)
    this.cols.push(c)
    return c
  }

  /** The column of an asset, undefined when it has none (without making one). */
  peek(asset: number): (bigint | undefined)[] | undefined {
    const k = this.index.get(asset)
    return k === undefined ? undefined : this.cols[k]
  }

  add(node: number, asset: number, v: bigint): void {
    if (v === 0n) return
    const c = this.col(asset)
    c[node] = (c[node] ?? 0n) + v
  }

  set(node: number, asset: number, v: bigint): void {
    this.col(asset)[node] = v
  }

  get(node: number, asset: number): bigint {
    const k = this.index.get(asset)
    return k === undefined ? 0n : ((this.cols[k] as (bigint | undefined)[])[node] ?? 0n)
  }

  /** Calls fn for every non-zero (node, asset, amount). */
  forEach(fn: (node: number, asset: number, v: bigint) => void): void {
    this.cols.forEach((c, k) => {
      const asset = this.assets[k] as number
      c.forEach((v, node) => {
        if (v !== undefined && v !== 0n) fn(node, asset, v)
      })
    })
  }
}
