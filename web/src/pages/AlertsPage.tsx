import { useState } from 'react'
import { AlertCard } from '../alerts/AlertCard.tsx'
import { AlertFilterForm, type IncidentItem } from '../alerts/AlertFilterForm.tsx'
import type { AlertFilters } from '../alerts/alert-types.ts'
import { type StreamState, useAlertFeed } from '../alerts/use-alert-feed.ts'
import '../alerts/alerts.css'
import { useApiData } from '../api/use-api-data.ts'
import { ErrorBanner, Loading, PageHeader } from '../ui/states.tsx'

const STREAM_TEXT: Record<StreamState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: 'Checking every 5 s (the live stream is unavailable)',
}

/** The alert feed, newest first, live through the alert stream, with each freezable alert's freeze request one click away. */
export function AlertsPage() {
  const [filters, setFilters] = useState<AlertFilters>({ incident: '', kind: '', minSeverity: '' })
  const feed = useAlertFeed(filters)
  const { data } = useApiData<{ incidents: IncidentItem[] }>('/v1/incidents')
  const incidents = data?.incidents ?? []
  const titles = new Map(incidents.map((i) => [i.id, i.title]))
  return (
    <section className="page-alerts">
      <PageHeader title="Alerts">
        <span className={`stream-state stream-${feed.stream}`} role="status" aria-live="polite">
          {STREAM_TEXT[feed.stream]}
        </span>
      </PageHeader>
      <AlertFilterForm value={filters} onChange={setFilters} incidents={incidents} />
      <ErrorBanner error={feed.error} />
      {feed.loading && feed.alerts.length === 0 ? <Loading what="alerts" /> : null}
      {!feed.loading && feed.alerts.length === 0 && !feed.error ? (
        <p className="muted">No alerts yet. New ones appear here as they are raised.</p>
      ) : null}
      <div className="alert-feed" aria-live="polite" aria-relevant="additions">
        {feed.alerts.map((a) => (
          <AlertCard key={a.id} alert={a} incidentTitle={titles.get(a.incident)} />
        ))}
      </div>
      {feed.loadOlder ? (
        <button type="button" className="secondary" onClick={feed.loadOlder} disabled={feed.loading}>
          Load older alerts
        </button>
      ) : null}
    </section>
  )
}
