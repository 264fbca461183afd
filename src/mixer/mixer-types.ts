/**
 * Fixed-denomination mixer pools (Tornado Cash and pools of its shape), their deposits and withdrawals, and the
 * probable links between them (docs/mixers.md, docs/decisions/0028-mixer-links.md). A link is a guess with its
 * evidence and confidence: it never enters an exact figure.
 */

/** A pool: one contract that takes deposits of exactly `denomination` of `asset` and pays them back out. */
export interface MixerPool {
  chain: string
  /** The pool contract (lowercase); the Deposit and Withdrawal events are its logs. */
  address: string
  /** 'native' or the token's address (lowercase). */
  asset: string
  /** Base units of `asset` one note holds. */
  denomination: bigint
  /** From labels (e.g. "Tornado.Cash: 10 ETH"), or null. */
  name: string | null
  /** How the pool was recognised: a label naming its denomination, its events, or both agreeing. */
  recognisedBy: 'label' | 'events' | 'label+events'
}

/** How a transaction priced its gas: the fingerprint the gas-price rule compares. */
export interface GasFingerprint {
  /** EIP-2718 type: 0 legacy, 1 access list, 2 EIP-1559, ...; null when the store has none. */
  type: number | null
  /** The legacy gas price (type 0 and 1); null otherwise. */
  gasPrice: bigint | null
  /** EIP-1559 fee cap and tip (type 2 and later); null otherwise. */
  maxFeePerGas: bigint | null
  maxPriorityFeePerGas: bigint | null
}

/** Tornado's `Deposit(bytes32 indexed commitment, uint32 leafIndex, uint256 timestamp)`, with its transaction. */
export interface PoolDeposit {
  pool: string
  tx: string
  logIndex: number
  block: bigint
  /** Block time, unix seconds. */
  time: bigint
  /** The transaction's sender: who paid the note in (Tornado deposits are sent by the depositor). */
  depositor: string
  commitment: string
  leafIndex: number
  gas: GasFingerprint
}

/** Tornado's `Withdrawal(address to, bytes32 nullifierHash, address indexed relayer, uint256 fee)`, with its transaction. */
export interface PoolWithdrawal {
  pool: string
  tx: string
  logIndex: number
  block: bigint
  time: bigint
  /** Who is paid the note (`to`): not the relayer, which only sends the transaction and keeps `fee`. */
  recipient: string
  /** The relayer named in the event; null for the zero address (the recipient sent it). */
  relayer: string | null
  /** Paid to the relayer out of the note; the recipient gets denomination - fee. */
  fee: bigint
  /** The transaction's sender (the relayer, or whoever withdrew directly). */
  sender: string
  nullifierHash: string
  gas: GasFingerprint
}

/** The named heuristics (docs/mixers.md states each and how it fails). */
export type MixerRule = 'address-match' | 'gas-price' | 'linked-addresses' | 'multi-denomination' | 'timing'
export const MIXER_RULES: readonly MixerRule[] = [
  'address-match',
  'gas-price',
  'linked-addresses',
  'multi-denomination',
  'timing',
]

/** One rule's vote for a link: its confidence and the facts it rests on, in words and as values. */
export interface RuleEvidence {
  rule: MixerRule
  /** The rule's confidence in (0, 1), before the anonymity set is taken into account. */
  confidence: number
  /** One sentence an investigator can check against the chain. */
  evidence: string
  /** The values the sentence names (addresses, fee cap, seconds, denominations), as strings. */
  facts: Record<string, string>
}

/** How many deposits a withdrawal could have come from. */
export interface AnonymitySet {
  /** Deposits into the pool before the withdrawal. */
  before: number
  /** Of them, those no rule links (at the minimum confidence) to another withdrawal. */
  after: number
}

/** A probable deposit → withdrawal link through one pool. */
export interface MixerLink {
  /** Stable: `<deposit tx>:<log index>><withdrawal tx>:<log index>`. */
  id: string
  pool: string
  deposit: PoolDeposit
  withdrawal: PoolWithdrawal
  /** Every rule that voted for the link, strongest first. */
  rules: RuleEvidence[]
  /**
   * The link's confidence: the rules combined (1 - the product of their doubts), then raised to at least the
   * chance of picking the deposit out of the anonymity set before (1 / before).
   */
  confidence: number
  anonymitySet: AnonymitySet
  /**
   * The links this one competes with, at the minimum confidence: other deposits the rules name for the same
   * withdrawal (a withdrawal spends one note), and other kept links out of the same deposit (a note is spent
   * once). Empty when the link stands alone; linkWithdrawals always sets it.
   */
  competing?: CompetingLink[]
}

/** A link that competes with a kept one (MixerLink.competing). */
export interface CompetingLink {
  /** The competing link's id (same form as MixerLink.id). */
  id: string
  confidence: number
  /**
   * 'withdrawal': another deposit for the same withdrawal, not kept (weaker, or equal and later);
   * 'deposit': another kept link that spends the same deposit.
   */
  shares: 'withdrawal' | 'deposit'
}

/** What linking reads: the pools, their events, and the transfers between addresses outside the pools. */
export interface PoolActivity {
  pools: MixerPool[]
  deposits: PoolDeposit[]
  withdrawals: PoolWithdrawal[]
  /**
   * Direct transfers (any asset) between depositors and withdrawal recipients that do not touch a pool, as
   * unordered pairs `a|b` with a < b, with the first transaction that joined them.
   */
  interactions: Map<string, { tx: string; block: bigint }>
  /** Address → owner cluster (a label entity), for the address-match rule's cluster form. */
  clusters: Map<string, string>
  /**
   * Addresses labelled as a service (exchange, hot wallet, bridge, DEX, mixer ...) with that category: a
   * service is everybody's counterparty, so neither linked-addresses nor the cluster form of address-match
   * reads anything into it. Absent means none is known.
   */
  services?: Map<string, string>
  /**
   * Per gas fingerprint (`fingerprintKey`), how many stored transactions of any kind between the first and the
   * last pool event use it: a price a gas oracle gave everyone is no fingerprint. Absent when not counted.
   */
  fingerprintUses?: Map<string, number>
}

export interface LinkOptions {
  /** Rules that vote; the others are switched off. Default: every rule. */
  rules: ReadonlySet<MixerRule>
  /** Links below this confidence are not reported (nor taken out of other withdrawals' anonymity sets). */
  minConfidence: number
  /** Timing: a withdrawal this many seconds or less after a deposit. */
  timingWindowSeconds: number
  /** Multi-denomination: withdrawals at most this many seconds after the depositor's last deposit. */
  multiDenominationWindowSeconds: number
}

/** The default minimum confidence of `--through-mixers` and `dragnet mixer links`. */
export const DEFAULT_MIN_CONFIDENCE = 0.5
