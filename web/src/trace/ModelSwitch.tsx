import { useState } from 'react'
import { useApi } from '../api/session.tsx'
import { navigate, pathOf } from '../app/router.tsx'
import { ErrorBanner } from '../ui/states.tsx'
import { TAINT_MODELS, type TaintModel, type TraceJobJson } from './trace-json.ts'

const NAMES: Record<TaintModel, string> = { poison: 'Poison', haircut: 'Haircut', fifo: 'FIFO' }

/**
 * Switches the view to the incident's latest finished trace of another taint model, or runs one with the same
 * request when there is none yet.
 */
export function ModelSwitch({
  incidentId,
  current,
  jobs,
}: {
  incidentId: string
  current: TraceJobJson
  jobs: TraceJobJson[]
}) {
  const api = useApi()
  const [busy, setBusy] = useState<TaintModel | null>(null)
  const [error, setError] = useState<unknown>(null)
  const latest = (m: TaintModel) =>
    jobs
      .filter(
        (j) =>
          j.status === 'done' &&
          j.request.model === m &&
          j.request.direction === current.request.direction &&
          (j.request.throughMixers ?? false) === (current.request.throughMixers ?? false),
      )
      .sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''))[0]
  const open = (id: string) => navigate(pathOf('incidents', incidentId, 'traces', id))
  const run = async (m: TaintModel) => {
    setBusy(m)
    setError(null)
    try {
      const r = current.request
      const job = await api.post<TraceJobJson>(`/v1/incidents/${encodeURIComponent(incidentId)}/traces`, {
        model: m,
        direction: r.direction,
        seeds: [...r.seedAddresses, ...r.seedTxs],
        hops: r.limits.hops,
        ...(r.throughMixers ? { throughMixers: true, minConfidence: r.minConfidence } : {}),
      })
      for (;;) {
        const j = await api.get<TraceJobJson>(
          `/v1/incidents/${encodeURIComponent(incidentId)}/traces/${encodeURIComponent(job.id)}`,
        )
        if (j.status === 'done') return open(j.id)
        if (j.status === 'failed') throw new Error(j.error?.message ?? 'the trace failed')
        await new Promise((res) => setTimeout(res, 700))
      }
    } catch (e) {
      setError(e)
    } finally {
      setBusy(null)
    }
  }
  return (
    <div className="model-switch">
      <fieldset className="model-switch-buttons">
        <legend>Taint model</legend>
        {TAINT_MODELS.map((m) => {
          const j = latest(m)
          const here = m === current.request.model
          return (
            <button
              key={m}
              type="button"
              className={here ? undefined : 'secondary'}
              aria-pressed={here}
              disabled={busy !== null}
              onClick={() => (here ? undefined : j ? open(j.id) : void run(m))}
              title={j || here ? `Show the ${NAMES[m]} trace` : `Run a ${NAMES[m]} trace`}
            >
              {NAMES[m]}
              {!here && !j ? (busy === m ? ' (tracing…)' : ' (run)') : ''}
            </button>
          )
        })}
      </fieldset>
      <ErrorBanner error={error} />
    </div>
  )
}
