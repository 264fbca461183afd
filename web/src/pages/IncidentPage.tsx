import { ApiError } from '../api/client.ts'
import { useApiData } from '../api/use-api-data.ts'
import { Link, pathOf } from '../app/router.tsx'
import { FiguresCharts } from '../incidents/FiguresCharts.tsx'
import { FiguresSummary, FiguresTable } from '../incidents/FiguresTable.tsx'
import {
  type FiguresHistoryResponse,
  type FiguresJson,
  type IncidentJson,
  tlpClass,
  type WatchJson,
} from '../incidents/incident-json.ts'
import { TraceJobs } from '../incidents/TraceJobs.tsx'
import type { TraceJobJson } from '../trace/trace-json.ts'
import { formatTime } from '../ui/format.ts'
import { ErrorBanner, Loading, PageHeader } from '../ui/states.tsx'
import '../incidents/incidents.css'

const notFound = (e: unknown) => e instanceof ApiError && e.status === 404

/** An incident's dashboard: its figures per asset with charts, its traces, its watch, and where to act. */
export function IncidentPage({ incidentId }: { incidentId: string }) {
  const base = `/v1/incidents/${encodeURIComponent(incidentId)}`
  const incident = useApiData<IncidentJson>(base)
  const figures = useApiData<FiguresJson>(`${base}/figures`)
  const history = useApiData<FiguresHistoryResponse>(`${base}/figures/history`)
  const traces = useApiData<{ traces: TraceJobJson[] }>(`${base}/traces`)
  const watch = useApiData<WatchJson>(`${base}/watch`)
  const i = incident.data
  const latest = figures.data?.traceId
  return (
    <section>
      <PageHeader title={i ? i.title : 'Incident'}>
        {latest ? (
          <Link to={pathOf('incidents', incidentId, 'traces', latest)} className="button">
            Trace view
          </Link>
        ) : null}
        <Link to={pathOf('incidents', incidentId, 'freeze')} className="button secondary">
          What to freeze where
        </Link>
      </PageHeader>
      <ErrorBanner error={incident.error} />
      {incident.loading ? <Loading what="the incident" /> : null}
      {i ? (
        <p>
          <span className={tlpClass(i.tlp)}>TLP:{i.tlp}</span> · {i.status} · chain {i.chain} · occurred{' '}
          {formatTime(i.occurredAt)}
          {i.sharedWith.length ? ` · shared with ${i.sharedWith.join(', ')}` : ''}
        </p>
      ) : null}
      {i?.description ? <p>{i.description}</p> : null}
      <section className="panel" aria-labelledby="figures-title">
        <h2 id="figures-title">Figures</h2>
        <ErrorBanner error={figures.error} />
        {figures.data ? (
          <>
            <FiguresTable figures={figures.data} />
            <FiguresSummary figures={figures.data} />
          </>
        ) : null}
      </section>
      {figures.data ? <FiguresCharts figures={figures.data} history={history.data?.points ?? null} /> : null}
      <section className="panel" aria-labelledby="traces-title">
        <h2 id="traces-title">Traces</h2>
        <ErrorBanner error={traces.error} />
        {traces.data ? <TraceJobs incidentId={incidentId} jobs={traces.data.traces} reload={traces.reload} /> : null}
      </section>
      <section className="panel" aria-labelledby="watch-title">
        <h2 id="watch-title">Watch</h2>
        {watch.data ? (
          <p>
            Watched under the {watch.data.model} model, {watch.data.hops} hops, from block{' '}
            {watch.data.fromBlock ?? 'the first'};{' '}
            {watch.data.block
              ? `carried through block ${watch.data.block} (${formatTime(watch.data.updatedAt)})`
              : 'not started yet'}
            .
          </p>
        ) : notFound(watch.error) ? (
          <p>Not watched: its figures change only when a new trace runs.</p>
        ) : (
          <ErrorBanner error={watch.error} />
        )}
      </section>
    </section>
  )
}
