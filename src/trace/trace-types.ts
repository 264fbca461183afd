import type { MixerLink, MixerRule } from '../mixer/mixer-types.ts'
import type { EdgeDirection } from '../store/edges/edge-source.ts'

/** How taint is attributed when an address mixes tainted and clean value (docs/decisions/0003-taint-semantics.md). */
export type TaintModel = 'poison' | 'haircut' | 'fifo'
export const TAINT_MODELS: readonly TaintModel[] = ['poison', 'haircut', 'fifo']

/** Forward follows where value went; backward follows where it came from (the same models on the time-reversed graph). */
export type TraceDirection = EdgeDirection

/** Where a share of the traced value ended; the totals of a result are kept per category and asset. */
export type EndpointCategory = 'exchange' | 'bridge' | 'mixer' | 'dex' | 'held' | 'dark' | 'unfollowed'

/** Why the trace did not follow an address further. */
export type StopReason =
  | 'endpoint'
  | 'deposit-address'
  | 'hop-limit'
  | 'max-addresses'
  | 'dust'
  | 'no-outgoing'
  | 'dark'

export interface TraceLimits {
  /** Transfers followed from a seed at most; addresses reached at this depth are not expanded. */
  hops: number
  /** Transfers below this amount (base units of their asset) are not followed. */
  minAmount: bigint
  /** The asset ('native' or a token address) `minAmount` applies to; every asset when absent. */
  minAsset?: string
  /** Addresses whose outgoing transfers are followed, at most. */
  maxAddresses: number
  /** Inclusive block window; transfers outside it are not read. */
  fromBlock?: bigint
  toBlock?: bigint
  /** Inclusive unix-seconds window on block_time. */
  fromTime?: bigint
  toTime?: bigint
}

export const DEFAULT_LIMITS: TraceLimits = { hops: 10, minAmount: 0n, maxAddresses: 100_000 }

export interface TraceRequest {
  chain: string
  /** Lowercase 20-byte addresses whose received value (sent value, backward) is the seeded taint. */
  seedAddresses: readonly string[]
  /** Lowercase 32-byte transaction hashes whose transfers are the seeded taint. */
  seedTxs: readonly string[]
  model: TaintModel
  direction: TraceDirection
  limits: TraceLimits
  /** Seed only this asset ('native' or a token address); conversions at DEXes still follow other assets. */
  asset?: string
  /** Forward: seed every address seed by what it sent in the window, not by what it received. */
  seedOutflows?: boolean
  /** A note per seed (address or transaction hash, lowercase), from a seeds file; carried into the result. */
  seedNotes?: Readonly<Record<string, string>>
  /**
   * Seed transactions tainted only in part (a mixer note's tainted share, past the pool): of their transfers only
   * those sent by `from` are seeded, each with floor(amount × tainted / of) of taint. Poison seeds them whole.
   */
  seedShare?: SeedShare
  /** Rebuild the trace index even if it looks current. */
  reindex?: boolean
  /** How much of a large trace the result lists (totals always cover everything). */
  report?: Partial<ReportOptions>
}

/** A partial seed: the transfers `from` sent in the seed transactions, tainted in the ratio tainted / of. */
export interface SeedShare {
  from: string
  tainted: bigint
  of: bigint
}

/**
 * What seeded a seed: an address's receipts in the window, its outflows in the window (it received nothing, or
 * `--seed-outflows`), a transaction's transfers, or nothing (unknown, or nothing in the window).
 */
export type SeedRule = 'receipts' | 'outflows' | 'transaction' | 'none'

/** One seed of a result, with the rule that seeded it and its note. */
export interface TraceSeed {
  seed: string
  rule: SeedRule
  note: string | null
}

