import { type ReactNode, useState } from 'react'
import { useApi } from '../api/session.tsx'
import { useApiData } from '../api/use-api-data.ts'
import { Link, pathOf } from '../app/router.tsx'
import { formatDuration, formatTime, formatUnits, short } from '../ui/format.ts'
import { ErrorBanner, Loading } from '../ui/states.tsx'
import type { AssetAmount, ExplainEdge, ExplainResponse } from './explain-types.ts'
import { NodePanelFrame } from './NodePanelFrame.tsx'

/** An exact amount with its symbol, grouped as everywhere else in the app. */
const amt = (a: AssetAmount) => `${formatUnits(a.amount, a.decimals)} ${a.symbol ?? short(a.asset)}`

function EdgeRow({ e }: { e: ExplainEdge }) {
  return (
    <span>
      <span className="mono" title={e.from}>
        {short(e.from)}
      </span>{' '}
      →{' '}
      <span className="mono" title={e.to}>
        {short(e.to)}
      </span>
      : <strong>{formatUnits(e.tainted, e.decimals)}</strong> {e.symbol ?? short(e.asset)} tainted of{' '}
      {formatUnits(e.amount, e.decimals)} · hop {e.hop} · tx{' '}
      <span className="mono" title={e.tx}>
        {short(e.tx, 10)}
      </span>{' '}
      · block {e.block} · {formatTime(e.time)}
    </span>
  )
}

/**
 * One address of the trace, explained: what reached it and what ended there (exact), every tainted arrival with the
 * path and transactions that carried it, its labels, who can freeze it and for how long it could have been frozen.
 */
export function NodePanel({
  incidentId,
  traceId,
  address,
  onClose,
  probable,
}: {
  incidentId: string
  traceId: string
  address: string
  onClose: () => void
  /** What the probable layer past mixers says of the address, shown apart from the exact account. */
  probable?: ReactNode
}) {
  const api = useApi()
  const { data, error, loading } = useApiData<ExplainResponse>(
    `/v1/incidents/${encodeURIComponent(incidentId)}/traces/${encodeURIComponent(traceId)}/explain`,
    { address },
  )
  const [drafted, setDrafted] = useState<string | null>(null)
  const [draftError, setDraftError] = useState<unknown>(null)
  const freezable = data?.endpoints.some((e) => e.freezableBy.length > 0) ?? false
  const draft = async () => {
    setDraftError(null)
    try {
      const r = await api.post<{ freezeRequests: { id: string }[] }>(
        `/v1/incidents/${encodeURIComponent(incidentId)}/traces/${encodeURIComponent(traceId)}/freeze-requests`,
        { addresses: [address] },
      )
      setDrafted(
        r.freezeRequests.length === 0
          ? 'An open freeze request exists already.'
          : `${r.freezeRequests.length} freeze request(s) drafted.`,
      )
    } catch (e) {
      setDraftError(e)
    }
  }
  return (
    <NodePanelFrame address={address} onClose={onClose}>
      {probable}
      {loading ? <Loading what="the explanation" /> : null}
      <ErrorBanner error={error} />
      {data ? (
        <>
          <p>
            {data.node.category ?? 'passed through'}
            {data.node.label ? ` · ${data.node.label.name}` : ''} · hop {data.node.hop} · {data.model} model ·{' '}
            <Link to={pathOf('addresses', data.chain, address)}>Address page</Link>
          </p>
          <dl className="figures-dl">
            <dt>Received (tainted)</dt>
            <dd>{data.node.received.map(amt).join(', ') || '—'}</dd>
            <dt>Ended here</dt>
            <dd data-testid="node-final">{data.node.final.map(amt).join(', ') || '—'}</dd>
          </dl>
          {data.labels.length > 0 ? (
            <>
              <h3>Labels</h3>
              <ul>
                {data.labels.map((l) => (
                  <li key={`${l.source}|${l.category}|${l.name}`}>
                    {l.category}: {l.name}{' '}
                    {l.source ? (
                      <span className="muted">
                        ({l.source}
                        {l.sourceDate ? `, ${l.sourceDate}` : ''})
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {data.endpoints.length > 0 ? (
            <>
              <h3>Endpoint</h3>
              <ul>
                {data.endpoints.map((e) => (
                  <li key={e.amount.asset}>
                    {e.category}
                    {e.name ? ` (${e.name}${e.depositAddress ? ' deposit address' : ''})` : ''}:{' '}
                    <strong>{amt(e.amount)}</strong>
                    {e.firstArrival
                      ? ` · first arrived ${formatTime(e.firstArrival.time)} in block ${e.firstArrival.block}`
                      : ''}
                    {e.freezableBy.length
                      ? ` · freezable by ${e.freezableBy.map((f) => `${f.name} (${f.kind})`).join(', ')}`
                      : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {freezable ? (
            <p>
              <button type="button" onClick={() => void draft()}>
                Draft freeze request
              </button>{' '}
              {drafted ? (
                <span role="status">
                  {drafted} <Link to={pathOf('incidents', incidentId, 'freeze')}>Open the freeze board</Link>
                </span>
              ) : null}
            </p>
          ) : null}
          <ErrorBanner error={draftError} />
          {data.freezeWindows.length > 0 ? (
            <>
              <h3>Freeze window</h3>
              <ul>
                {data.freezeWindows.map((w) => (
                  <li key={w.asset}>
                    {w.formatted.received} {w.symbol ?? short(w.asset)} arrived {formatTime(w.arrived.time)};{' '}
                    {w.departed
                      ? `the last left ${formatTime(w.departed.time)}, after ${formatDuration(w.seconds)}`
                      : `${w.formatted.remaining} still there`}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h3>Arrivals and their paths ({data.arrivals.length})</h3>
          {data.complete ? null : (
            <p className="muted">
              The stored result lists only part of the trace's transfers: some arrivals may be missing.
            </p>
          )}
          <ol className="arrivals">
            {data.arrivals.slice(0, 50).map((a) => (
              <li key={`${a.edge.tx}|${a.edge.position}|${a.edge.asset}`}>
                <EdgeRow e={a.edge} />
                {a.path.length > 1 ? (
                  <details>
                    <summary>Path of {a.path.length} transfers</summary>
                    <ol>
                      {a.path.map((p) => (
                        <li key={`${p.tx}|${p.position}|${p.asset}`}>
                          <EdgeRow e={p} />
                        </li>
                      ))}
                    </ol>
                  </details>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </NodePanelFrame>
  )
}
