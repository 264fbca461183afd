/** Disjoint sets over 0..n-1 with path halving and union by size. */
export class UnionFind {
  private readonly parent: Int32Array
  private readonly size: Int32Array

  constructor(n: number) {
    this.parent = new Int32Array(n)
    this.size = new Int32Array(n).fill(1)
    for (let i = 0; i < n; i++) this.parent[i] = i
  }

  find(x: number): number {
    let r = x
    while (this.parent[r] !== r) {
      this.parent[r] = this.parent[this.parent[r]!]!
      r = this.parent[r]!
    }
    return r
  }

  union(x: number, y: number): void {
    let a = this.find(x)
    let b = this.find(y)
    if (a === b) return
    if (this.size[a]! < this.size[b]!) [a, b] = [b, a]
    this.parent[b] = a
    this.size[a]! += this.size[b]!
  }
}