export interface ReportOptions {
  /** Endpoints listed, in category order then by amount; freezable ones first. */
  maxEndpoints: number
  /** Tainted transfers listed beyond those on the listed endpoints' paths, heaviest first. */
  maxEdges: number
  /** An address whose every tainted arrival, with its path, the result must list (for --explain). */
  explain?: string
  /**
   * The freeze list and the listed endpoints leave out shares below these amounts (base units), keyed by asset
   * ('native' or a token address); `*` applies to every asset not named. Totals still count them; `leftOut` says
   * how much was left out.
   */
  minFreeze: Record<string, bigint>
  /**
   * For an asset with known decimals and no entry in `minFreeze`: the minimum as a decimal fraction of one whole
   * unit (e.g. "0.000001"); null for none.
   */
  minFreezeUnits: string | null
  /** Endpoints of these categories list `arrivals`: the taint of each transaction that reached them. */
  arrivalsOf?: readonly EndpointCategory[]
}

export const DEFAULT_REPORT: ReportOptions = { maxEndpoints: 1000, maxEdges: 5000, minFreeze: {}, minFreezeUnits: null }

/** The policy default of `dragnet trace` and the API: shares below a millionth of a whole unit are dust. */
export const DEFAULT_MIN_FREEZE_UNITS = '0.000001'

/** Someone who can freeze a share of the taint where it sits. */
export interface Freezer {
  /** The exchange holding the account, or the token's issuer (who can freeze any holder's balance). */
  kind: 'exchange' | 'issuer'
  /** The exchange's or the issuer's name from labels. */
  name: string
}

/** A place where tainted value could have been frozen: when it arrived, and when the last of it left. */
export interface FreezeWindow {
  address: string
  asset: string
  freezableBy: Freezer[]
  /** Taint that arrived here. */
  received: bigint
  /** Of it, what moved on. */
  left: bigint
  /** Still here at the end of the data. */
  remaining: bigint
  arrived: { tx: string; block: bigint; time: bigint | null }
  /** The transfer that took the last of it away; null while some is still here. */
  departed: { tx: string; block: bigint; time: bigint | null } | null
  /** Seconds from arrival to departure: how long it could have been frozen here; null while it is still here. */
  seconds: number | null
}

/** Per asset: value that entered freezable places from elsewhere = what left them for elsewhere + what remains. */
export interface FreezeWindowTotals {
  reached: bigint
  left: bigint
  remaining: bigint
}

/** Per-asset totals; every amount is exact and, in JSON, a decimal string. */
export interface AssetTotals {
  /** Seeded taint: what the seeds received (forward) or sent (backward), or what the seed transactions moved. */
  stolen: bigint
  /** Taint created in this asset by a DEX swap or a wrap/unwrap of a tainted input. */
  swappedIn: bigint
  /** Everything whose final place is known: held + exchange + bridge + mixer + dex + dark. */
  traced: bigint
  held: bigint
  exchange: bigint
  /** The part of `held` in tokens whose issuer can freeze balances. */
  issuerFreezable: bigint
  bridge: bigint
  mixer: bigint
  dex: bigint
  dark: bigint
  /** Taint at addresses the trace stopped at because of a limit (hops, dust, max addresses). */
  unfollowed: bigint
}

export interface TraceEdgeRef {
  from: string
  to: string
  asset: string
  amount: bigint
  tainted: bigint
  tx: string
  block: bigint
  time: bigint | null
  position: string
  /**
   * The fewest transfers from a seed over which taint reached this transfer (0 for an address seed's receipts,
   * 1 for a seed transaction's transfers; transfers between converters inside one transaction count none).
   */
  hop: number
}

