import { useApiData } from '../api/use-api-data.ts'
import { Link, pathOf } from '../app/router.tsx'
import { FreezableList } from '../freeze/FreezableList.tsx'
import { FreezeCard } from '../freeze/FreezeCard.tsx'
import { FREEZE_STATUSES, type FreezeRequestJson } from '../freeze/freeze-json.ts'
import { ProbableTargets } from '../freeze/ProbableTargets.tsx'
import type { TraceJobJson, TraceJson } from '../trace/trace-json.ts'
import { ErrorBanner, Loading, PageHeader } from '../ui/states.tsx'
import '../freeze/freeze.css'

const CLOSED = new Set(['declined', 'released', 'recovered'])

/** What to freeze where (the latest finished forward trace's freezable endpoints) and the freeze-request board. */
export function FreezeBoardPage({ incidentId }: { incidentId: string }) {
  const base = `/v1/incidents/${encodeURIComponent(incidentId)}`
  const jobs = useApiData<{ traces: TraceJobJson[] }>(`${base}/traces`)
  const requests = useApiData<{ freezeRequests: FreezeRequestJson[] }>(`${base}/freeze-requests`)
  const latest = jobs.data?.traces
    .filter((j) => j.status === 'done' && j.request.direction === 'forward')
    .sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''))[0]
  const result = useApiData<TraceJson>(latest ? `${base}/traces/${encodeURIComponent(latest.id)}/result` : null)
  const all = requests.data?.freezeRequests ?? []
  const open = new Set(all.filter((f) => !CLOSED.has(f.status)).map((f) => `${f.address}|${f.asset}`))
  return (
    <section>
      <PageHeader title="What to freeze where">
        <Link to={pathOf('incidents', incidentId)} className="button secondary">
          Incident
        </Link>
        {latest ? (
          <Link to={pathOf('incidents', incidentId, 'traces', latest.id)} className="button secondary">
            Trace view
          </Link>
        ) : null}
      </PageHeader>
      <section className="panel freeze-section" aria-labelledby="freezable-title">
        <h2 id="freezable-title">Freezable endpoints{latest ? ` (${latest.request.model} trace)` : ''}</h2>
        <ErrorBanner error={jobs.error ?? result.error} />
        {jobs.loading || result.loading ? <Loading what="the trace" /> : null}
        {jobs.data && !latest ? <p>No finished forward trace yet: run one from the incident.</p> : null}
        {latest && result.data ? (
          <FreezableList
            incidentId={incidentId}
            traceId={latest.id}
            result={result.data}
            open={open}
            onDrafted={requests.reload}
          />
        ) : null}
      </section>
      {latest && result.data?.probable ? (
        <section className="panel freeze-section probable-targets" aria-labelledby="probable-targets-title">
          <h2 id="probable-targets-title">Probable freeze targets (past mixers)</h2>
          <p>
            Reached only through a mixer pool, each along one probable link: not exact evidence, not in the totals and
            not drafted from here. Confirm the link before asking for a freeze.
          </p>
          <ProbableTargets incidentId={incidentId} traceId={latest.id} result={result.data} />
        </section>
      ) : null}
      <section className="freeze-section" aria-labelledby="board-title">
        <h2 id="board-title">Freeze requests</h2>
        <ErrorBanner error={requests.error} />
        <div className="freeze-board">
          {FREEZE_STATUSES.map((s) => {
            const here = all.filter((f) => f.status === s)
            return (
              <section key={s} className="freeze-column" aria-labelledby={`col-${s}`}>
                <h3 id={`col-${s}`}>
                  {s[0]?.toUpperCase()}
                  {s.slice(1)} ({here.length})
                </h3>
                <ul>
                  {here.map((f) => (
                    <FreezeCard key={f.id} fr={f} onChanged={requests.reload} />
                  ))}
                </ul>
              </section>
            )
          })}
        </div>
      </section>
    </section>
  )
}
