import { useApiData } from '../api/use-api-data.ts'
import type { Label } from '../screening/screen-types.ts'
import type { AddressLabel, AddressLabels } from './address-types.ts'

/**
 * The address's labels: who says what, from which list of which date, and since when (with the registry's history,
 * delisted labels included). Without the history route the screening answer's current labels are shown.
 */
export function LabelsPanel({
  chain,
  address,
  current,
}: {
  chain: string
  address: string
  current: readonly Label[]
}) {
  const { data, error } = useApiData<AddressLabels>(
    `/v1/addresses/${encodeURIComponent(chain)}/${encodeURIComponent(address)}/labels`,
  )
  const labels: AddressLabel[] =
    data?.labels ??
    current.map((l) => ({ ...l, addedOn: l.addedOn ?? null, removedOn: l.removedOn ?? null, active: true }))
  const history = data?.history === true
  return (
    <section className="panel" aria-labelledby="address-labels">
      <h2 id="address-labels">Labels</h2>
      {error && !data ? (
        <p className="muted">Label history unavailable ({error.message}); current labels shown.</p>
      ) : null}
      {labels.length === 0 ? (
        <p className="muted">No label source names this address.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Name</th>
                <th scope="col">Source</th>
                <th scope="col">List date</th>
                <th scope="col" className="num">
                  Confidence
                </th>
                <th scope="col">Programmes</th>
                {history ? <th scope="col">History</th> : null}
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {labels.map((l) => (
                <tr key={`${l.source}|${l.category}|${l.addedOn ?? ''}`} className={l.active ? undefined : 'delisted'}>
                  <td>{l.category}</td>
                  <td>{l.name}</td>
                  <td>
                    <code>{l.source}</code>
                  </td>
                  <td>{l.sourceDate ?? 'undated'}</td>
                  <td className="num">{l.confidence}</td>
                  <td>{l.programmes.join(', ') || '—'}</td>
                  {history ? (
                    <td>
                      listed {l.addedOn ?? '—'}
                      {l.removedOn ? `, delisted ${l.removedOn}` : l.active ? ', still listed' : ''}
                    </td>
                  ) : null}
                  <td>{l.notes ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
