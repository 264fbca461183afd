/**
 * Slots for (node, asset) states, so a book keeps its state in flat typed arrays indexed by slot instead of an object
 * per pair. Dense when the assets are known and nodes * assets is small enough: slot = asset index * nodes + node,
 * every slot there from the start. Otherwise one Int32Array per asset (slot + 1 by node, 0 for none), made when the
 * asset is first seen, the slots numbered in order of first use. Either way the assets are listed in the order
 * slot() first met them.
 */
export class StateSlots {
  count = 0
  node: Int32Array = new Int32Array(1024)
  asset: Int32Array = new Int32Array(1024)
  private readonly cols = new Map<number, Int32Array>()
  private lastAsset = Number.NaN
  private lastCol: Int32Array = new Int32Array(0)
  /** Dense: the index of asset id a at indexOf[a + 1] (-1: none), and whether slot() has met it. */
  private readonly indexOf: Int32Array | null = null
  private readonly met: Uint8Array = new Uint8Array(0)
  private lastBase = 0
  /** Assets in the order slot() first met them (dense). */
  private readonly order: number[] = []

  constructor(
    private readonly nodes: number,
    dense?: readonly number[],
  ) {
    if (!dense) return
    const top = dense.reduce((m, a) => Math.max(m, a), -1)
    this.indexOf = new Int32Array(top + 2).fill(-1)
    dense.forEach((a, i) => {
      ;(this.indexOf as Int32Array)[a + 1] = i
    })
    this.met = new Uint8Array(dense.length)
    this.count = nodes * dense.length
  }

  get dense(): boolean {
    return this.indexOf !== null
  }

  /** Dense: the slot of (node, asset) without noting the asset as met (to touch state ahead of use). */
  denseSlot(node: number, asset: number): number {
    return ((this.indexOf as Int32Array)[asset + 1] as number) * this.nodes + node
  }

  /** The slot of (node, asset), made on first use; `made` says whether it is new. */
  slot(node: number, asset: number): number {
    if (this.indexOf !== null) {
      if (asset !== this.lastAsset) {
        const i = this.indexOf[asset + 1] as number
        if (!this.met[i]) {
          this.met[i] = 1
          this.order.push(asset)
        }
        this.lastAsset = asset
        this.lastBase = i * this.nodes
      }
      return this.lastBase + node
    }
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

  /** Calls fn for every slot of one asset, by node (dense: every node). */
  forEachOf(asset: number, fn: (node: number, slot: number) => void): void {
    if (this.indexOf !== null) {
      const i = asset + 1 < this.indexOf.length ? (this.indexOf[asset + 1] as number) : -1
      if (i < 0) return
      for (let node = 0; node < this.nodes; node++) fn(node, i * this.nodes + node)
      return
    }
    const col = this.cols.get(asset)
    if (!col) return
    for (let node = 0; node < col.length; node++) {
      const s = col[node] as number
      if (s > 0) fn(node, s - 1)
    }
  }

  /** Calls fn for every slot, by asset in order of first use, then by node. */
  forEach(fn: (node: number, asset: number, slot: number) => void): void {
    const assets = this.indexOf !== null ? this.order : [...this.cols.keys()]
    for (const asset of assets) this.forEachOf(asset, (node, s) => fn(node, asset, s))
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
