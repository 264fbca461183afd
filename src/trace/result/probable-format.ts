import type { ProbableLayer, ProbableLink, TraceResult } from '../trace-types.ts'

/** The result's assets with the layer's: an asset reached only past a mixer still prints in its units. */
export function layerAssets(r: TraceResult, p: ProbableLayer): Pick<TraceResult, 'assets'> {
  return { assets: { ...p.assets, ...r.assets } }
}

/** A link's rules and confidence in a few words: `gas-price, confidence 0.80`. */
export function linkBasis(l: Pick<ProbableLink, 'rules' | 'confidence'>): string {
  return `${l.rules.map((x) => x.rule).join(' + ')}, confidence ${l.confidence.toFixed(2)}`
}
