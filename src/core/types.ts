import type { Address, Hex } from './hex.ts'

/** A chain Dragnet knows by name; the name is the `chain` column in every table. */
export type ChainName = string

/** The asset a transfer moves: the chain's native coin, or a token contract. */
export type Asset = 'native' | Address

/** What kind of movement produced a transfer; a trace's swap, bridge and mixer handling keys on it. */
export type TransferKind = 'native' | 'internal' | 'erc20' | 'wrap' | 'unwrap'

/**
 * One movement of value, normalised across sources. `position` is unique within the transaction:
 * `log:<index>` for token events, `trace:<a_b_c>` for calls (`trace:` alone is the top-level call),
 * `tx` for a transaction's own value when the node gave no traces.
 */
export interface Transfer {
  chain: ChainName
  blockNumber: bigint
  blockTime: bigint
  txHash: Hex
  txIndex: number
  position: string
  kind: TransferKind
  from: Address
  to: Address
  asset: Asset
  amount: bigint
}
