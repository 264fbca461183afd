import { useApiData } from '../api/use-api-data.ts'
import { Link, pathOf } from '../app/router.tsx'
import { type IncidentJson, tlpClass } from '../incidents/incident-json.ts'
import { formatTime } from '../ui/format.ts'
import { ErrorBanner, Loading, PageHeader } from '../ui/states.tsx'

/** The incidents the caller may see, with their marking and status. */
export function IncidentsPage() {
  const { data, error, loading } = useApiData<{ incidents: IncidentJson[] }>('/v1/incidents')
  return (
    <section>
      <PageHeader title="Incidents" />
      <ErrorBanner error={error} />
      {loading ? <Loading what="incidents" /> : null}
      {data && data.incidents.length === 0 ? <p>No incident is visible to your organisation yet.</p> : null}
      {data && data.incidents.length > 0 ? (
        <div className="table-wrap">
          <table aria-label="Incidents">
            <thead>
              <tr>
                <th scope="col">Incident</th>
                <th scope="col">TLP</th>
                <th scope="col">Status</th>
                <th scope="col">Chain</th>
                <th scope="col">Occurred</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {data.incidents.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to={pathOf('incidents', i.id)}>{i.title}</Link>
                  </td>
                  <td>
                    <span className={tlpClass(i.tlp)}>TLP:{i.tlp}</span>
                  </td>
                  <td>{i.status}</td>
                  <td>{i.chain}</td>
                  <td>{formatTime(i.occurredAt)}</td>
                  <td>{formatTime(i.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}
