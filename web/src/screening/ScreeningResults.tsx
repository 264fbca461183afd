import { AddressLink } from '../address/AddressLink.tsx'
import { saveBlob } from '../api/client.ts'
import { decisionOf } from './decision.ts'
import type { InputProblem } from './parse-input.ts'
import { ReasonList } from './ReasonList.tsx'
import { sourceText } from './reason-text.ts'
import { resultsCsv } from './results-csv.ts'
import { SeverityBadge } from './SeverityBadge.tsx'
import type { BatchOutcome, ScreenedRow } from './screen-batch.ts'
import type { Severity } from './screen-types.ts'

/** The batch's answer: counts, one row per input line (results and bad rows), the sources, and a CSV download. */
export function ScreeningResults({
  outcome,
  problems,
  flagFrom,
  name,
}: {
  outcome: BatchOutcome
  problems: readonly InputProblem[]
  flagFrom: Exclude<Severity, 'none'>
  name: string
}) {
  const decisions = outcome.rows.map((r) => decisionOf(r.result?.severity, flagFrom))
  const count = (d: string) => decisions.filter((x) => x === d).length
  const invalid = count('invalid') + problems.length
  const download = () =>
    saveBlob(
      new Blob([resultsCsv(outcome.rows, problems, flagFrom)], { type: 'text/csv' }),
      `screening-${name.replace(/\.csv$/i, '')}.csv`,
    )
  const lines: Line[] = [
    ...outcome.rows.map((r, i) => ({ line: r.line, row: r, decision: decisions[i] as string, problem: null })),
    ...problems.map((p) => ({ line: p.line, row: null, decision: 'invalid', problem: p })),
  ].sort((a, b) => a.line - b.line)

  return (
    <section className="panel" aria-labelledby="screen-results">
      <header className="page-header">
        <h2 id="screen-results">Results</h2>
        <div className="page-actions">
          <button type="button" className="secondary" onClick={download}>
            Download results (CSV)
          </button>
        </div>
      </header>
      <p className="summary-counts" aria-live="polite">
        <span>
          <strong>{count('flag')}</strong> flagged
        </span>
        <span>
          <strong>{count('pass')}</strong> passed
        </span>
        <span>
          <strong>{invalid}</strong> invalid
        </span>
        <span className="muted">flagged from {flagFrom}</span>
      </p>
      <ResultsTable lines={lines} />
      <p className="muted">
        Label sources:{' '}
        {outcome.labelSources.length === 0
          ? 'none (no address can be a direct hit)'
          : outcome.labelSources.map((b) => `${sourceText(b.source, b.sourceDate)} (${b.active} listed)`).join(', ')}
      </p>
    </section>
  )
}

interface Line {
  line: number
  row: ScreenedRow | null
  decision: string
  problem: InputProblem | null
}

/** One row per input line: the address (linked to its page), decision, risk, and the reasons or the error. */
function ResultsTable({ lines }: { lines: readonly Line[] }) {
  return (
    <div className="table-wrap">
      <table className="results">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Address</th>
            <th scope="col">Chain</th>
            <th scope="col">Decision</th>
            <th scope="col">Risk</th>
            <th scope="col">Reasons and sources</th>
          </tr>
        </thead>
        <tbody>
          {lines.map(({ line, row, decision, problem }) => (
            <tr key={`${line}-${row?.input ?? problem?.text}`} data-decision={decision}>
              <td className="num">{line}</td>
              <td>
                {row?.result ? (
                  <AddressLink chain={row.result.chain} address={row.result.address} full />
                ) : (
                  <span className="mono">{row?.input ?? problem?.text}</span>
                )}
              </td>
              <td>{row?.chain ?? '—'}</td>
              <td>
                <SeverityBadge value={decision} />
              </td>
              <td>{row?.result ? <SeverityBadge value={row.result.severity} /> : '—'}</td>
              <td>
                {row?.result ? (
                  <ReasonList reasons={row.result.reasons} chain={row.result.chain} />
                ) : (
                  <span className="error-code">
                    <code>{row?.error?.code ?? problem?.code}</code> {row?.error?.message ?? problem?.message}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
