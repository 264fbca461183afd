/** A node to place: its layer (hop from the seeds) and a stable tiebreak. */
export interface LayoutNode {
  id: string
  layer: number
  rank: string
}

/**
 * Left to right by layer; within a layer, nodes ordered by the barycentre of their neighbours in the layer before
 * (one sweep forward, one back), which removes most crossings at O(edges) per sweep. Returns x, y per node, with
 * the layers spread so the drawing is wider than tall when it can be.
 */
export function layeredLayout(
  nodes: readonly LayoutNode[],
  edges: readonly (readonly [string, string])[],
): Map<string, { x: number; y: number }> {
  const layers: string[][] = []
  const layerOf = new Map<string, number>()
  for (const n of [...nodes].sort((a, b) => a.rank.localeCompare(b.rank))) {
    const layer = layers[n.layer] ?? []
    layers[n.layer] = layer
    layer.push(n.id)
    layerOf.set(n.id, n.layer)
  }
  const preds = new Map<string, string[]>()
  const succs = new Map<string, string[]>()
  for (const [a, b] of edges) {
    const la = layerOf.get(a)
    const lb = layerOf.get(b)
    if (la === undefined || lb === undefined || la === lb) continue
    const [lo, hi] = la < lb ? [a, b] : [b, a]
    ;(preds.get(hi) ?? preds.set(hi, []).get(hi))?.push(lo)
    ;(succs.get(lo) ?? succs.set(lo, []).get(lo))?.push(hi)
  }
  const pos = new Map<string, number>()
  const place = (layer: string[]) => {
    for (let i = 0; i < layer.length; i++) pos.set(layer[i] as string, i - (layer.length - 1) / 2)
  }
  for (const layer of layers) if (layer) place(layer)
  const sweep = (order: number[], neighbours: Map<string, string[]>) => {
    for (const li of order) {
      const layer = layers[li]
      if (!layer) continue
      const key = new Map<string, number>()
      for (const id of layer) {
        const ns = neighbours.get(id)
        key.set(id, ns?.length ? ns.reduce((s, n) => s + (pos.get(n) ?? 0), 0) / ns.length : (pos.get(id) ?? 0))
      }
      layer.sort((a, b) => (key.get(a) ?? 0) - (key.get(b) ?? 0))
      place(layer)
    }
  }
  const idx = layers.map((_, i) => i)
  sweep(idx.slice(1), preds)
  sweep(idx.slice(0, -1).reverse(), succs)
  const tallest = Math.max(1, ...layers.map((l) => l?.length ?? 0))
  const gap = Math.max(1, (tallest * 1.6) / Math.max(1, layers.length))
  const out = new Map<string, { x: number; y: number }>()
  for (const [id, l] of layerOf) out.set(id, { x: l * gap, y: -(pos.get(id) ?? 0) })
  return out
}
