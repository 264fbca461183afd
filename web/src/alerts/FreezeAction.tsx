import { useState } from 'react'
import { useApi } from '../api/session.tsx'
import { Link, pathOf } from '../app/router.tsx'
import { formatUnits, short } from '../ui/format.ts'
import { ErrorBanner } from '../ui/states.tsx'
import type { AlertRecord } from './alert-types.ts'

interface TraceJob {
  id: string
  status: string
}

/** A freeze request as the freeze routes answer (the fields this page shows). */
export interface FreezeRequest {
  id: string
  status: string
  address: string
  asset: string
  amount: string
  amountFormatted: string
  symbol: string | null
  decimals: number | null
  target: { kind: string; name: string }
}

/** The request's amount from its base units, exact and grouped; base units when its decimals are unknown. */
function requestAmount(f: FreezeRequest): string {
  const name = f.symbol ?? short(f.asset)
  return f.decimals === null
    ? `${formatUnits(f.amount, 0)} base units of ${name}`
    : `${formatUnits(f.amount, f.decimals)} ${name}`
}

type Outcome = { drafted: FreezeRequest[]; open: FreezeRequest[] }

/**
 * Drafts the alert's freeze request through the freeze routes: from the trace that raised the alert, or else the
 * incident's newest finished trace, for the alert's freezable address. A request already open for that address
 * is shown rather than drafted twice (the route skips it).
 */
async function draft(api: ReturnType<typeof useApi>, alert: AlertRecord, address: string): Promise<Outcome> {
  const incident = encodeURIComponent(alert.incident)
  let traceId = alert.traceId
  if (!traceId) {
    const { traces } = await api.get<{ traces: TraceJob[] }>(`/v1/incidents/${incident}/traces`)
    traceId = traces.find((t) => t.status === 'done')?.id ?? null
  }
  if (!traceId) throw new Error('the incident has no finished trace to draft the freeze request from')
  const { freezeRequests } = await api.post<{ freezeRequests: FreezeRequest[] }>(
    `/v1/incidents/${incident}/traces/${encodeURIComponent(traceId)}/freeze-requests`,
    { addresses: [address] },
  )
  if (freezeRequests.length > 0) return { drafted: freezeRequests, open: [] }
  const all = await api.get<{ freezeRequests: FreezeRequest[] }>(`/v1/incidents/${incident}/freeze-requests`)
  const open = all.freezeRequests.filter(
    (f) =>
      f.address.toLowerCase() === address.toLowerCase() && !['declined', 'released', 'recovered'].includes(f.status),
  )
  return { drafted: [], open }
}

/** The button that drafts the freeze request of `address`, and what came of it, with the way to the freeze board. */
export function FreezeAction({ alert, address, label }: { alert: AlertRecord; address: string; label: string }) {
  const api = useApi()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const board = pathOf('incidents', alert.incident, 'freeze')
  const run = () => {
    setBusy(true)
    setError(null)
    draft(api, alert, address)
      .then(setOutcome)
      .catch(setError)
      .finally(() => setBusy(false))
  }
  const shown = outcome ? [...outcome.drafted, ...outcome.open] : []
  return (
    <div className="freeze-action">
      {outcome === null ? (
        <button type="button" onClick={run} disabled={busy} aria-label={label}>
          {busy ? 'Drafting…' : label}
        </button>
      ) : null}
      <ErrorBanner error={error} />
      <div role="status" className="freeze-outcome">
        {outcome ? (
          <>
            {outcome.drafted.length > 0
              ? `Drafted ${outcome.drafted.length} freeze request${outcome.drafted.length === 1 ? '' : 's'}: `
              : shown.length > 0
                ? 'A freeze request for this address is already open: '
                : 'Nothing drafted. '}
            {shown.map((f) => (
              <span key={f.id} className="freeze-made" data-freeze-id={f.id}>
                {f.target.name}, {requestAmount(f)}, {f.status}.{' '}
              </span>
            ))}
            <Link to={board}>Open the freeze board</Link>
          </>
        ) : null}
      </div>
    </div>
  )
}
