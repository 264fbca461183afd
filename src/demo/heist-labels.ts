import type { HeistManifest, LabelCategory as WorldCategory } from '../devnet/world/manifest.ts'
import type { LabelStore } from '../labels/label-store.ts'
import type { Label, LabelCategory } from '../labels/label-types.ts'

/**
 * The registry category each labelled actor of the demo world gets: its services, and the attacker as `hack`
 * (what a registry holds once a theft is known; it changes nothing in a trace, and lets screening find exposure
 * to the theft). The exchange's deposit addresses are unlabelled: the trace must recognise them by their sweeps
 * to the hot wallet, as it must on a real chain. The victim is not a label.
 */
const CATEGORY: Record<WorldCategory, LabelCategory | null> = {
  exchange: 'exchange',
  'hot-wallet': 'hot-wallet',
  issuer: 'issuer',
  stablecoin: 'issuer-freezable',
  bridge: 'bridge',
  mixer: 'mixer',
  dex: 'dex',
  'wrapped-native': 'defi',
  victim: null,
  attacker: 'hack',
}

export const DEMO_LABEL_SOURCE = 'demo-world'

/**
 * What an investigator's label registry would hold about the demo world: its services (the exchange's hot wallet,
 * the bridge, the mixer, the DEX pair and router, WETH, the freezable stablecoin and its issuer) and the attacker.
 */
export function heistLabels(manifest: Pick<HeistManifest, 'entities'>, chain: string): Label[] {
  const labels: Label[] = []
  for (const e of manifest.entities) {
    if (!e.label) continue
    const category = CATEGORY[e.label.category]
    if (!category) continue
    labels.push({
      chain,
      address: e.address,
      category,
      // A mixer pool keeps its own name, which states its denomination, as registries name Tornado's pools
      // ("Tornado.Cash: 10 ETH"); every other label is named after its organisation.
      name: e.label.category === 'mixer' ? e.label.name : e.label.entity,
      source: DEMO_LABEL_SOURCE,
      sourceDate: null,
      confidence: 100,
      programmes: [],
      asset: null,
      notes: e.role,
    })
  }
  return labels
}

/** Replaces the demo world's labels in the registry; other sources (the default pack) stay as they are. */
export async function labelHeistWorld(
  labels: LabelStore,
  manifest: Pick<HeistManifest, 'entities' | 'genesisTime'>,
  chain: string,
): Promise<number> {
  const list = heistLabels(manifest, chain)
  const date = new Date(Number(manifest.genesisTime) * 1000).toISOString().slice(0, 10)
  await labels.replaceSource(
    { source: DEMO_LABEL_SOURCE, format: 'demo', sourceDate: date, origin: 'demo world manifest' },
    list,
    date,
  )
  return list.length
}
