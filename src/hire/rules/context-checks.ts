import { DragnetError } from '../../core/errors.ts'
import type { Applicant } from '../applicant/applicant.ts'
import type { CheckContext, CheckOutcome, NotEvaluated } from './rule-types.ts'

const WALLET_ERRORS = new Set(['INVALID_ADDRESS', 'CHAIN_UNKNOWN'])

/**
 * A payroll wallet that the screener scores risky in one of `params.categories`. A wallet it cannot screen
 * (a malformed address, an unknown chain) is named: the rule is then not evaluated unless another wallet fires.
 */
export async function walletExposure(
  a: Applicant,
  params: Record<string, unknown>,
  ctx: CheckContext,
): Promise<CheckOutcome | NotEvaluated> {
  const wallets = a.payment?.wallets ?? []
  if (wallets.length === 0) return { passed: 'no payroll wallet given' }
  if (ctx.walletScreener === undefined) return { notEvaluated: 'no wallet screener or label file was supplied' }
  const wanted = new Set(Array.isArray(params.categories) ? params.categories.map(String) : [])
  const evidence: string[] = []
  const clean: string[] = []
  const unscreened: string[] = []
  for (const w of wallets) {
    let verdict: Awaited<ReturnType<typeof ctx.walletScreener.screen>>
    try {
      verdict = await ctx.walletScreener.screen(w.address, w.chain)
    } catch (error) {
      // A wallet the applicant mistyped is reported; a store that fails fails the command.
      if (!(error instanceof DragnetError) || !WALLET_ERRORS.has(error.code)) throw error
      unscreened.push(`${w.chain} wallet ${w.address} could not be screened: ${error.code} ${error.message}`)
      continue
    }
    const hit = verdict?.risky ? verdict.categories.filter((c) => wanted.has(c)) : []
    if (verdict && hit.length > 0) {
      evidence.push(`${w.chain} wallet ${w.address}: ${hit.join(', ')} (${verdict.reason})`)
    } else {
      clean.push(
        `${w.chain} wallet ${w.address}: ${verdict ? `${verdict.severity} (${verdict.reason})` : 'no label, no exposure'}`,
      )
    }
  }
  if (evidence.length > 0) return { evidence: [...evidence, ...unscreened] }
  if (unscreened.length > 0) return { notEvaluated: unscreened.join('; ') }
  return { passed: `${clean.join('; ')}; screened against ${ctx.walletScreener.basis}` }
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
