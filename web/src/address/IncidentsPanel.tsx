import { useApiData } from '../api/use-api-data.ts'
import { Link, pathOf } from '../app/router.tsx'
import { formatUnits } from '../ui/format.ts'
import { ErrorBanner, Loading } from '../ui/states.tsx'
import type { AddressIncidents } from './address-types.ts'

/** The incidents the reader may see that name the address as a seed or whose trace reached it, and how. */
export function IncidentsPanel({ chain, address }: { chain: string; address: string }) {
  const { data, error, loading } = useApiData<AddressIncidents>(
    `/v1/addresses/${encodeURIComponent(chain)}/${encodeURIComponent(address)}/incidents`,
  )
  return (
    <section className="panel" aria-labelledby="address-incidents">
      <h2 id="address-incidents">Incidents and cases</h2>
      {loading && !data ? <Loading what="incidents" /> : null}
      <ErrorBanner error={error} />
      {data && data.incidents.length === 0 ? (
        <p className="muted">No incident you may see names this address or traced funds through it.</p>
      ) : null}
      {data && data.incidents.length > 0 ? (
        <ul className="incident-list">
          {data.incidents.map((i) => (
            <li key={i.incidentId}>
              <Link to={pathOf('incidents', i.incidentId)}>{i.title}</Link>{' '}
              <span className={`badge tlp-${i.tlp.toLowerCase()}`}>TLP:{i.tlp}</span> {i.status}
              {i.seed ? ' · a seed of the incident' : ''}
              {i.traces.map((t) => (
                <div key={t.traceId} className="muted">
                  <Link to={pathOf('incidents', i.incidentId, 'traces', t.traceId)}>trace</Link> reached it at hop{' '}
                  {t.hop}
                  {t.category ? `, funds ended here as ${t.category}` : ''}
                  {Object.keys(t.received).length > 0
                    ? `; received ${Object.values(t.received)
                        .map((a) => `${formatUnits(a.amount, a.decimals)} ${a.symbol ?? ''}`.trim())
                        .join(', ')}`
                    : ''}
                </div>
              ))}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