export interface TraceEndpoint {
  address: string
  category: EndpointCategory
  /** The service's name from labels (the exchange for a deposit address). */
  name: string | null
  /** True for an unlabelled address that forwards to an exchange's labelled wallet. */
  depositAddress: boolean
  asset: string
  amount: bigint
  /** The first transfer that brought taint here. */
  firstArrival: { tx: string; block: bigint; time: bigint | null } | null
  /** Every transaction that brought taint here. */
  txs: string[]
  /** Everyone who can freeze it (the exchange, the token's issuer, or both); empty when nobody can. */
  freezableBy: Freezer[]
  /** The fewest transfers over which taint in this asset reached the address; its path has at most this many. */
  hop: number
  /** The heaviest tainted path from a seed to here, first transfer first. */
  path: TraceEdgeRef[]
  /** UTXO traces given address clusters: the address's cluster (its smallest member address), null for none. */
  cluster?: string | null
  /**
   * Only when the request names the endpoint's category in `report.arrivalsOf`: per transaction that brought taint
   * here (every one, in time order), the taint it brought. `txs` and the listed edges stop at 100 arrivals.
   */
  arrivals?: { tx: string; tainted: bigint }[]
}

/** The endpoints of one address cluster (UTXO traces given clusters): one owner's addresses, taken together. */
export interface TraceCluster {
  /** The cluster's id: its smallest member address. */
  cluster: string
  /** The service the cluster's labels name (an exchange's cluster is the exchange), or null. */
  name: string | null
  /** The cluster's endpoint addresses in the result. */
  addresses: string[]
  /** Taint that ended in the cluster, in total and per endpoint category. */
  amount: bigint
  categories: Partial<Record<EndpointCategory, bigint>>
}

export interface TraceNode {
  address: string
  /** The label that decides the address's role in the trace (docs/trace-format.md), or null. */
  label: { category: string; name: string } | null
  /** Every label of the address. */
  labels: { category: string; name: string }[]
  category: EndpointCategory | null
  /** The fewest transfers over which taint reached the address (its listed path has at most as many); -1 never. */
  hop: number
  expanded: boolean
  stop: StopReason | null
  /** Taint received, per asset. */
  received: Record<string, bigint>
  /** Taint that ended here (held, or at the endpoint), per asset. */
  final: Record<string, bigint>
}

export interface TraceStop {
  address: string
  reason: StopReason
  hop: number
}

export interface TraceResult {
  format: 'dragnet.trace/1'
  chain: string
  direction: TraceDirection
  model: TaintModel
  /** The seeds as given, and per seed the rule that seeded it. */
  seeds: { addresses: string[]; txs: string[]; rules: TraceSeed[] }
  limits: TraceLimits
  asset: string | null
  /** Set when nothing could be traced: why (unknown seed, no transfers in the window, ...). */
  empty: string | null
  assets: Record<string, { symbol: string | null; decimals: number | null; issuerFreezable: boolean }>
  totals: Record<string, AssetTotals>
  /**
   * UTXO traces, per asset: taint paid as transaction fees (to miners; not followed). There stolen = traced +
   * unfollowed + fees exactly under haircut and FIFO. Absent on account chains, whose fees are not traced value.
   */
  fees?: Record<string, bigint>
  endpoints: TraceEndpoint[]
  nodes: TraceNode[]
  edges: TraceEdgeRef[]
  stops: TraceStop[]
  /** Stops per reason over the whole trace (the stops list covers only the listed nodes). */
  stopCounts: Record<string, number>
  /** What the result lists against what the trace found. */
  listed: {
    endpoints: number
    endpointsTotal: number
    edges: number
    edgesTotal: number
    nodes: number
    nodesTotal: number
  }
  /** Per asset: endpoint shares below the report's minimum, left out of the lists (totals include them). */
  leftOut: Record<string, { endpoints: number; amount: bigint; minimum: bigint }>
  /** Every place where tainted value could have been frozen, and how long it sat there (forward traces). */
  freezeWindows: FreezeWindow[]
  /** Per asset: what reached freezable places, what left them for places nobody can freeze, what is still in them. */
  freezeTotals: Record<string, FreezeWindowTotals>
  /** UTXO traces given address clusters: the endpoints grouped by cluster, heaviest first. */
  clusters?: TraceCluster[]
  /** With --through-mixers: where the funds probably went past mixer pools. Never part of `totals`. */
  probable?: ProbableLayer
  stats: {
    addressesReached: number
    addressesExpanded: number
    edgesLoaded: number
    queries: number
    ms: number
    /** Milliseconds per phase: index, seeds, expand, balances, scan, result. */
    phases: Record<string, number>
  }
}

