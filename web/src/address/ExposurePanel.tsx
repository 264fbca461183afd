import type { AssetInfo, DirectionExposure } from '../screening/screen-types.ts'
import { assetAmount } from './asset-text.ts'
import { exposureRows, sharePct } from './exposure-table.ts'

/** Exposure by category, each direction on its own: direct and indirect amounts against the address's whole flow. */
export function ExposurePanel({
  exposure,
  note,
  assets,
}: {
  exposure: readonly DirectionExposure[]
  note: string | null
  assets: Record<string, AssetInfo>
}) {
  return (
    <section className="panel" aria-labelledby="address-exposure">
      <h2 id="address-exposure">Exposure by category</h2>
      {note ? <p className="muted">Exposure not computed: {note}.</p> : null}
      {exposure.map((x) => (
        <Direction key={x.direction} x={x} assets={assets} />
      ))}
    </section>
  )
}

function Direction({ x, assets }: { x: DirectionExposure; assets: Record<string, AssetInfo> }) {
  const rows = exposureRows(x)
  const title = x.direction === 'incoming' ? 'Incoming (where its funds came from)' : 'Outgoing (where its funds went)'
  const flows = Object.entries(x.totals)
  return (
    <div className="exposure-direction">
      <h3>{title}</h3>
      <p className="muted">
        All {x.direction}:{' '}
        {flows.length === 0 ? 'none' : flows.map(([asset, v]) => assetAmount(v, asset, assets[asset])).join(', ')}
        {x.truncated ? ' (neighbourhood cut at the edge budget: exposure beyond it is not counted)' : ''}
      </p>
      {rows.length === 0 ? (
        <p className="muted">No labelled counterparty within the hops screened.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={`${x.direction} exposure by category`}>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  Direct
                </th>
                <th scope="col" className="num">
                  Indirect
                </th>
                <th scope="col" className="num">
                  Share of flow
                </th>
                <th scope="col" className="num">
                  Counterparties
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.category}-${r.asset}`} data-category={r.category}>
                  <td>{r.category}</td>
                  <td className="num">{assetAmount(r.direct, r.asset, assets[r.asset])}</td>
                  <td className="num">{assetAmount(r.indirect, r.asset, assets[r.asset])}</td>
                  <td className="num">{sharePct(r.direct + r.indirect, r.total)}%</td>
                  <td className="num">{r.counterparties}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
