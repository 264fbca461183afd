import { getOr } from '../../core/get-or.ts'
import { fingerprintKey } from '../gas-fingerprint.ts'
import type { LinkIndex } from '../link-index.ts'
import type { PoolDeposit, PoolWithdrawal } from '../mixer-types.ts'
import { isBefore } from '../pool-order.ts'
import type { RuleVote } from './rule-vote.ts'

/** An EIP-1559 fee cap and tip pair seen in exactly one deposit and one withdrawal. */
export const GAS_PAIR_CONFIDENCE = 0.8
/** A legacy gas price seen in exactly one deposit and one withdrawal: fewer bits than a pair. */
export const GAS_LEGACY_CONFIDENCE = 0.75

interface FingerprintUse {
  txs: Set<string>
  deposits: PoolDeposit[]
  withdrawals: PoolWithdrawal[]
}

/**
 * Gas price: a withdrawal its recipient sent itself (no relayer: a relayer's gas says nothing of the user) whose
 * gas fingerprint occurs in exactly one other pool transaction, an earlier deposit (any pool). A fingerprint in
 * three or more pool transactions (wallet defaults, 0/0) links nothing; nor does one that other stored
 * transactions of the period use (a gas oracle's price), when the activity counted them (`fingerprintUses`).
 */
export function gasPriceVotes(index: LinkIndex): RuleVote[] {
  const chainUses = index.activity.fingerprintUses
  const uses = new Map<string, FingerprintUse>()
  const use = (key: string) =>
    getOr(uses, key, (): FingerprintUse => ({ txs: new Set(), deposits: [], withdrawals: [] }))
  for (const d of index.deposits) {
    const key = fingerprintKey(d.gas)
    if (key === null) continue
    const u = use(key)
    u.txs.add(d.tx)
    u.deposits.push(d)
  }
  for (const w of index.withdrawals) {
    const key = fingerprintKey(w.gas)
    if (key === null) continue
    const u = use(key)
    u.txs.add(w.tx)
    u.withdrawals.push(w)
  }
  const votes: RuleVote[] = []
  for (const [key, u] of uses) {
    // Exactly one deposit note and one withdrawal, in two transactions: a tx with two notes is ambiguous.
    if (u.txs.size !== 2 || u.deposits.length !== 1 || u.withdrawals.length !== 1) continue
    const d = u.deposits[0] as PoolDeposit
    const w = u.withdrawals[0] as PoolWithdrawal
    if (w.relayer !== null || w.sender !== w.recipient || !isBefore(d, w)) continue
    if (chainUses !== undefined && (chainUses.get(key) ?? 0) > 2) continue
    votes.push(gasVote(d, w, key, chainUses !== undefined))
  }
  return votes
}

function gasVote(d: PoolDeposit, w: PoolWithdrawal, key: string, chainChecked: boolean): RuleVote {
  const pair = key.startsWith('1559:')
  const facts: Record<string, string> = pair
    ? { maxFeePerGas: String(d.gas.maxFeePerGas), maxPriorityFeePerGas: String(d.gas.maxPriorityFeePerGas) }
    : { gasPrice: String(d.gas.gasPrice) }
  const what = pair
    ? `fee cap ${d.gas.maxFeePerGas} and tip ${d.gas.maxPriorityFeePerGas} wei`
    : `gas price ${d.gas.gasPrice} wei`
  return {
    deposit: d,
    withdrawal: w,
    evidence: {
      rule: 'gas-price',
      confidence: pair ? GAS_PAIR_CONFIDENCE : GAS_LEGACY_CONFIDENCE,
      evidence:
        `Deposit ${d.tx} and withdrawal ${w.tx}, sent by its recipient ${w.recipient}, are the only pool transactions ` +
        `priced at ${what}${chainChecked ? ', and no other stored transaction between them is' : ''}.`,
      facts: { ...facts, depositTx: d.tx, withdrawalTx: w.tx, recipient: w.recipient },
    },
  }
}
