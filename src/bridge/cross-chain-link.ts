/**
 * One crossing of value between chains through a bridge or a cross-chain swap protocol: the inbound deposit on
 * one chain, what its memo asked for, and the outbound payment on the other chain when it is known. Amounts are
 * exact base units of their chain (wei, satoshi).
 */
export interface CrossChainLink {
  /** The protocol's name, e.g. `thorchain`. */
  protocol: string
  /** The chain the deposit was made on (the store's chain name). */
  fromChain: string
  /** The deposit's transaction hash, in the inbound chain's form (0x-prefixed lowercase for EVM chains). */
  inboundTx: string
  /** 'native' or a token address (lowercase), as in traces. */
  inboundAsset: string
  /** The deposited amount in the inbound chain's base units. */
  inboundAmount: bigint
  /** Who made the deposit, when known (the transaction's sender, or Midgard's in address). */
  sender: string | null
  memo: string
  /** The chain the outbound is paid on: the memo's target chain for a swap, the inbound chain for a refund. */
  toChain: string
  /** Where the memo said to pay (a swap), or the refund's recipient. */
  destination: string
  /** The outbound transaction (txid in the outbound chain's form), or null while it is not known. */
  outboundTx: string | null
  /** The outbound's outputs paid to the recipient (UTXO chains), exact satoshi; empty on an account chain. */
  outboundOutputs: OutboundOutput[]
  /** What the outbound paid the recipient in total (base units of the outbound chain), or null while unknown. */
  outboundAmount: bigint | null
  kind: 'swap' | 'refund'
  /** Where the link was read from: the chains' own data, or an indexer's export (THORChain's Midgard). */
  source: 'chain' | 'midgard'
}

/** One output of an outbound: an outpoint, its value and address. */
export interface OutboundOutput {
  txid: string
  /** The output's index; null when only an indexer's record is known, not the transaction. */
  vout: number | null
  address: string
  value: bigint
}
