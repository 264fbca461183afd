/**
 * Dense slots for (node, asset) states: one Int32Array per asset (slot + 1 by node, 0 for none), made when the
 * asset is first seen, and the slots numbered in order of first use, so a book keeps its state in flat typed
 * arrays indexed by slot instead of an object per pair.
 */
export class StateSlots {
  count = 0
  node: Int32Array = new Int32Array(1024)
  asset: Int32Array = new Int32Array(1024)
  private readonly cols = new Map<number, Int32Array>()
  private lastAsset = Number.NaN
  private lastCol: Int32Array = new Int32Array(0)

  constructor(private readonly nodes: number) {}

  /** The slot of (node, asset), made on first use; `made` says whether it is new. */
  slot(node: number, asset: number): number {
    let col = this.lastCol
    if (asset !== this.lastAsset) {
      col = this.cols.get(asset) ?? new Int32Array(0)
      if (col.length === 0) {
        col = new Int32Array(this.nodes)
        this.cols.set(asset, col)
      }
      this.lastAsset = asset
      this.lastCol = col
    }
    const s = col[node] as number
    if (s > 0) {
      this.made = false
      return s - 1
    }
    const n = this.count++
    if (n === this.node.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2)
        b.set(a)
        return b
      }
      this.node = grow(this.node)
      this.asset = grow(this.asset)
    }
    this.node[n] = node
    this.asset[n] = asset
    col[node] = n + 1
    this.made = true
    return n
  }

  made = false

  /** Calls fn for every slot of one asset, by node. */
  forEachOf(asset: number, fn: (node: number, slot: number) => void): void {
    const col = this.cols.get(asset)
    if (!col) return
    for (let node = 0; node < col.length; node++) {
      const s = col[node] as number
      if (s > 0) fn(node, s - 1)
    }
  }

  /** Calls fn for every slot, by asset in order of first use, then by node. */
  forEach(fn: (node: number, asset: number, slot: number) => void): void {
    for (const [asset, col] of this.cols) {
      for (let node = 0; node < col.length; node++) {
        const s = col[node] as number
        if (s > 0) fn(node, asset, s - 1)
      }
    }
  }
}

export function growF64To(a: Float64Array, need: number): Float64Array {
  if (need <= a.length) return a
  const b = new Float64Array(Math.max(need, a.length * 2))
  b.set(a)
  return b
}

export function growI32To(a: Int32Array, need: number, fill = 0): Int32Array {
  if (need <= a.length) return a
  const b = new Int32Array(Math.max(need, a.length * 2))
  if (fill !== 0) b.fill(fill, a.length)
  b.set(a)
  return b
}
