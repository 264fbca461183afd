import { type Severity, severityRank } from './screen-types.ts'

export type Decision = 'flag' | 'pass' | 'invalid'

/**
 * What a compliance desk does with a score: flag it for review when it reaches the threshold (as `dragnet screen
 * --fail-on SEVERITY` fails on), pass it otherwise. The score is the API's; only the threshold is the reader's.
 */
export function decisionOf(severity: Severity | undefined, flagFrom: Exclude<Severity, 'none'>): Decision {
  if (severity === undefined) return 'invalid'
  return severityRank(severity) >= severityRank(flagFrom) ? 'flag' : 'pass'
}
