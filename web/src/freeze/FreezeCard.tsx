import { useState } from 'react'
import { useApi } from '../api/session.tsx'
import { formatTime, formatUnits, short } from '../ui/format.ts'
import { ErrorBanner } from '../ui/states.tsx'
import { ACTION_NAMES, type FreezeRequestJson, NEXT_STATUS } from './freeze-json.ts'

/** One freeze request on the board: who, where, how much, and the moves its status allows; evidence to download. */
export function FreezeCard({ fr, onChanged }: { fr: FreezeRequestJson; onChanged: () => void }) {
  const api = useApi()
  const [error, setError] = useState<unknown>(null)
  const base = `/v1/incidents/${encodeURIComponent(fr.incidentId)}/freeze-requests/${encodeURIComponent(fr.id)}`
  const move = async (status: string) => {
    setError(null)
    try {
      await api.patch(base, { status })
      onChanged()
    } catch (e) {
      setError(e)
    }
  }
  const evidence = async () => {
    setError(null)
    try {
      await api.download(`${base}/evidence`, `evidence-${fr.id}.json`)
    } catch (e) {
      setError(e)
    }
  }
  const unit = fr.symbol ?? short(fr.asset)
  return (
    <li className="freeze-card panel" aria-label={`Freeze request ${fr.target.name} ${fr.address}`}>
      <p>
        <strong>{fr.target.name}</strong> ({fr.target.kind})
      </p>
      <p className="mono" title={fr.address}>
        {short(fr.address)}
      </p>
      <p>
        {formatUnits(fr.amount, fr.decimals)} {unit}
        {fr.frozenAmount ? ` · frozen ${formatUnits(fr.frozenAmount, fr.decimals)} ${unit}` : ''}
        {fr.recoveredAmount ? ` · recovered ${formatUnits(fr.recoveredAmount, fr.decimals)} ${unit}` : ''}
      </p>
      <p className="muted">Updated {formatTime(fr.updatedAt)}</p>
      <div className="card-actions">
        {NEXT_STATUS[fr.status].map((s) => (
          <button key={s} type="button" className="secondary" onClick={() => void move(s)}>
            {ACTION_NAMES[s]}
          </button>
        ))}
        <button type="button" className="secondary" onClick={() => void evidence()}>
          Evidence package
        </button>
        <a className="button secondary" href={`${base}/letter?format=pdf`}>
          Letter (PDF)
        </a>
      </div>
      <ErrorBanner error={error} />
    </li>
  )
}
