import type { LinkIndex } from '../link-index.ts'
import type { PoolDeposit, PoolWithdrawal } from '../mixer-types.ts'
import { isBefore } from '../pool-order.ts'
import type { RuleVote } from './rule-vote.ts'

/** A withdrawal soon after the only recent deposit of a quiet pool. */
export const TIMING_CONFIDENCE = 0.55

/**
 * Timing: a withdrawal at most `timingWindowSeconds` after a deposit into the same pool, that deposit the only
 * one into the pool in the window before the withdrawal, and no other withdrawal from the pool between the two.
 * A busy pool (several deposits in the window) never links by timing: its activity bounds the rule.
 */
export function timingVotes(index: LinkIndex): RuleVote[] {
  const window = BigInt(Math.floor(index.options.timingWindowSeconds))
  const votes: RuleVote[] = []
  for (const [pool, withdrawals] of index.withdrawalsByPool) {
    const deposits = index.depositsByPool.get(pool) ?? []
    // Walk both chain-ordered lists together: `next` is the first deposit not before the current withdrawal.
    let next = 0
    let previousWithdrawal: PoolWithdrawal | undefined
    for (const w of withdrawals) {
      while (next < deposits.length && isBefore(deposits[next] as PoolDeposit, w)) next++
      const d = deposits[next - 1]
      const prior = deposits[next - 2]
      const spentBetween = previousWithdrawal !== undefined && d !== undefined && isBefore(d, previousWithdrawal)
      previousWithdrawal = w
      if (d === undefined || spentBetween) continue
      const gap = w.time - d.time
      if (gap < 0n || gap > window) continue
      if (prior !== undefined && prior.time >= w.time - window) continue
      votes.push(vote(d, w, gap, window))
    }
  }
  return votes
}

function vote(d: PoolDeposit, w: PoolWithdrawal, gap: bigint, window: bigint): RuleVote {
  return {
    deposit: d,
    withdrawal: w,
    evidence: {
      rule: 'timing',
      confidence: TIMING_CONFIDENCE,
      evidence: `Withdrawal ${w.tx} came ${gap} s after deposit ${d.tx}, the only deposit into pool ${d.pool} in the ${window} s before it, with no withdrawal between them.`,
      facts: { seconds: String(gap), windowSeconds: String(window), depositTx: d.tx, withdrawalTx: w.tx },
    },
  }
}
