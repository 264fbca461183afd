import { useState } from 'react'
import { useApi } from '../api/session.tsx'
import type { TraceJson } from '../trace/trace-json.ts'
import { amountText } from '../trace/trace-units.ts'
import { formatDuration, formatTime, short } from '../ui/format.ts'
import { ErrorBanner } from '../ui/states.tsx'

const when = (t: string | null | undefined) => formatTime(t ? Number(t) : null)

/**
 * The freezable endpoints of a trace: who can freeze what, how much, since when, and whether it is still there;
 * each with one button that drafts its freeze request, pre-filled by the server from the endpoint.
 */
export function FreezableList({
  incidentId,
  traceId,
  result,
  open,
  onDrafted,
}: {
  incidentId: string
  traceId: string
  result: TraceJson
  /** Address|asset of endpoints with an open freeze request. */
  open: Set<string>
  onDrafted: () => void
}) {
  const api = useApi()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const rows = result.endpoints.filter((e) => e.freezableBy.length > 0)
  const windowOf = (address: string, asset: string) =>
    result.freezeWindows.find((w) => w.address === address && w.asset === asset)
  const draft = async (address: string) => {
    setBusy(address)
    setError(null)
    try {
      await api.post(
        `/v1/incidents/${encodeURIComponent(incidentId)}/traces/${encodeURIComponent(traceId)}/freeze-requests`,
        {
          addresses: [address],
        },
      )
      onDrafted()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(null)
    }
  }
  if (rows.length === 0) return <p>The trace reached no place that can freeze funds.</p>
  return (
    <>
      <ErrorBanner error={error} />
      <div className="table-wrap">
        <table aria-label="Freezable endpoints">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Freezable by</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">First arrival</th>
              <th scope="col">Still there</th>
              <th scope="col">Freeze request</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => {
              const w = windowOf(e.address, e.asset)
              const has = open.has(`${e.address}|${e.asset}`)
              return (
                <tr key={`${e.address}|${e.asset}`}>
                  <td className="mono" title={e.address}>
                    {short(e.address)}
                    {e.depositAddress ? <div className="muted">deposit address</div> : null}
                  </td>
                  <td>{e.freezableBy.map((f) => `${f.name} (${f.kind})`).join(', ')}</td>
                  <td className="num">{amountText(result.assets, e.asset, e.amount)}</td>
                  <td>{e.firstArrival ? `${when(e.firstArrival.time)} · block ${e.firstArrival.block}` : '—'}</td>
                  <td>
                    {w
                      ? w.departed
                        ? `left after ${formatDuration(w.seconds)}`
                        : `${amountText(result.assets, e.asset, w.remaining)} remains`
                      : '—'}
                  </td>
                  <td>
                    {has ? (
                      'open'
                    ) : (
                      <button
                        type="button"
                        disabled={busy !== null}
                        onClick={() => void draft(e.address)}
                        aria-label={`Draft freeze request for ${e.address}`}
                      >
                        {busy === e.address ? 'Drafting…' : 'Draft freeze request'}
                      </button>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </>
  )
}
