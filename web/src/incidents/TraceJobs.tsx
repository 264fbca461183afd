import { type FormEvent, useEffect, useState } from 'react'
import { useApi } from '../api/session.tsx'
import { Link, pathOf } from '../app/router.tsx'
import { TAINT_MODELS, type TaintModel, type TraceJobJson } from '../trace/trace-json.ts'
import { formatTime } from '../ui/format.ts'
import { ErrorBanner } from '../ui/states.tsx'

/** The incident's traces, newest first, each linked to its view; and a form that runs a new one. */
export function TraceJobs({
  incidentId,
  jobs,
  reload,
}: {
  incidentId: string
  jobs: TraceJobJson[]
  reload: () => void
}) {
  const api = useApi()
  const [model, setModel] = useState<TaintModel>('haircut')
  const [hops, setHops] = useState('10')
  const [throughMixers, setThroughMixers] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const pending = jobs.some((j) => j.status === 'queued' || j.status === 'running')
  useEffect(() => {
    if (!pending) return
    const t = setInterval(reload, 1000)
    return () => clearInterval(t)
  }, [pending, reload])
  const run = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await api.post(`/v1/incidents/${encodeURIComponent(incidentId)}/traces`, {
        model,
        hops: Number(hops),
        ...(throughMixers ? { throughMixers: true } : {}),
      })
      reload()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const sorted = [...jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  return (
    <>
      <div className="table-wrap">
        <table aria-label="Traces">
          <thead>
            <tr>
              <th scope="col">Trace</th>
              <th scope="col">Model</th>
              <th scope="col">Direction</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Endpoints
              </th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((j) => (
              <tr key={j.id}>
                <td>
                  {j.status === 'done' ? (
                    <Link to={pathOf('incidents', incidentId, 'traces', j.id)}>View trace {j.id.slice(0, 8)}</Link>
                  ) : (
                    <span className="mono">{j.id.slice(0, 8)}</span>
                  )}
                </td>
                <td>
                  {j.request.model}
                  {j.request.throughMixers ? ' · past mixers (probable)' : ''}
                </td>
                <td>{j.request.direction}</td>
                <td>
                  {j.status}
                  {j.status === 'running' ? ` (${j.phase})` : ''}
                  {j.error ? `: ${j.error.code}` : ''}
                </td>
                <td className="num">{j.summary?.endpoints ?? '—'}</td>
                <td>{formatTime(j.finishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="inline-form" onSubmit={(e) => void run(e)}>
        <label>
          Taint model{' '}
          <select value={model} onChange={(e) => setModel(e.target.value as TaintModel)}>
            {TAINT_MODELS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          Hops <input type="number" min={1} max={100} value={hops} onChange={(e) => setHops(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" checked={throughMixers} onChange={(e) => setThroughMixers(e.target.checked)} /> Also
          past mixers (probable)
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Starting…' : 'Run a new trace'}
        </button>
      </form>
      <ErrorBanner error={error} />
    </>
  )
}
