import type { Applicant } from '../applicant/applicant.ts'
import { builtinChecks } from './check-registry.ts'
import type { CheckContext, PassedRule, RuleSet, Signal } from './rule-types.ts'

export type RiskBand = 'low' | 'medium' | 'high'

/** The advisory result of screening one applicant. */
export interface ScreenResult {
  applicantId: string
  score: number
  band: RiskBand
  advisory: string
  signals: Signal[]
  /** Rules that ran and did not fire: checked and passed, each with what it measured. */
  passed: PassedRule[]
  notEvaluated: Array<{ ruleId: string; reason: string }>
}

export const ADVISORY =
  'Advisory only: each signal is an indicator for human review drawn from public guidance, not a finding about a person. ' +
  'No rule uses nationality or ethnicity.'

/** Score bands: the sum of fired weights, capped at 100. */
export function bandFor(score: number): RiskBand {
  return score >= 50 ? 'high' : score >= 25 ? 'medium' : 'low'
}

const NOT_MET = 'checked: not found'

/**
 * Runs every rule against one applicant and explains each fired signal with its evidence and sources; every
 * rule that ran and did not fire is listed as passed, so a reader sees what was checked, not only what fired.
 */
export async function evaluateRules(
  applicant: Applicant,
  rules: RuleSet,
  ctx: CheckContext = {},
): Promise<ScreenResult> {
  const checks = builtinChecks()
  const signals: Signal[] = []
  const passed: PassedRule[] = []
  const notEvaluated: ScreenResult['notEvaluated'] = []
  for (const rule of rules.rules) {
    const check = checks.get(rule.check)
    if (check === undefined) continue
    const outcome = await check(applicant, rule.params ?? {}, ctx)
    if (outcome === undefined || 'passed' in outcome) {
      passed.push({ ruleId: rule.id, detail: outcome?.passed ?? NOT_MET })
      continue
    }
    if ('notEvaluated' in outcome) {
      notEvaluated.push({ ruleId: rule.id, reason: outcome.notEvaluated })
      continue
    }
    signals.push({
      ruleId: rule.id,
      weight: rule.weight,
      signal: rule.signal,
      evidence: outcome.evidence,
      sources: rule.sources.map((id) => ({ id, ...rules.sources[id]! })),
    })
  }
  const score = Math.min(
    100,
    signals.reduce((s, x) => s + x.weight, 0),
  )
  return { applicantId: applicant.id, score, band: bandFor(score), advisory: ADVISORY, signals, passed, notEvaluated }
}
