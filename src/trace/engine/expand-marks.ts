import { UNREACHED } from './transfer-graph.ts'

/**
 * Per-node scratch of one expansion: frontier membership, how far back in time each address's outgoing edges were
 * followed (`doneFrom`, UNREACHED before) and the first edge followed (`doneAt`, valid once doneFrom is set).
 */
export class Marks {
  inNext = new Int32Array(0)
  doneFrom = new Int32Array(0)
  doneAt = new Int32Array(0)
  /** Scratch of `ascending`: all 0 between uses. */
  seen = new Uint8Array(0)

  fit(n: number): void {
    if (n <= this.inNext.length) return
    const cap = Math.max(n, this.inNext.length * 2)
    const a = new Int32Array(cap)
    a.set(this.inNext)
    this.inNext = a
    const d = new Int32Array(cap).fill(UNREACHED)
    d.set(this.doneFrom)
    this.doneFrom = d
    const at = new Int32Array(cap)
    at.set(this.doneAt)
    this.doneAt = at
    this.seen = new Uint8Array(cap)
  }
}

/**
 * Distinct node ids in ascending order. A frontier covering a sixteenth of the nodes or more is gathered by one
 * pass over a mark per node (sequential, no comparisons); a smaller one is sorted.
 */
export function ascending(us: readonly number[], marks: Marks): Int32Array {
  const n = marks.seen.length
  if (us.length * 16 < n) return Int32Array.from(us).sort()
  const seen = marks.seen
  for (let k = 0; k < us.length; k++) seen[us[k] as number] = 1
  const out = new Int32Array(us.length)
  let j = 0
  for (let u = 0; u < n; u++) {
    if (seen[u]) {
      seen[u] = 0
      out[j++] = u
    }
  }
  return out
}
