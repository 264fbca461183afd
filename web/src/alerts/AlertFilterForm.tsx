import { ALERT_KINDS, ALERT_SEVERITIES, type AlertFilters } from './alert-types.ts'

export interface IncidentItem {
  id: string
  title: string
}

/** Narrows the feed by incident, kind and minimum severity; the list and the live stream follow the same filters. */
export function AlertFilterForm({
  value,
  onChange,
  incidents,
}: {
  value: AlertFilters
  onChange: (f: AlertFilters) => void
  incidents: readonly IncidentItem[]
}) {
  return (
    <form className="panel alert-filters" aria-label="Alert filters" onSubmit={(e) => e.preventDefault()}>
      <div>
        <label htmlFor="alert-incident">Incident</label>
        <select
          id="alert-incident"
          value={value.incident}
          onChange={(e) => onChange({ ...value, incident: e.target.value })}
        >
          <option value="">all incidents</option>
          {incidents.map((i) => (
            <option key={i.id} value={i.id}>
              {i.title}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="alert-kind">Kind</label>
        <select id="alert-kind" value={value.kind} onChange={(e) => onChange({ ...value, kind: e.target.value })}>
          <option value="">all kinds</option>
          {ALERT_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="alert-severity">Minimum severity</label>
        <select
          id="alert-severity"
          value={value.minSeverity}
          onChange={(e) => onChange({ ...value, minSeverity: e.target.value })}
        >
          <option value="">any</option>
          {ALERT_SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
    </form>
  )
}
