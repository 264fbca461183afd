import type { Applicant } from '../applicant/applicant.ts'
import type { WalletScreener } from '../wallet/wallet-screener.ts'

/** A published advisory or report that a rule cites. */
export interface RuleSource {
  title: string
  publisher: string
  date: string
  url: string
}

/** One red-flag rule as written in the data file: which check runs it, how much it weighs, and why. */
export interface RuleDef {
  id: string
  check: string
  weight: number
  signal: string
  sources: string[]
  params?: Record<string, unknown> | undefined
}

export interface RuleSet {
  version: number
  sources: Record<string, RuleSource>
  rules: RuleDef[]
}

/** What another applicant shares with the screened one (filled in by cross-applicant linking). */
export interface LinkEvidence {
  otherId: string
  kind: string
  value: string
}

/** Inputs a check may need beyond the applicant; absent ones make the dependent rules "not evaluated". */
export interface CheckContext {
  walletScreener?: WalletScreener | undefined
  links?: LinkEvidence[] | undefined
}

/**
 * A check's verdict: the evidence that made the rule fire; or, when it does not fire, what was checked and
 * found below the rule's threshold (`passed`); undefined is a pass with nothing more to say.
 */
export type CheckOutcome = { evidence: string[] } | { passed: string } | undefined

/** A rule that ran and did not fire, with what it measured against its threshold. */
export interface PassedRule {
  ruleId: string
  detail: string
}

/** Thrown-free marker a check returns when it cannot run for lack of an input. */
export interface NotEvaluated {
  notEvaluated: string
}

export type Check = (
  applicant: Applicant,
  params: Record<string, unknown>,
  ctx: CheckContext,
) => CheckOutcome | NotEvaluated | Promise<CheckOutcome | NotEvaluated>

/** A fired rule with everything a reader needs to judge it. */
export interface Signal {
  ruleId: string
  weight: number
  signal: string
  evidence: string[]
  sources: Array<RuleSource & { id: string }>
}
