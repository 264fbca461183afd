import type { Address, Hex } from '../../core/hex.ts'
import type { MixerRule } from '../../mixer/mixer-types.ts'
import type { BalanceDelta, ExpectedEndpoint } from './manifest.ts'

/** A fixed-denomination pool of the mixer leg; all three are the world's `Mixer` contract. */
export interface MixerLegPool {
  key: string
  address: Address
  denomination: bigint
  name: string
}

/** Whose note it is: the attacker's stolen notes, the careless users' (one planted link each), or the crowd's. */
export type NoteOwner = 'attacker' | 'careless' | 'crowd'

/**
 * One note of a pool, as the chain shows it: the deposit (Tornado's `Deposit` event) and, once spent, the
 * withdrawal (`Withdrawal`), with the rules a correct linker should find between them (`planted`). Empty
 * `planted` means no rule may link the two.
 */
export interface MixerLegNote {
  /** The story's name for the note, e.g. `heist-1` or `crowd3`. */
  key: string
  pool: Address
  depositTx: Hex
  depositLogIndex: number
  depositBlock: bigint
  depositTime: bigint
  depositor: Address
  commitment: Hex
  leafIndex: number
  withdrawalTx: Hex | null
  withdrawalLogIndex: number | null
  withdrawalBlock: bigint | null
  withdrawalTime: bigint | null
  nullifierHash: Hex | null
  /** Who was paid the note less the fee (the event's `to`). */
  recipient: Address | null
  /** The relayer the event names; null for a direct withdrawal (sent by the recipient). */
  relayer: Address | null
  fee: bigint
  owner: NoteOwner
  stolen: boolean
  planted: MixerRule[]
}

/** A plain ETH transfer of the leg (funding, the linked pair's payment, W1's exchange deposit and its sweep). */
export interface MixerLegTransfer {
  from: Address
  to: Address
  amount: bigint
  hash: Hex
  blockNumber: bigint
}

/**
 * Where a probable trace past the pools should find stolen funds: W1 withdrew note 1 (linked by its fee cap),
 * added its 0.01 ETH of clean gas money and paid everything into a Harbor deposit address that Harbor swept.
 */
export interface MixerProbableTarget {
  /** The Harbor deposit address: the probable freeze target. */
  address: Address
  /** Where the deposit sits now (Harbor's hot wallet, after the sweep). */
  heldBy: Address
  name: string
  /** The withdrawal wallet that paid it (W1). */
  via: Address
  /** What arrived at the deposit address (the note and the clean gas money). */
  amount: bigint
  /** Of it, what the stolen note paid W1. */
  fromNote: bigint
  /** The note's commitment, deposit and withdrawal, as in `notes`. */
  note: { key: string; pool: Address; commitment: Hex; depositTx: Hex; withdrawalTx: Hex }
  arrivalTx: Hex
  sweepTx: Hex
  freezableBy: 'exchange'[]
}

/** The mixer leg as played, the truth a linker and a probable trace are checked against. */
export interface MixerLegTruth {
  blocks: { from: bigint; to: bigint }
  time: { from: bigint; to: bigint }
  pools: MixerLegPool[]
  relayers: Address[]
  /** Every note of the three pools in deposit order, the world's earlier ones included. */
  notes: MixerLegNote[]
  transfers: MixerLegTransfer[]
  probable: MixerProbableTarget[]
  /**
   * Withdrawals paid back to an address the exact trace follows (note 0 to split3, its depositor): clean to the
   * exact rules, but poison holds everything such an address receives after its first tainted arrival, so these
   * are held endpoints under poison only (`expected.models.poison`). Haircut and FIFO are unchanged by the leg.
   */
  poisonReturns: ExpectedEndpoint[]
}

/**
 * The balance changes the leg makes: the deposits and withdrawals mined in its blocks (earlier ones are already
 * in the heist's endpoints or honest activity) and its plain transfers. Gas costs nothing (zero base fee).
 */
export function mixerLegDeltas(leg: MixerLegTruth): BalanceDelta[] {
  const deltas: BalanceDelta[] = []
  const add = (address: Address, amount: bigint) => deltas.push({ address, asset: 'native', amount })
  const inLeg = (block: bigint | null) => block !== null && block >= leg.blocks.from && block <= leg.blocks.to
  const denomination = new Map(leg.pools.map((p) => [p.address, p.denomination]))
  for (const n of leg.notes) {
    const d = denomination.get(n.pool) ?? 0n
    if (inLeg(n.depositBlock)) {
      add(n.depositor, -d)
      add(n.pool, d)
    }
    if (inLeg(n.withdrawalBlock) && n.recipient) {
      add(n.pool, -d)
      add(n.recipient, d - n.fee)
      if (n.relayer) add(n.relayer, n.fee)
    }
  }
  for (const t of leg.transfers) {
    add(t.from, -t.amount)
    add(t.to, t.amount)
  }
  return deltas
}
