import type { LinkIndex } from '../link-index.ts'
import type { PoolDeposit, PoolWithdrawal } from '../mixer-types.ts'
import { isBefore } from '../pool-order.ts'
import type { RuleVote } from './rule-vote.ts'

/** Depositor and recipient paid each other directly, outside the pools. */
export const LINKED_ADDRESSES_CONFIDENCE = 0.7

/**
 * An address that dealt directly with more pool users than this is a hub (a payroll, an airdrop, an unlabelled
 * service): paying it or being paid by it says nothing of who owns a note, as with a labelled exchange.
 */
export const HUB_COUNTERPARTIES = 5

/**
 * Linked addresses: a depositor and a recipient that transferred to each other outside the pools; each of the
 * depositor's deposits before a withdrawal of the recipient from the same pool is a candidate note. A labelled
 * service on either side (an exchange pays everyone) links nothing, nor does a hub (HUB_COUNTERPARTIES).
 */
export function linkedAddressesVotes(index: LinkIndex): RuleVote[] {
  const { interactions, services } = index.activity
  const hubs = hubsOf(interactions.keys())
  const votes: RuleVote[] = []
  for (const [pair, first] of interactions) {
    const [a, b] = pair.split('|') as [string, string]
    if (a === b || services?.has(a) || services?.has(b) || hubs.has(a) || hubs.has(b)) continue
    for (const [depositor, recipient] of [
      [a, b],
      [b, a],
    ] as const) {
      const withdrawals = index.withdrawalsByRecipient.get(recipient)
      if (!withdrawals) continue
      for (const w of withdrawals) {
        for (const d of index.depositsByPoolAddress.get(`${w.pool}|${depositor}`) ?? []) {
          if (!isBefore(d, w)) break
          votes.push(vote(d, w, first.tx))
        }
      }
    }
  }
  return votes
}

/** Addresses with more than HUB_COUNTERPARTIES distinct counterparties among the pool users' direct transfers. */
function hubsOf(pairs: Iterable<string>): Set<string> {
  const counts = new Map<string, number>()
  for (const pair of pairs) {
    const [a, b] = pair.split('|') as [string, string]
    if (a === b) continue
    counts.set(a, (counts.get(a) ?? 0) + 1)
    counts.set(b, (counts.get(b) ?? 0) + 1)
  }
  const hubs = new Set<string>()
  for (const [address, n] of counts) if (n > HUB_COUNTERPARTIES) hubs.add(address)
  return hubs
}

function vote(d: PoolDeposit, w: PoolWithdrawal, tx: string): RuleVote {
  return {
    deposit: d,
    withdrawal: w,
    evidence: {
      rule: 'linked-addresses',
      confidence: LINKED_ADDRESSES_CONFIDENCE,
      evidence: `Depositor ${d.depositor} and recipient ${w.recipient} transferred directly to each other outside the pools (first in ${tx}).`,
      facts: { depositor: d.depositor, recipient: w.recipient, interactionTx: tx, depositTx: d.tx, withdrawalTx: w.tx },
    },
  }
}