/** Zeroed totals for one asset. */
export function emptyTotals(): AssetTotals {
  return {
    stolen: 0n,
    swappedIn: 0n,
    traced: 0n,
    held: 0n,
    exchange: 0n,
    issuerFreezable: 0n,
    bridge: 0n,
    mixer: 0n,
    dex: 0n,
    dark: 0n,
    unfollowed: 0n,
  }
}

/** A tainted deposit the exact trace left in a recognised mixer pool. */
export interface ProbableDeposit {
  pool: string
  /** The pool's name from labels (e.g. "Tornado.Cash: 100 ETH"), or null. */
  poolName: string | null
  tx: string
  logIndex: number
  block: bigint
  time: bigint
  /** Who sent the deposit transaction. */
  depositor: string
  /** The exact trace's mixer endpoint the taint reached: the pool, or a proxy contract in front of it. */
  endpoint: string
  asset: string
  denomination: bigint
  /** Taint the exact trace put into this note (at most the denomination). */
  tainted: bigint
  /** Ids of the links (at the minimum confidence) that lead out of it; empty when none does. */
  links: string[]
}

/** A link the probable layer followed: the mixer link, and the taint it carried into the withdrawal. */
export interface ProbableLink extends MixerLink {
  poolName: string | null
  asset: string
  denomination: bigint
  /** The deposit's taint (at most the pool's denomination). */
  tainted: bigint
  /**
   * What was seeded past the pool: per transfer the pool paid in the withdrawal (recipient and relayer fee),
   * floor(amount × tainted / denomination); under poison the whole withdrawal.
   */
  seeded: bigint
  /** Hops the trace past the withdrawal could take: the exact trace's hops left at the mixer, at least 1. */
  hops: number
  /** Why nothing could be traced past the withdrawal (e.g. outside the block window), or null. */
  empty: string | null
}

/** A tainted transfer past a mixer, on the trace of one link (hop 1: a transfer the withdrawal paid). */
export interface ProbableEdge extends TraceEdgeRef {
  link: string
}

/** An endpoint reached only past a mixer, along one link: its amount is probable, never exact. */
export interface ProbableEndpoint extends TraceEndpoint {
  /** The link this endpoint rests on, its confidence, and the rules behind it. */
  link: string
  confidence: number
  rules: MixerRule[]
}

/**
 * Past mixers, the probable continuation (docs/trace-format.md, "Past mixers"): the tainted deposits, the links
 * followed (each with its rules, evidence, confidence and anonymity set), the endpoints beyond them and their own
 * totals. Nothing here is added to the exact result's totals, endpoints or freeze list.
 */
export interface ProbableLayer {
  minConfidence: number
  /** The rules that voted (the others were switched off). */
  rules: MixerRule[]
  deposits: ProbableDeposit[]
  links: ProbableLink[]
  /** Endpoints past the links, in the order of `links`, each link's in the exact result's order. */
  endpoints: ProbableEndpoint[]
  /** Tainted transfers past the links, per link in time order. */
  edges: ProbableEdge[]
  /** Assets the layer names that the exact result may not (swapped past a mixer). */
  assets: TraceResult['assets']
  /** Per asset, the probable layer's own totals (stolen = what the followed links seeded). */
  totals: Record<string, AssetTotals>
  /** Per asset: tainted value in pools that no link at the minimum confidence leads out of. */
  unlinked: Record<string, bigint>
  /** Per asset: taint at mixer endpoints in transactions with no pool deposit Dragnet can read. */
  unmatched: Record<string, bigint>
  /** Set when more links qualified than were followed (maxLinks): how many, and what the others would seed. */
  capped: { maxLinks: number; links: number; notFollowed: Record<string, bigint> } | null
}
