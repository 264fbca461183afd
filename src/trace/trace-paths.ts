import type { TraceEdgeRef } from './trace-types.ts'

/** Tainted edges by recipient, heaviest first, for walking paths back to the seeds. */
export function edgesByRecipient(edges: readonly TraceEdgeRef[]): Map<string, TraceEdgeRef[]> {
  const m = new Map<string, TraceEdgeRef[]>()
  for (const e of edges) {
    const list = m.get(e.to)
    if (list) list.push(e)
    else m.set(e.to, [e])
  }
  for (const list of m.values()) list.sort(heavierFirst)
  return m
}

const heavierFirst = (a: TraceEdgeRef, b: TraceEdgeRef) =>
  a.tainted === b.tainted ? Number(a.block - b.block) : a.tainted > b.tainted ? -1 : 1

/**
 * The heaviest tainted path that ends at `address` in `asset`: from the address, repeatedly the heaviest
 * tainted transfer into the current address that happened no later than the transfer already on the path,
 * until a seed. An asset change (a swap) is followed when no transfer in the same asset arrived.
 */
export function heaviestPath(
  byRecipient: ReadonlyMap<string, TraceEdgeRef[]>,
  seeds: ReadonlySet<string>,
  address: string,
  asset: string,
  maxSteps = 64,
): TraceEdgeRef[] {
  const path: TraceEdgeRef[] = []
  const seen = new Set<string>([address])
  let cur = address
  let curAsset = asset
  let before: TraceEdgeRef | undefined
  while (path.length < maxSteps) {
    const into = byRecipient.get(cur) ?? []
    const ok = (e: TraceEdgeRef) => !seen.has(e.from) && (!before || !isLater(e, before))
    const e = into.find((x) => x.asset === curAsset && ok(x)) ?? into.find(ok)
    if (!e) break
    path.push(e)
    if (seeds.has(e.from) || seeds.has(e.tx)) break
    seen.add(e.from)
    cur = e.from
    curAsset = e.asset
    before = e
  }
  return path.reverse()
}

function isLater(a: TraceEdgeRef, b: TraceEdgeRef): boolean {
  return a.block > b.block
}
