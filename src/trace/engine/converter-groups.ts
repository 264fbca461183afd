import { NodeFlag, type TransferGraph } from './transfer-graph.ts'

const BOTH = NodeFlag.expanded | NodeFlag.converter

/** Whether a node is a converter the trace follows (a DEX pair or router, a wrapped-native token). */
export function isFollowedConverter(g: TransferGraph, u: number): boolean {
  return ((g.flags[u] as number) & BOTH) === BOTH
}

/**
 * The routed swaps of one transaction: followed converters joined by transfers between them (pair -> WETH ->
 * router) form one group, named by one of its members. Returns null when no transfer joins two converters.
 */
export function converterGroups(g: TransferGraph, edges: ArrayLike<number>): Map<number, number> | null {
  let parent: Map<number, number> | null = null
  const find = (u: number): number => {
    let r = u
    while (parent?.has(r) && parent.get(r) !== r) r = parent.get(r) as number
    return r
  }
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i] as number
    const u = g.src[e] as number
    const v = g.dst[e] as number
    if (u === v || !isFollowedConverter(g, u) || !isFollowedConverter(g, v)) continue
    parent ??= new Map()
    const a = find(u)
    const b = find(v)
    if (!parent.has(a)) parent.set(a, a)
    if (a !== b) parent.set(b, a)
    else if (!parent.has(b)) parent.set(b, b)
  }
  if (!parent) return null
  const roots = new Map<number, number>()
  for (const u of parent.keys()) roots.set(u, find(u))
  return roots
}
