/** What an address is in the Bitcoin leg of the demo heist. */
export type BtcLegRole =
  | 'thorchain-vault'
  | 'attacker-receive'
  | 'attacker-peel-hop'
  | 'attacker-premix'
  | 'attacker-postmix'
  | 'attacker-tx0-change'
  | 'whirlpool-coordinator'
  | 'mix-bystander'
  | 'bystander-postmix'
  | 'exchange-deposit'
  | 'exchange-hot-wallet'

export type BtcLegStep =
  | 'thorchain-outbound'
  | `peel-${number}`
  | 'whirlpool-tx0'
  | 'whirlpool-mix'
  | 'deposit-mixed'
  | 'exchange-sweep'

export interface BtcLegAddress {
  address: string
  role: BtcLegRole
  /** The devnet wallet's name (keys derive from it). */
  wallet: string
}

export interface BtcLegTx {
  step: BtcLegStep
  txid: string
  height: number
  /** Miner fee, satoshi. */
  fee: bigint
}

/**
 * The ground truth of the Bitcoin leg: every address's role, every transaction, and the exact satoshi that
 * reached the exchange's deposit address and that the attacker still holds. Conservation holds exactly:
 * swapSats = deposited + held + coordinatorFee + attackerFees.
 */
export interface BitcoinLegTruth {
  inboundTxHash: string
  memo: string
  swapSats: bigint
  attackerAddress: string
  addresses: BtcLegAddress[]
  txs: BtcLegTx[]
  peels: { hop: number; from: string; sats: bigint; txid: string }[]
  mix: {
    txid: string
    denomination: bigint
    /** The attacker's premix input and postmix output among the five. */
    attackerInput: string
    attackerOutput: { address: string; vout: number }
    bystanderInputs: string[]
  }
  exchange: {
    name: string
    depositAddress: string
    hotWallet: string
    /** Sum of every output paid to the deposit address: the peels and the mixed coin's deposit. */
    deposited: bigint
    depositTxids: string[]
    sweepTxid: string
    /** What the hot wallet received from the sweep (deposited minus the sweep's fee). */
    swept: bigint
  }
  /** Tainted coins still with the attacker, by address. */
  held: { address: string; role: BtcLegRole; sats: bigint }[]
  coordinatorFee: bigint
  /** Miner fees paid out of the attacker's coins (peels, Tx0, the mix, the deposit). */
  attackerFees: bigint
  firstBlock: number
  lastBlock: number
}
