import { AddressLink } from '../address/AddressLink.tsx'
import { Link, pathOf } from '../app/router.tsx'
import { SeverityBadge } from '../screening/SeverityBadge.tsx'
import { formatDuration, formatTime, formatUnits, short } from '../ui/format.ts'
import type { AlertFreezeWindow, AlertRecord, FreezeRequestDraft } from './alert-types.ts'
import { FreezeAction } from './FreezeAction.tsx'

/** An amount of the alert's asset, or of another asset on its path (base units then: the alert names one asset's decimals). */
function amountOf(a: AlertRecord, amount: string, asset: string): string {
  if (asset !== a.asset || a.decimals === null) return `${formatUnits(amount, 0)} base units of ${short(asset)}`
  return `${formatUnits(amount, a.decimals)} ${a.symbol ?? short(asset)}`
}

/** One alert: what happened where, the exact amount, the path that carried the taint, and its freeze request. */
export function AlertCard({ alert: a, incidentTitle }: { alert: AlertRecord; incidentTitle?: string | undefined }) {
  const headingId = `alert-${a.seq}`
  return (
    <article
      className={`panel alert-card${a.retracted ? ' retracted' : ''}`}
      aria-labelledby={headingId}
      data-alert-id={a.id}
      data-seq={a.seq}
    >
      <header className="alert-head">
        <h2 id={headingId}>
          {a.kind} <SeverityBadge value={a.severity} />
          {a.retracted ? <span className="badge">retracted</span> : null}
        </h2>
        <span className="muted">
          #{a.seq} · raised {formatTime(a.raisedAt)}
        </span>
      </header>
      <AlertFacts alert={a} incidentTitle={incidentTitle} />
      {a.path.length > 0 ? (
        <details className="alert-path">
          <summary>
            Path ({a.path.length} transfer{a.path.length === 1 ? '' : 's'})
          </summary>
          <ol>
            {a.path.map((s) => (
              <li key={`${s.tx}-${s.from}-${s.to}`}>
                <AddressLink chain={a.chain} address={s.from} /> → <AddressLink chain={a.chain} address={s.to} />{' '}
                {amountOf(a, s.amount, s.asset)} in block {s.block}, tx <code title={s.tx}>{short(s.tx, 8)}</code>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {a.freezeRequest && !a.retracted ? <FreezePanel alert={a} fr={a.freezeRequest} /> : null}
      {!a.freezeRequest && a.kind === 'freezable-funds' && a.traceId && !a.retracted ? (
        <TraceFreezePanel alert={a} />
      ) : null}
    </article>
  )
}

function FreezePanel({ alert: a, fr }: { alert: AlertRecord; fr: FreezeRequestDraft }) {
  return (
    <section className="freeze-panel" aria-label="Freeze request">
      <h3>Freeze request, pre-filled</h3>
      <p>
        Ask {fr.freezer.kind === 'exchange' ? 'the exchange' : 'the issuer'} <strong>{fr.freezer.name}</strong> to
        freeze <span className="amount">{amountOf(a, fr.amount, fr.asset)}</span> at{' '}
        <AddressLink chain={a.chain} address={fr.address} full />; evidence: {fr.txs.length} transaction
        {fr.txs.length === 1 ? '' : 's'}, {fr.evidence.model} model
        {fr.evidence.labels.length > 0 ? `, labels ${fr.evidence.labels.join(', ')}` : ''}.
      </p>
      <FreezeAction alert={a} address={fr.address} label={`Draft freeze request to ${fr.freezer.name}`} />
      <p>
        <Link to={pathOf('incidents', a.incident, 'freeze')}>Freeze board of {a.incident}</Link>
      </p>
    </section>
  )
}

/** A trace's freezable endpoint: the request is drafted from that trace's endpoint at the address. */
function TraceFreezePanel({ alert: a }: { alert: AlertRecord }) {
  const address = a.addresses[0]
  if (!address) return null
  return (
    <section className="freeze-panel" aria-label="Freeze request">
      <h3>Freeze request, pre-filled from the trace</h3>
      <p>{a.message}</p>
      <FreezeAction alert={a} address={address} label={`Draft freeze request for ${address}`} />
      <p>
        <Link to={pathOf('incidents', a.incident, 'freeze')}>Freeze board of {a.incident}</Link>
      </p>
    </section>
  )
}

/** What happened where: the incident, the exact amount, the addresses, the block and transaction, the place. */
function AlertFacts({ alert: a, incidentTitle }: { alert: AlertRecord; incidentTitle?: string | undefined }) {
  return (
    <dl className="alert-facts">
      <dt>Incident</dt>
      <dd>
        <Link to={pathOf('incidents', a.incident)}>{incidentTitle ?? a.incident}</Link>{' '}
        <span className={`badge tlp-${a.tlp.toLowerCase()}`}>TLP:{a.tlp}</span>
      </dd>
      <dt>Amount</dt>
      <dd className="amount">{amountOf(a, a.amount, a.asset)}</dd>
      <dt>Addresses</dt>
      <dd>
        {a.addresses.map((x) => (
          <span key={x} className="addr">
            <AddressLink chain={a.chain} address={x} full />{' '}
          </span>
        ))}
      </dd>
      <dt>Chain, block</dt>
      <dd>
        {a.chain}
        {a.block ? `, block ${a.block}` : ''}
      </dd>
      {a.tx ? (
        <>
          <dt>Transaction</dt>
          <dd>
            <code title={a.tx}>{a.tx}</code>
          </dd>
        </>
      ) : null}
      {a.freezeWindow ? (
        <>
          <dt>Freeze window</dt>
          <dd>
            <FreezeWindowText w={a.freezeWindow} />
          </dd>
        </>
      ) : null}
      {a.place ? (
        <>
          <dt>Freezable place</dt>
          <dd>{a.place}</dd>
        </>
      ) : null}
    </dl>
  )
}

/** Since when the funds could be frozen, and for how long they stayed: the window an investigator races. */
function FreezeWindowText({ w }: { w: AlertFreezeWindow }) {
  const at = (m: { block: string; time: string | null }) =>
    `block ${m.block}${m.time === null ? '' : ` (${formatTime(Number(m.time))})`}`
  return (
    <span className="freeze-window">
      open since {at(w.arrived)}
      {w.departed
        ? `; closed at ${at(w.departed)}, after ${formatDuration(w.seconds)}`
        : '; still open: the funds are there'}
      {w.freezableBy.length > 0 ? `; freezable by ${w.freezableBy.map((f) => f.name).join(' and ')}` : ''}
    </span>
  )
}
