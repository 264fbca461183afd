import type { PoolDeposit, PoolWithdrawal, RuleEvidence } from '../mixer-types.ts'

/** One rule's vote that `deposit` is the note `withdrawal` spent (or paid out the same owner's funds). */
export interface RuleVote {
  deposit: PoolDeposit
  withdrawal: PoolWithdrawal
  evidence: RuleEvidence
}
