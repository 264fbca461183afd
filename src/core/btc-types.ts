/**
 * Bitcoin's UTXO data in bitcoin-etl's schema (docs/bitcoin.md): a block, its transactions, and each transaction's
 * inputs and outputs. Values are satoshi, exact. Field names follow bitcoin-etl's JSON export so that
 * `dragnet export` writes what bitcoin-etl writes and `import etl` reads what it reads.
 */

/** A UTXO chain Dragnet stores in this schema; `bitcoin` unless a test or a fork names another. */
export type UtxoChainName = string

export interface BtcBlock {
  hash: string
  size: number
  strippedSize: number
  weight: number
  number: bigint
  version: number
  merkleRoot: string
  /** Unix seconds. */
  timestamp: bigint
  /** bitcoin-etl keeps the nonce as lowercase hex without `0x`. */
  nonce: string
  bits: string
  /** The coinbase input's script, hex; null in a block without a coinbase (never on Bitcoin). */
  coinbaseParam: string | null
  transactionCount: number
  /** The previous block's hash; Bitcoin Core's `previousblockhash` (bitcoin-etl does not export it). */
  previousHash: string | null
}

export interface BtcInput {
  index: number
  spentTransactionHash: string
  spentOutputIndex: number
  scriptAsm: string
  scriptHex: string
  sequence: bigint
  requiredSignatures: number | null
  /** The spent output's script type (pubkeyhash, witness_v0_keyhash, ...), from the spent output. */
  type: string | null
  /** The spent output's addresses. */
  addresses: string[]
  /** The spent output's value in satoshi; null until the spent transaction is known. */
  value: bigint | null
  /** Segregated witness stack, hex items (Bitcoin Core's `txinwitness`); not in bitcoin-etl's export. */
  witness?: string[]
}

export interface BtcOutput {
  index: number
  scriptAsm: string
  scriptHex: string
  requiredSignatures: number | null
  type: string
  /** bitcoin-etl's addresses: the decoded address, or `nonstandard<sha256 of script>` style names for others. */
  addresses: string[]
  value: bigint
}

export interface BtcTransaction {
  hash: string
  size: number
  virtualSize: number
  version: number
  lockTime: bigint
  blockNumber: bigint
  blockHash: string
  blockTimestamp: bigint
  isCoinbase: boolean
  /** Position in the block. */
  index: number
  /** Inputs in spending order; a coinbase transaction has none (as in bitcoin-etl). */
  inputs: BtcInput[]
  outputs: BtcOutput[]
  /** Sum of input values; null while an input's value is unknown. */
  inputValue: bigint | null
  outputValue: bigint
  /** inputValue - outputValue; 0 for a coinbase; null while an input's value is unknown. */
  fee: bigint | null
}

/** An output by its transaction and index: the thing a UTXO trace taints. */
export interface Outpoint {
  txid: string
  vout: number
}

export function outpointKey(o: Outpoint): string {
  return `${o.txid}:${o.vout}`
}

/**
 * One link a clustering rule made between two addresses: the evidence a cluster is built from. Stored per chain
 * (table `btc_cluster_links`), so a result can say which rules linked what, and a rule switched off drops its links.
 */
export interface ClusterLink {
  chain: UtxoChainName
  a: string
  b: string
  /** The rule's name, e.g. `multi-input`, `change:script-type`. */
  rule: string
  /** 0..100, as labels' confidence. */
  confidence: number
  /** The transaction the rule read. */
  tx: string
}

/** An address's cluster: the smallest member address (a stable id for the same member set) names it. */
export interface ClusterAssignment {
  chain: UtxoChainName
  address: string
  cluster: string
}
