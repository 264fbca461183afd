import type { CrossChainLink } from '../../bridge/cross-chain-link.ts'
import type { TraceEndpoint, TraceResult } from '../trace-types.ts'

import type { UtxoSeedOutpoint } from '../utxo/utxo-types.ts'

/** An output a crossing seeds on the other chain, with the tainted satoshi it carries. */
export type OutpointSeed = UtxoSeedOutpoint

/** One tainted deposit into a bridge and where its taint went on the other side. */
export interface Crossing {
  link: CrossChainLink
  /** Tainted value the deposit put into the bridge, in the inbound chain's base units (wei). */
  taintedIn: bigint
  /**
   * Tainted value the outbound carried, in its chain's base units: per output floor(output * taintedIn /
   * inboundAmount), summed; null while the outbound is not in the data.
   */
  taintedOut: bigint | null
  /** The outbound as traced on, or null when it is not ingested (the trace stops at the bridge). */
  outbound: { chain: string; tx: string; seeds: OutpointSeed[] } | null
  /** The index in `legs` of the trace that continues from the outbound; null when none does. */
  leg: number | null
}

/** Where a bridge endpoint's deposits asked to be paid, from their memos. */
export interface EndpointDestination {
  protocol: string
  chain: string
  address: string
  /** The deposit transaction. */
  tx: string
}

/** A bridge endpoint of the first leg, with the destinations its deposits named. */
export type CrossChainEndpoint = TraceEndpoint & {
  destination?: EndpointDestination
  destinations?: EndpointDestination[]
}

/** A trace that crossed chains: the legs in order (the seed chain's first) and every crossing between them. */
export interface CrossChainResult {
  format: 'dragnet.crosschain/1'
  legs: TraceResult[]
  crossings: Crossing[]
  /** Bridge endpoints whose deposits could not be read or linked, and why. */
  notes: string[]
}
