import type { Applicant } from '../applicant/applicant.ts'
import type { CheckContext, CheckOutcome, NotEvaluated } from './rule-types.ts'

/** A payroll wallet that the supplied screener reports in one of `params.categories`. */
export async function walletExposure(
  a: Applicant,
  params: Record<string, unknown>,
  ctx: CheckContext,
): Promise<CheckOutcome | NotEvaluated> {
  const wallets = a.payment?.wallets ?? []
  if (wallets.length === 0) return undefined
  if (ctx.walletScreener === undefined) return { notEvaluated: 'no wallet screener or label file was supplied' }
  const wanted = new Set(Array.isArray(params.categories) ? params.categories.map(String) : [])
  const evidence: string[] = []
  for (const w of wallets) {
    const verdict = await ctx.walletScreener.screen(w.address)
    if (verdict === undefined || !verdict.risky) continue
    const hit = verdict.categories.filter((c) => wanted.has(c))
    if (hit.length > 0) evidence.push(`${w.chain} wallet ${w.address}: ${hit.join(', ')} (${verdict.reason})`)
  }
  return evidence.length > 0 ? { evidence } : undefined
}

/** Identifiers or a resume shared with other applicants, as found by cross-applicant linking. */
export function linkedApplicants(_a: Applicant, _params: Record<string, unknown>, ctx: CheckContext) {
  if (ctx.links === undefined) return { notEvaluated: 'no other applicants were given (--against)' }
  if (ctx.links.length === 0) return undefined
  return {
    evidence: ctx.links.map((l) =>
      l.kind === 'resume' ? `resume ${l.value} to ${l.otherId}'s` : `shares ${l.kind} ${l.value} with ${l.otherId}`,
    ),
  }
}
