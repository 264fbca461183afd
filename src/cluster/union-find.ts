/** Disjoint sets over integer ids in typed arrays: union by size, find with path halving (near-constant time). */
export class UnionFind {
  private parent = new Int32Array(1024)
  private size = new Int32Array(1024)
  count = 0

  /** Adds a singleton set and returns its id. */
  add(): number {
    const id = this.count++
    if (id >= this.parent.length) {
      const p = new Int32Array(this.parent.length * 2)
      p.set(this.parent)
      this.parent = p
      const s = new Int32Array(this.size.length * 2)
      s.set(this.size)
      this.size = s
    }
    this.parent[id] = id
    this.size[id] = 1
    return id
  }

  find(x: number): number {
    const p = this.parent
    let v = x
    while (p[v] !== v) {
      const g = p[p[v] as number] as number
      p[v] = g
      v = g
    }
    return v
  }

  /** Joins the sets of a and b; returns false when they were one already. */
  union(a: number, b: number): boolean {
    let ra = this.find(a)
    let rb = this.find(b)
    if (ra === rb) return false
    if ((this.size[ra] as number) < (this.size[rb] as number)) [ra, rb] = [rb, ra]
    this.parent[rb] = ra
    this.size[ra] = (this.size[ra] as number) + (this.size[rb] as number)
    return true
  }
}
