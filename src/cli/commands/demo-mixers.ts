import type { GroundTruthCheck } from '../../demo/heist-checks.ts'
import { renderGroundTruth } from '../../demo/heist-report.ts'
import { checkThroughMixers, heistPastMixers, type RuleScore, scoreDemoRules } from '../../demo/mixer-demo.ts'
import type { HeistManifest } from '../../devnet/world/manifest.ts'
import type { DuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { grid, renderProbableSection } from '../../trace/render/render-table.ts'
import type { TraceResult } from '../../trace/trace-types.ts'

/**
 * `dragnet demo`'s part past the mixer pools: the demo's exact trace taken on as a probable layer, each rule scored
 * on the pools, and the checks.
 */
export async function mixersReport(
  store: DuckDbStore,
  manifest: HeistManifest,
  exact: TraceResult,
): Promise<{ result: TraceResult; scores: RuleScore[]; checks: GroundTruthCheck[]; text: string }> {
  const result = await heistPastMixers(store, manifest, exact)
  const scores = await scoreDemoRules(store, manifest)
  const checks = checkThroughMixers(result, manifest, exact.model)
  const notes = manifest.mixerLeg?.notes.length ?? 0
  const lines = [
    'Past the mixer: the trace goes on along probable deposit-to-withdrawal links (--through-mixers), each with its',
    'rules, evidence, confidence and anonymity set; none of it is in the exact totals above (docs/mixers.md).',
    renderProbableSection(result).trimEnd(),
    '',
    `Each rule alone on the demo's ${notes} notes in three pools, at the default minimum confidence:`,
    ...grid([
      ['rule', 'planted', 'linked', 'correct', 'precision', 'recall', 'careful users linked'],
      ...scores.map((s) => [
        s.rule,
        String(s.planted),
        String(s.linked),
        String(s.correct),
        ratio(s.correct, s.linked),
        ratio(s.found, s.planted),
        String(s.crowd),
      ]),
    ]),
    '',
    renderGroundTruth(checks, manifest, exact.model).trimEnd(),
    '',
  ]
  return { result, scores, checks, text: lines.join('\n') }
}

/** A share as a two-place decimal; a dash when there is nothing to divide. */
function ratio(part: number, whole: number): string {
  return whole === 0 ? '-' : (part / whole).toFixed(2)
}
