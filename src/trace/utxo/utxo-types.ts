import type { ClusterAssignment, Outpoint } from '../../core/btc-types.ts'
import type { EndpointLabel, EndpointLabels } from '../../labels/endpoint-labels.ts'
import type { ReportOptions, TaintModel, TraceLimits } from '../trace-types.ts'

/** An output seeded with part of its value: a cross-chain payout (a THORChain outbound) carrying a swap's taint. */
export interface UtxoSeedOutpoint extends Outpoint {
  /** Satoshi of the output that are tainted; more than the output's value counts as its whole value. */
  tainted: bigint
}

/** A forward UTXO taint trace over transactions given in (block, index) order. */
export interface UtxoTraceRequest {
  /** The UTXO chain's name (`bitcoin`), carried into the result. */
  chain: string
  model: TaintModel
  /** Addresses whose received outputs in the window are tainted in full (exact spelling: base58 is case-sensitive). */
  seedAddresses: readonly string[]
  /** Transactions (lowercase hex txids) whose outputs are tainted in full. */
  seedTxs: readonly string[]
  /** Outputs seeded with an exact tainted amount; txids in any case (THORChain writes upper-case). */
  seedOutpoints?: readonly UtxoSeedOutpoint[]
  limits: TraceLimits
  seedNotes?: Readonly<Record<string, string>>
  report?: Partial<ReportOptions>
  /** Address -> cluster id (clusterAddresses' assignments): endpoints carry `cluster`, the result lists clusters. */
  clusters?: ReadonlyMap<string, string> | readonly ClusterAssignment[]
  /**
   * With `clusters`: an unlabelled address takes the labels of its cluster (an exchange's cluster is the
   * exchange), so the trace stops at addresses clustering tied to a labelled service.
   */
  labelsFromClusters?: boolean
}

/** Labels by address: the trace's label interface, or a plain map from address to labels. */
export type UtxoLabels = EndpointLabels | ReadonlyMap<string, readonly EndpointLabel[]>

/** The labels of one address from either form. */
export function labelsOf(labels: UtxoLabels, address: string): readonly EndpointLabel[] {
  if (labels instanceof Map) return (labels as ReadonlyMap<string, readonly EndpointLabel[]>).get(address) ?? []
  return (labels as EndpointLabels).get(address)
}
