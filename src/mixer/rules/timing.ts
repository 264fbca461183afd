import type { LinkIndex } from '../link-index.ts'
import type { PoolDeposit, PoolWithdrawal } from '../mixer-types.ts'
import { isBefore } from '../pool-order.ts'
import type { RuleVote } from './rule-vote.ts'

/** A withdrawal soon after the only recent deposit of a pool that saw no other deposit that day. */
export const TIMING_CONFIDENCE = 0.6

/** The pool's activity is measured over the day before the withdrawal. */
export const TIMING_ACTIVITY_SECONDS = 86_400n

/**
 * The rule's confidence, bounded by the pool's activity: `others` deposits in the day before the withdrawal make
 * `others × window / day` deposits expected in the window by chance, and e^-expected is the chance that none came.
 * A pool with a deposit every quarter hour gives 0.31 against a 600 s window, below the default minimum: a quick
 * withdrawal there is as likely a coincidence as a careless user.
 */
export function timingConfidence(others: number, windowSeconds: bigint): number {
  const expected = (others * Number(windowSeconds)) / Number(TIMING_ACTIVITY_SECONDS)
  return Math.round(TIMING_CONFIDENCE * Math.exp(-expected) * 1000) / 1000
}

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
      votes.push(vote(d, w, gap, window, next - 1 - firstSince(deposits, w.time - TIMING_ACTIVITY_SECONDS)))
    }
  }
  return votes
}

/** The index of the first deposit at or after `time` (deposits are in chain order, so in time order). */
function firstSince(deposits: readonly PoolDeposit[], time: bigint): number {
  let lo = 0
  let hi = deposits.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((deposits[mid] as PoolDeposit).time < time) lo = mid + 1
    else hi = mid
  }
  return lo
}

function vote(d: PoolDeposit, w: PoolWithdrawal, gap: bigint, window: bigint, others: number): RuleVote {
  return {
    deposit: d,
    withdrawal: w,
    evidence: {
      rule: 'timing',
      confidence: timingConfidence(others, window),
      evidence:
        `Withdrawal ${w.tx} came ${gap} s after deposit ${d.tx}, the only deposit into pool ${d.pool} in the ${window} s ` +
        `before it, with no withdrawal between them; the pool had ${others} other deposits in the day before.`,
      facts: {
        seconds: String(gap),
        windowSeconds: String(window),
        depositTx: d.tx,
        withdrawalTx: w.tx,
        otherDepositsThatDay: String(others),
      },
    },
  }
}
