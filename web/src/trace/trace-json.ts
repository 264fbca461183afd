/**
 * The trace result (format dragnet.trace/1, docs/trace-format.md) as the API sends it: every amount and block a
 * decimal string, times unix seconds as decimal strings.
 */
export type EndpointCategory = 'exchange' | 'bridge' | 'mixer' | 'dex' | 'held' | 'dark' | 'unfollowed'
export type TaintModel = 'poison' | 'haircut' | 'fifo'
export const TAINT_MODELS: readonly TaintModel[] = ['poison', 'haircut', 'fifo']

export interface Freezer {
  kind: 'exchange' | 'issuer'
  name: string
}

export interface TraceEdgeJson {
  from: string
  to: string
  asset: string
  amount: string
  tainted: string
  tx: string
  block: string
  time: string | null
  position: string
  hop: number
}

export interface TraceEndpointJson {
  address: string
  category: EndpointCategory
  name: string | null
  depositAddress: boolean
  asset: string
  amount: string
  firstArrival: { tx: string; block: string; time: string | null } | null
  txs: string[]
  freezableBy: Freezer[]
  hop: number
  path: TraceEdgeJson[]
}

export interface TraceNodeJson {
  address: string
  label: { category: string; name: string } | null
  labels: { category: string; name: string }[]
  category: EndpointCategory | null
  hop: number
  expanded: boolean
  stop: string | null
  received: Record<string, string>
  final: Record<string, string>
}

export interface FreezeWindowJson {
  address: string
  asset: string
  freezableBy: Freezer[]
  received: string
  left: string
  remaining: string
  arrived: { tx: string; block: string; time: string | null }
  departed: { tx: string; block: string; time: string | null } | null
  seconds: number | null
}

export interface AssetMeta {
  symbol: string | null
  decimals: number | null
  issuerFreezable: boolean
}

export interface TraceJson {
  format: 'dragnet.trace/1'
  chain: string
  direction: 'forward' | 'backward'
  model: TaintModel
  seeds: { addresses: string[]; txs: string[] }
  empty: string | null
  assets: Record<string, AssetMeta>
  totals: Record<string, Record<string, string>>
  endpoints: TraceEndpointJson[]
  nodes: TraceNodeJson[]
  edges: TraceEdgeJson[]
  listed: {
    endpoints: number
    endpointsTotal: number
    edges: number
    edgesTotal: number
    nodes: number
    nodesTotal: number
  }
  freezeWindows: FreezeWindowJson[]
  /** Past mixer pools, where the funds probably went (traces run with throughMixers); never in `totals`. */
  probable?: ProbableLayerJson
}

export type MixerRule = 'address-match' | 'gas-price' | 'linked-addresses' | 'multi-denomination' | 'timing'

/** One rule's vote for a link: its confidence and the sentence an investigator can check against the chain. */
export interface RuleEvidenceJson {
  rule: MixerRule
  confidence: number
  evidence: string
  facts: Record<string, string>
}

/** A probable deposit → withdrawal link through one pool, with the taint it carried. */
export interface ProbableLinkJson {
  id: string
  pool: string
  /** The pool's name from labels, or null (absent from results written before it was named). */
  poolName?: string | null
  asset: string
  /** The deposit's taint (at most the pool's denomination). */
  tainted?: string
  /** What was seeded past the pool from the withdrawal's transfers. */
  seeded: string
  /** Why nothing could be traced past the withdrawal, or null. */
  empty?: string | null
  deposit: { pool: string; tx: string; logIndex: number; block: string; time: string; depositor: string }
  withdrawal: {
    pool: string
    tx: string
    logIndex: number
    block: string
    time: string
    recipient: string
    relayer: string | null
    fee: string
    sender: string
  }
  rules: RuleEvidenceJson[]
  confidence: number
  anonymitySet: { before: number; after: number }
}

/** An endpoint reached only past a mixer, along one link: its amount is probable, never exact. */
export interface ProbableEndpointJson extends TraceEndpointJson {
  link: string
  confidence: number
  rules: MixerRule[]
}

export interface ProbableLayerJson {
  minConfidence: number
  rules: MixerRule[]
  deposits: {
    pool: string
    tx: string
    logIndex: number
    /** The exact trace's mixer endpoint the taint reached: the pool, or a contract in front of it. */
    endpoint?: string
    asset: string
    denomination: string
    tainted: string
    links: string[]
  }[]
  links: ProbableLinkJson[]
  endpoints: ProbableEndpointJson[]
  /** Tainted transfers past the links, each naming its link. */
  edges?: (TraceEdgeJson & { link: string })[]
  /** Assets the layer names that the exact result may not. */
  assets?: Record<string, AssetMeta>
  totals: Record<string, Record<string, string>>
  unlinked: Record<string, string>
  /** Set when more links qualified than were followed. */
  capped?: { maxLinks: number; links: number; notFollowed: Record<string, string> } | null
}

/** A trace job as GET /v1/incidents/:id/traces lists it. */
export interface TraceJobJson {
  id: string
  incidentId: string
  tlp: string
  status: 'queued' | 'running' | 'done' | 'failed'
  phase: string
  progress: number
  request: {
    model: TaintModel
    direction: 'forward' | 'backward'
    seedAddresses: string[]
    seedTxs: string[]
    limits: { hops: number }
    /** Absent on jobs stored before the probable layer existed. */
    throughMixers?: boolean
    minConfidence?: number
  }
  summary: {
    endpoints?: number
    freezable?: number
    probable?: { minConfidence: number; links: number; endpoints: number; freezable: number } | null
  } | null
  error: { code: string; message: string } | null
  createdAt: string
  finishedAt: string | null
}

/** The asset's display metadata: the native asset is ETH with 18 decimals when the result names no symbol. */
export function assetMeta(
  assets: Record<string, AssetMeta>,
  asset: string,
): { symbol: string | null; decimals: number | null } {
  const m = assets[asset]
  if (asset === 'native') return { symbol: m?.symbol ?? 'ETH', decimals: m?.decimals ?? 18 }
  return { symbol: m?.symbol ?? null, decimals: m?.decimals ?? null }
}
