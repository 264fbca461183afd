import { formatTime, short } from '../ui/format.ts'
import { percent } from './probable-model.ts'
import type { AssetMeta, ProbableEndpointJson, ProbableLinkJson } from './trace-json.ts'
import { amountText } from './trace-units.ts'

const RULE_NAMES: Record<string, string> = {
  'address-match': 'Address match',
  'gas-price': 'Gas price',
  'linked-addresses': 'Linked addresses',
  'multi-denomination': 'Multi-denomination',
  timing: 'Timing',
}

export const ruleName = (r: string) => RULE_NAMES[r] ?? r

const when = (t: string | null | undefined) => formatTime(t ? Number(t) : null)

function Hash({ value, keep = 10 }: { value: string; keep?: number }) {
  return (
    <span className="mono" title={value}>
      {short(value, keep)}
    </span>
  )
}

/** One link through a pool: which deposit, which withdrawal, the rules and their evidence, how sure, among how many. */
function LinkDetails({
  link,
  poolName,
  assets,
}: {
  link: ProbableLinkJson
  poolName: string | null
  assets: Record<string, AssetMeta>
}) {
  const w = link.withdrawal
  return (
    <li className="probable-link" data-link={link.id}>
      <dl className="figures-dl">
        <dt>Pool</dt>
        <dd>
          {poolName ? `${poolName} ` : ''}
          <Hash value={link.pool} keep={8} />
        </dd>
        <dt>Deposit</dt>
        <dd>
          tx <Hash value={link.deposit.tx} /> · block {link.deposit.block} · {when(link.deposit.time)} · from{' '}
          <Hash value={link.deposit.depositor} keep={8} />
        </dd>
        <dt>Withdrawal</dt>
        <dd>
          tx <Hash value={w.tx} /> · block {w.block} · {when(w.time)} · to <Hash value={w.recipient} keep={8} />
          {w.relayer ? (
            <>
              {' '}
              · relayer <Hash value={w.relayer} keep={8} /> kept {amountText(assets, link.asset, w.fee)}
            </>
          ) : null}
        </dd>
        <dt>Confidence</dt>
        <dd data-testid="link-confidence">{percent(link.confidence)}</dd>
        <dt>Anonymity set</dt>
        <dd data-testid="link-anonymity">
          {link.anonymitySet.before} deposits before the withdrawal; {link.anonymitySet.after} after the rules
        </dd>
        <dt>Taint carried</dt>
        <dd>{amountText(assets, link.asset, link.seeded)} (probable)</dd>
      </dl>
      {link.empty ? <p className="muted">Nothing could be traced past the withdrawal: {link.empty}</p> : null}
      <h4>Rules behind the link</h4>
      <ul className="probable-rules">
        {link.rules.map((r) => (
          <li key={r.rule} data-rule={r.rule}>
            <strong>{ruleName(r.rule)}</strong> ({percent(r.confidence)}): {r.evidence}
          </li>
        ))}
      </ul>
    </li>
  )
}

/**
 * What the probable layer says of one address: the amounts that probably ended there (never exact, never in the
 * totals) and every link they rest on.
 */
export function ProbableLinks({
  links,
  endpoints,
  poolName,
  assets,
}: {
  links: ProbableLinkJson[]
  endpoints: ProbableEndpointJson[]
  poolName: (pool: string) => string | null
  assets: Record<string, AssetMeta>
}) {
  return (
    <section className="probable-section" aria-labelledby="probable-title">
      <h3 id="probable-title">Past a mixer (probable)</h3>
      <p className="probable-note" data-testid="probable-note">
        Probable, not exact: what reached this address did so only through a mixer pool, along the link below. Its
        amount is a guess with the confidence shown and is not in the trace's totals.
      </p>
      {endpoints.length > 0 ? (
        <ul>
          {endpoints.map((e) => (
            <li key={`${e.asset}|${e.link}`} data-testid="probable-amount">
              {e.category}
              {e.name ? ` (${e.name})` : ''}: <strong>{amountText(assets, e.asset, e.amount)}</strong> probable ·
              confidence {percent(e.confidence)}
              {e.freezableBy.length
                ? ` · freezable by ${e.freezableBy.map((f) => `${f.name} (${f.kind})`).join(', ')}, if the link holds`
                : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <ol className="probable-links">
        {links.map((l) => (
          <LinkDetails key={l.id} link={l} poolName={l.poolName ?? poolName(l.pool)} assets={assets} />
        ))}
      </ol>
    </section>
  )
}
