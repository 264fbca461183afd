import { useCallback } from 'react'
import { useApiData } from '../api/use-api-data.ts'
import { Link, pathOf } from '../app/router.tsx'
import { ModelSwitch } from '../trace/ModelSwitch.tsx'
import { TraceView } from '../trace/TraceView.tsx'
import type { TraceJobJson, TraceJson } from '../trace/trace-json.ts'
import { ErrorBanner, Loading, PageHeader } from '../ui/states.tsx'

/** The trace view: the fund-flow graph of one finished trace of an incident (?address= selects a node). */
export function TracePage({
  incidentId,
  traceId,
  query,
}: {
  incidentId: string
  traceId: string
  query: URLSearchParams
}) {
  const base = `/v1/incidents/${encodeURIComponent(incidentId)}/traces`
  const job = useApiData<TraceJobJson>(`${base}/${encodeURIComponent(traceId)}`)
  const jobs = useApiData<{ traces: TraceJobJson[] }>(base)
  const done = job.data?.status === 'done'
  const result = useApiData<TraceJson>(done ? `${base}/${encodeURIComponent(traceId)}/result` : null)
  // The selection goes into the address bar without a navigation, so the view is not rebuilt but stays shareable.
  const onSelectAddress = useCallback(
    (a: string | null) => {
      const path = pathOf('incidents', incidentId, 'traces', traceId)
      window.history.replaceState(null, '', `#${path}${a ? `?address=${a}` : ''}`)
    },
    [incidentId, traceId],
  )
  return (
    <section>
      <PageHeader title={`Trace ${job.data ? `(${job.data.request.model}, ${job.data.request.direction})` : ''}`}>
        <Link to={pathOf('incidents', incidentId)} className="button secondary">
          Incident
        </Link>
        <Link to={pathOf('incidents', incidentId, 'freeze')} className="button secondary">
          What to freeze where
        </Link>
      </PageHeader>
      {job.data && jobs.data ? (
        <ModelSwitch incidentId={incidentId} current={job.data} jobs={jobs.data.traces} />
      ) : null}
      <ErrorBanner error={job.error ?? result.error} />
      {job.data && !done ? (
        <p role="status">
          The trace is {job.data.status} ({job.data.phase}).{' '}
          <button type="button" onClick={job.reload}>
            Check again
          </button>
        </p>
      ) : null}
      {job.loading || result.loading ? <Loading what="the trace" /> : null}
      {result.data?.empty ? <p role="status">Nothing was traced: {result.data.empty}</p> : null}
      {result.data ? (
        <TraceView
          key={traceId}
          incidentId={incidentId}
          traceId={traceId}
          result={result.data}
          initialAddress={query.get('address')?.toLowerCase() ?? null}
          onSelectAddress={onSelectAddress}
        />
      ) : null}
    </section>
  )
}
