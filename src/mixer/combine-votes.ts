import { getOr } from '../core/get-or.ts'
import { depositsBefore, type LinkIndex } from './link-index.ts'
import { MIXER_RULES, type MixerLink, type PoolDeposit, type PoolWithdrawal, type RuleEvidence } from './mixer-types.ts'
import { compareEvents, linkId } from './pool-order.ts'
import type { RuleVote } from './rules/rule-vote.ts'

/** A link is never certain unless the pool held one note when it was withdrawn. */
export const MAX_CONFIDENCE = 0.999

interface Candidate {
  id: string
  deposit: PoolDeposit
  withdrawal: PoolWithdrawal
  rules: RuleEvidence[]
  confidence: number
  before: number
}

/**
 * Combines the rules' votes into links: per deposit and withdrawal pair the rules' confidences combine as
 * 1 - Π(1 - c), raised to at least 1 / (deposits before the withdrawal); pairs below the minimum drop out; each
 * withdrawal keeps its strongest deposit (among equals, one no earlier withdrawal took, then the earliest) and
 * lists the others as competing; deposits kept by several withdrawals say so on each link.
 */
export function combineVotes(index: LinkIndex, votes: readonly RuleVote[]): MixerLink[] {
  const byWithdrawal = candidatesByWithdrawal(index, votes)
  const claimedBy = new Map<PoolDeposit, Candidate[]>()
  const kept: { chosen: Candidate; others: Candidate[] }[] = []
  for (const w of index.withdrawals) {
    const list = byWithdrawal.get(w)
    if (!list) continue
    list.sort((a, b) => b.confidence - a.confidence || compareEvents(a.deposit, b.deposit))
    const top = (list[0] as Candidate).confidence
    const chosen = list.find((c) => c.confidence === top && !claimedBy.has(c.deposit)) ?? (list[0] as Candidate)
    const claims = claimedBy.get(chosen.deposit)
    if (claims) claims.push(chosen)
    else claimedBy.set(chosen.deposit, [chosen])
    kept.push({ chosen, others: list.filter((c) => c !== chosen) })
  }
  const claimedRanks = claimedRanksByPool(index, claimedBy)
  return kept.map(({ chosen, others }) => {
    const sharing = (claimedBy.get(chosen.deposit) ?? []).filter((c) => c !== chosen)
    return {
      id: chosen.id,
      pool: chosen.withdrawal.pool,
      deposit: chosen.deposit,
      withdrawal: chosen.withdrawal,
      rules: chosen.rules,
      confidence: chosen.confidence,
      anonymitySet: { before: chosen.before, after: afterSet(index, chosen, claimedRanks, sharing.length > 0) },
      competing: [
        ...others.map((c) => ({ id: c.id, confidence: c.confidence, shares: 'withdrawal' as const })),
        ...sharing.map((c) => ({ id: c.id, confidence: c.confidence, shares: 'deposit' as const })),
      ],
    }
  })
}

function candidatesByWithdrawal(index: LinkIndex, votes: readonly RuleVote[]): Map<PoolWithdrawal, Candidate[]> {
  const pairs = new Map<
    string,
    { deposit: PoolDeposit; withdrawal: PoolWithdrawal; rules: Map<string, RuleEvidence> }
  >()
  for (const v of votes) {
    const id = linkId(v.deposit, v.withdrawal)
    let pair = pairs.get(id)
    if (!pair) {
      pair = { deposit: v.deposit, withdrawal: v.withdrawal, rules: new Map() }
      pairs.set(id, pair)
    }
    // One vote per rule per pair: the strongest (address-match's exact form over its cluster form).
    const had = pair.rules.get(v.evidence.rule)
    if (!had || had.confidence < v.evidence.confidence) pair.rules.set(v.evidence.rule, v.evidence)
  }
  const out = new Map<PoolWithdrawal, Candidate[]>()
  for (const [id, pair] of pairs) {
    const rules = [...pair.rules.values()].sort(
      (a, b) => b.confidence - a.confidence || MIXER_RULES.indexOf(a.rule) - MIXER_RULES.indexOf(b.rule),
    )
    const before = depositsBefore(index, pair.withdrawal.pool, pair.withdrawal)
    const confidence = linkConfidence(
      rules.map((r) => r.confidence),
      pair.deposit.pool === pair.withdrawal.pool ? before : 0,
    )
    if (confidence < index.options.minConfidence) continue
    const c: Candidate = { id, deposit: pair.deposit, withdrawal: pair.withdrawal, rules, confidence, before }
    getOr(out, pair.withdrawal, () => []).push(c)
  }
  return out
}

/**
 * The link confidence formula (docs/decisions/0028-mixer-links.md): the rules' confidences combined as if
 * independent, 1 - Π(1 - c), and at least 1 / before, the chance of picking the note out of the `before`
 * deposits that preceded the withdrawal in its pool (0 when the deposit is in another pool); below 1 unless the
 * pool held exactly one note.
 */
export function linkConfidence(confidences: readonly number[], before: number): number {
  let doubt = 1
  for (const c of confidences) doubt *= 1 - c
  if (before === 1) return 1
  const floor = before > 1 ? 1 / before : 0
  return Math.min(Math.max(1 - doubt, floor), MAX_CONFIDENCE)
}

/** Per pool, the ranks of deposits some kept link spends, sorted (to count those before a withdrawal). */
function claimedRanksByPool(index: LinkIndex, claimedBy: Map<PoolDeposit, Candidate[]>): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const d of claimedBy.keys()) {
    const rank = index.depositRank.get(d)
    if (rank === undefined) continue
    getOr(out, d.pool, () => []).push(rank)
  }
  for (const list of out.values()) list.sort((a, b) => a - b)
  return out
}

/** The deposits before the withdrawal less those kept by other withdrawals' links. */
function afterSet(index: LinkIndex, c: Candidate, claimedRanks: Map<string, number[]>, shared: boolean): number {
  const ranks = claimedRanks.get(c.withdrawal.pool) ?? []
  let claimed = countBelow(ranks, c.before)
  // The link's own deposit is taken out only when another withdrawal's kept link spends it too.
  const own = index.depositRank.get(c.deposit)
  if (c.deposit.pool === c.withdrawal.pool && own !== undefined && own < c.before && !shared) claimed--
  return c.before - claimed
}

function countBelow(sorted: readonly number[], limit: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((sorted[mid] as number) < limit) lo = mid + 1
    else hi = mid
  }
  return lo
}
