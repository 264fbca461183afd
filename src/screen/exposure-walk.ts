import { getOr } from '../core/get-or.ts'
import { amountAt } from '../store/edges/edge-batch.ts'
import type { EdgeSource } from '../store/edges/edge-source.ts'

/** One transfer out of an address in the walk's direction. */
export interface Flow {
  dst: number
  asset: number
  amount: bigint
  ord: number
}

/** The neighbourhood of one screened address in one direction, as the breadth-first walk found it. */
export interface Walk {
  root: number
  /** Hops from the root of every address reached (each at its shortest distance). */
  depth: Map<number, number>
  /** How each reached address was first reached: from the nearer address, by the edge with the lowest ord. */
  parent: Map<number, { from: number; ord: number }>
  /** Transfers of every expanded address. */
  flows: Map<number, Flow[]>
  /** Labelled addresses reached (they end their paths). */
  labelled: Set<number>
  frontier: number[]
  edges: number
  truncated: boolean
}

/**
 * Walks the neighbourhoods of many roots at once, breadth first to `hops`: each hop reads the edges of the
 * union of every root's frontier in one query, then extends each root's walk from that batch. A labelled
 * address (other than the root) ends its path. A root whose walk has read more than `maxEdges` edges stops
 * with `truncated` while it still has a frontier. Each address's parent is its lowest-ord edge from the hop
 * before, so the result does not depend on which roots share a batch or on the order edges arrive in.
 */
export async function walkMany(
  source: EdgeSource,
  isLabelled: (id: number) => boolean,
  roots: readonly number[],
  hops: number,
  maxEdges: number,
): Promise<Walk[]> {
  const walks = roots.map(
    (root): Walk => ({
      root,
      depth: new Map([[root, 0]]),
      parent: new Map(),
      flows: new Map(),
      labelled: new Set(),
      frontier: root >= 0 ? [root] : [],
      edges: 0,
      truncated: false,
    }),
  )
  for (let d = 0; d < hops; d++) {
    const active = walks.filter((w) => w.frontier.length > 0)
    if (active.length === 0) break
    const union = new Set<number>()
    for (const w of active) for (const id of w.frontier) union.add(id)
    const b = await source.outEdges(Int32Array.from(union))
    const bySource = new Map<number, number[]>()
    for (let i = 0; i < b.length; i++) getOr(bySource, b.src[i] as number, () => []).push(i)
    for (const w of active) {
      const fresh: number[] = []
      for (const s of w.frontier) {
        const list = bySource.get(s) ?? []
        w.edges += list.length
        for (const i of list) {
          const t = b.dst[i] as number
          if (s === t) continue
          const ord = b.ord[i] as number
          getOr(w.flows, s, () => []).push({ dst: t, asset: b.asset[i] as number, amount: amountAt(b, i), ord })
          const seen = w.depth.get(t)
          if (seen === undefined) {
            w.depth.set(t, d + 1)
            w.parent.set(t, { from: s, ord })
            fresh.push(t)
          } else if (seen === d + 1 && ord < (w.parent.get(t)?.ord ?? ord)) {
            w.parent.set(t, { from: s, ord })
          }
        }
      }
      w.frontier = []
      for (const id of fresh) {
        if (isLabelled(id)) w.labelled.add(id)
        else w.frontier.push(id)
      }
      if (w.edges > maxEdges && w.frontier.length > 0) {
        w.truncated = true
        w.frontier = []
      }
    }
  }
  return walks
}
