import { formatUnits } from '../ui/format.ts'
import { type FiguresJson, SHOWN_FIGURES } from './incident-json.ts'

/**
 * Per asset, every figure of the incident in the asset's units (exact, as the API formats them). Different assets
 * are not added up: without prices a total of ETH and USDX would mean nothing, so the total row counts places.
 */
export function FiguresTable({ figures }: { figures: FiguresJson }) {
  return (
    <div className="table-wrap">
      <table aria-label="Figures per asset">
        <thead>
          <tr>
            <th scope="col">Asset</th>
            {SHOWN_FIGURES.map(([k, name]) => (
              <th key={k} scope="col" className="num">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {figures.assets.map((a) => (
            <tr key={a.asset}>
              <th scope="row">
                {a.symbol ?? a.asset}
                {a.balanced ? '' : ' (unbalanced)'}
              </th>
              {SHOWN_FIGURES.map(([k]) => (
                <td key={k} className="num" title={`${a[k]} base units`}>
                  {formatUnits(a[k], a.decimals)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The totals that can be added across assets: freezable places, and freeze requests by status. */
export function FiguresSummary({ figures }: { figures: FiguresJson }) {
  const requests = Object.entries(figures.freezeRequests)
  return (
    <dl className="summary-dl">
      <dt>Figures from</dt>
      <dd>
        {figures.source === 'watch'
          ? `the watch, through block ${figures.watchedThrough}`
          : figures.source === 'trace'
            ? 'the latest finished trace'
            : 'no finished trace yet'}
      </dd>
      <dt>Assets</dt>
      <dd>{figures.assets.length}</dd>
      <dt>Freezable places reached</dt>
      <dd>
        {figures.freezePlaces
          ? `${figures.freezePlaces.total} (${figures.freezePlaces.open} still holding funds)`
          : '—'}
      </dd>
      <dt>Freeze requests</dt>
      <dd>{requests.length ? requests.map(([s, n]) => `${n} ${s}`).join(', ') : 'none'}</dd>
      {figures.assets
        .filter((a) => a.freezeWindow)
        .map((a) => (
          <div key={a.asset} className="summary-pair">
            <dt>Freeze window, {a.symbol ?? a.asset}</dt>
            <dd>
              {formatUnits(a.freezeWindow?.reached ?? '0', a.decimals)} reached freezable places;{' '}
              {formatUnits(a.freezeWindow?.left ?? '0', a.decimals)} left them;{' '}
              {formatUnits(a.freezeWindow?.remaining ?? '0', a.decimals)} still there
            </dd>
          </div>
        ))}
    </dl>
  )
}
