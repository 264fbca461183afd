import { getOr } from '../../core/get-or.ts'
import type { LinkIndex } from '../link-index.ts'
import type { PoolDeposit, PoolWithdrawal } from '../mixer-types.ts'
import { isBefore } from '../pool-order.ts'
import type { RuleVote } from './rule-vote.ts'

/** The depositor withdrew to the very address it deposited from. */
export const ADDRESS_MATCH_CONFIDENCE = 0.95
/** The depositor and the recipient carry labels of one entity (not a service). */
export const CLUSTER_MATCH_CONFIDENCE = 0.85

/**
 * Address match: a withdrawal whose recipient deposited into the same pool before it (0.95), or whose recipient
 * and an earlier depositor of the pool belong to one labelled entity (0.85). A service's entity (an exchange's
 * many addresses) is everybody's counterparty and joins nobody.
 */
export function addressMatchVotes(index: LinkIndex): RuleVote[] {
  const votes: RuleVote[] = []
  const { clusters } = index.activity
  const services = index.activity.services
  const byCluster = new Map<string, PoolDeposit[]>()
  for (const d of index.deposits) {
    const entity = clusters.get(d.depositor)
    if (entity === undefined || services?.has(d.depositor)) continue
    const key = `${d.pool}|${entity}`
    getOr(byCluster, key, () => []).push(d)
  }
  for (const w of index.withdrawals) {
    const same = index.depositsByPoolAddress.get(`${w.pool}|${w.recipient}`) ?? []
    for (const d of same) {
      if (!isBefore(d, w)) break
      votes.push(exactVote(d, w))
    }
    const entity = clusters.get(w.recipient)
    if (entity === undefined || services?.has(w.recipient)) continue
    for (const d of byCluster.get(`${w.pool}|${entity}`) ?? []) {
      if (!isBefore(d, w)) break
      if (d.depositor !== w.recipient) votes.push(clusterVote(d, w, entity))
    }
  }
  return votes
}

function exactVote(d: PoolDeposit, w: PoolWithdrawal): RuleVote {
  return {
    deposit: d,
    withdrawal: w,
    evidence: {
      rule: 'address-match',
      confidence: ADDRESS_MATCH_CONFIDENCE,
      evidence: `${w.recipient} deposited into pool ${d.pool} in ${d.tx} and was paid by its withdrawal ${w.tx}.`,
      facts: { address: w.recipient, depositTx: d.tx, withdrawalTx: w.tx },
    },
  }
}

function clusterVote(d: PoolDeposit, w: PoolWithdrawal, entity: string): RuleVote {
  return {
    deposit: d,
    withdrawal: w,
    evidence: {
      rule: 'address-match',
      confidence: CLUSTER_MATCH_CONFIDENCE,
      evidence: `Depositor ${d.depositor} (${d.tx}) and recipient ${w.recipient} (${w.tx}) are both labelled ${entity}.`,
      facts: { depositor: d.depositor, recipient: w.recipient, entity, depositTx: d.tx, withdrawalTx: w.tx },
    },
  }
}
