import { toCsv } from '../ui/format.ts'
import { decisionOf } from './decision.ts'
import type { InputProblem } from './parse-input.ts'
import { labelsText, reasonText } from './reason-text.ts'
import type { ScreenedRow } from './screen-batch.ts'
import type { Severity } from './screen-types.ts'

export const RESULT_COLUMNS = [
  'line',
  'input',
  'address',
  'chain',
  'decision',
  'severity',
  'labels',
  'reasons',
  'error',
] as const

/** The screened rows and the rows that never reached the API, in input order, as a CSV a spreadsheet opens. */
export function resultsCsv(
  rows: readonly ScreenedRow[],
  problems: readonly InputProblem[],
  flagFrom: Exclude<Severity, 'none'>,
): string {
  const lines: { line: number; cells: (string | number)[] }[] = []
  for (const r of rows) {
    const res = r.result
    lines.push({
      line: r.line,
      cells: [
        r.line,
        r.input,
        res?.address ?? '',
        r.chain ?? '',
        decisionOf(res?.severity, flagFrom),
        res?.severity ?? 'invalid',
        res ? labelsText(res) : '',
        res ? res.reasons.map(reasonText).join(' | ') : '',
        r.error ? `${r.error.code}: ${r.error.message}` : '',
      ],
    })
  }
  for (const p of problems) {
    lines.push({
      line: p.line,
      cells: [p.line, p.text, '', '', 'invalid', 'invalid', '', '', `${p.code}: ${p.message}`],
    })
  }
  lines.sort((a, b) => a.line - b.line)
  return toCsv(
    RESULT_COLUMNS,
    lines.map((l) => l.cells),
  )
}
