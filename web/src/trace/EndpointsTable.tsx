import { formatTime, short } from '../ui/format.ts'
import type { TraceJson } from './trace-json.ts'
import { amountText } from './trace-units.ts'

/** Where the traced money ended, with exact amounts, first arrival and who can freeze it; each selects its node. */
export function EndpointsTable({
  result,
  shown,
  onSelect,
}: {
  result: TraceJson
  shown: Set<string>
  onSelect: (a: string) => void
}) {
  const rows = result.endpoints.filter((e) => shown.has(e.address))
  return (
    <div className="table-wrap">
      <table>
        <caption>
          Endpoints ({rows.length} shown of {result.listed.endpointsTotal})
        </caption>
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Category</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">First arrival</th>
            <th scope="col">Freezable by</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 500).map((e) => (
            <tr key={`${e.address}|${e.asset}`}>
              <td>
                <button
                  type="button"
                  className="link-button mono"
                  title={e.address}
                  onClick={() => onSelect(e.address)}
                >
                  {short(e.address)}
                </button>
              </td>
              <td>
                {e.category}
                {e.name ? ` · ${e.name}` : ''}
                {e.depositAddress ? ' (deposit address)' : ''}
              </td>
              <td className="num">{amountText(result.assets, e.asset, e.amount)}</td>
              <td>
                {e.firstArrival
                  ? `${formatTime(e.firstArrival.time ? Number(e.firstArrival.time) : null)} · block ${e.firstArrival.block}`
                  : '—'}
              </td>
              <td>{e.freezableBy.map((f) => `${f.name} (${f.kind})`).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
