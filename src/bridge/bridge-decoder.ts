import type { BtcTransaction } from '../core/btc-types.ts'
import type { Row } from '../store/store.ts'
import type { CrossChainLink } from './cross-chain-link.ts'

/**
 * A deposit into a bridge read from an inbound chain's logs: the event a bridge emits when value enters it,
 * with the memo or payload that says where the value is to go.
 */
export interface BridgeDeposit {
  protocol: string
  chain: string
  tx: string
  logIndex: number
  block: bigint
  /** The contract that emitted the event (the router). */
  contract: string
  /** 'native' or a token address (lowercase). */
  asset: string
  amount: bigint
  /** The destination instructions as the bridge publishes them (THORChain's memo). */
  memo: string
  /** The transaction's sender, when the transactions table was read. */
  sender: string | null
}

/** What a decoder can match deposits against: outbound payments on other chains, and outbound events on the same chain. */
export interface OutboundData {
  /** Bitcoin (or another UTXO chain's) transactions, by the store chain name they were read from. */
  utxo: ReadonlyMap<string, readonly BtcTransaction[]>
  /** Log rows of the inbound chain (refunds and outbounds paid back on it). */
  evmLogs: readonly Row[]
}

/**
 * A bridge whose deposits carry a destination in an event or memo. A new bridge plugs into the cross-chain
 * trace by implementing this: its deposit topics (so the logs read are few), a pure decoder for one log row,
 * and a linker that pairs deposits with the outbound payments found on the other chains.
 * @example
 * const deposits = rows.flatMap((r) => decoder.decodeLog(r, 'ethereum') ?? [])
 * const links = decoder.link(deposits, { utxo: new Map([['bitcoin', btcTxs]]), evmLogs: rows })
 */
export interface BridgeDecoder<D extends BridgeDeposit = BridgeDeposit> {
  readonly protocol: string
  /** The display name that labels give the bridge's contracts (e.g. `THORChain`), matched case-insensitively. */
  readonly labelName: string
  /** topic0 of the deposit events, lowercase 0x hex. */
  readonly depositTopics: readonly string[]
  /** Contract addresses known to be this bridge's (lowercase), besides those labels name. */
  readonly knownContracts: ReadonlySet<string>
  /** The deposit in one stored log row, or null when the row is not one of this bridge's deposits. */
  decodeLog(row: Row, chain: string): D | null
  /** Every deposit's link; a deposit whose outbound is not in `outbound` gets `outboundTx: null`. */
  link(deposits: readonly D[], outbound: OutboundData): CrossChainLink[]
}
