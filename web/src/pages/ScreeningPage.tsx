import { useState } from 'react'
import { useApi } from '../api/session.tsx'
import { type InputProblem, parseCsv, parsePasted } from '../screening/parse-input.ts'
import { ScreeningForm, type ScreeningRequest } from '../screening/ScreeningForm.tsx'
import { ScreeningResults } from '../screening/ScreeningResults.tsx'
import { type BatchOutcome, screenBatch } from '../screening/screen-batch.ts'
import type { ScreenBatchAnswer, Severity } from '../screening/screen-types.ts'
import { ErrorBanner, PageHeader } from '../ui/states.tsx'

/** Batch screening: pasted addresses or a CSV, through POST /v1/screen, with every result's reasons and a download. */
export function ScreeningPage() {
  const api = useApi()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [flagFrom, setFlagFrom] = useState<Exclude<Severity, 'none'>>('high')
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [answer, setAnswer] = useState<{ outcome: BatchOutcome; problems: InputProblem[]; name: string } | null>(null)

  const run = async (req: ScreeningRequest) => {
    const parsed = req.file ? parseCsv(req.file.text) : parsePasted(req.pasted)
    setBusy(true)
    setError(null)
    setAnswer(null)
    setProgress({ done: 0, total: parsed.rows.length })
    try {
      const outcome =
        parsed.rows.length === 0
          ? { rows: [], labelSources: [] }
          : await screenBatch((path, body) => api.post<ScreenBatchAnswer>(path, body), parsed.rows, {
              chain: req.chain || undefined,
              hops: req.hops,
              onProgress: (done) => setProgress({ done, total: parsed.rows.length }),
            })
      setAnswer({ outcome, problems: parsed.problems, name: req.file?.name ?? 'pasted' })
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
      setProgress(null)
    }
  }

  return (
    <section className="page-screening">
      <PageHeader title="Screening" />
      <p className="muted">
        Sanctions lists, DPRK attribution and exposure by category, with the reason and source of every score.
      </p>
      <ScreeningForm busy={busy} flagFrom={flagFrom} onFlagFrom={setFlagFrom} onSubmit={(r) => void run(r)} />
      {progress ? (
        <p className="loading" aria-live="polite">
          Screening {progress.done} of {progress.total}…
        </p>
      ) : null}
      <ErrorBanner error={error} />
      {answer ? (
        <ScreeningResults outcome={answer.outcome} problems={answer.problems} flagFrom={flagFrom} name={answer.name} />
      ) : null}
    </section>
  )
}
