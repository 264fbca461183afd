import { AddressLink } from '../address/AddressLink.tsx'
import { short } from '../ui/format.ts'
import { sourceText, viaAmount } from './reason-text.ts'
import { SeverityBadge } from './SeverityBadge.tsx'
import type { Reason } from './screen-types.ts'

/** Why a score is what it is: each reason with its severity and the list (source and date) or the path it rests on. */
export function ReasonList({ reasons, chain }: { reasons: readonly Reason[]; chain: string }) {
  if (reasons.length === 0) return <p className="muted">No reason to score it: no risky label and no risky exposure.</p>
  return (
    <ul className="reasons">
      {reasons.map((r, i) => (
        // Reasons have no id of their own; their order is the API's and stable for one answer.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={i}>
          <SeverityBadge value={r.severity} />{' '}
          {r.kind === 'self' ? <SelfReason r={r} /> : <ExposureReason r={r} chain={chain} />}
        </li>
      ))}
    </ul>
  )
}

function SelfReason({ r }: { r: Extract<Reason, { kind: 'self' }> }) {
  return (
    <span>
      is <strong>{r.category}</strong>: {r.name}{' '}
      <span className="source">
        source <code>{sourceText(r.source, r.sourceDate)}</code>
        {r.programmes.length > 0 ? `, programmes ${r.programmes.join(', ')}` : ''}
      </span>
    </span>
  )
}

function ExposureReason({ r, chain }: { r: Extract<Reason, { kind: 'exposure' }>; chain: string }) {
  return (
    <span>
      {r.direction} {r.exposure} exposure to <strong>{r.category}</strong>: {r.sharePct}% ({r.amountText} of{' '}
      {r.totalText})
      <ul className="via">
        {r.via.map((c) => (
          <li key={`${c.address}-${c.asset}`}>
            <AddressLink chain={chain} address={c.address} /> {c.label.name}{' '}
            <span className="source">
              source <code>{c.label.source}</code>
            </span>
            : {viaAmount(c.amount, r)} in {c.hops} hop{c.hops === 1 ? '' : 's'}
            {c.txs.length > 0 ? (
              <>
                {' '}
                via tx{' '}
                {c.txs.map((tx) => (
                  <code key={tx} title={tx} className="tx">
                    {short(tx, 8)}
                  </code>
                ))}
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </span>
  )
}
