import type { MixerLink, MixerPool } from './mixer-types.ts'
import { type AssetUnits, amountText, type PoolSummary } from './pool-summary.ts'

/** The pools table of `dragnet mixer pools`. */
export function renderPools(chain: string, pools: readonly PoolSummary[]): string {
  if (pools.length === 0) return `no mixer pools recognised on ${chain}\n`
  const lines = [`${pools.length} mixer pool${pools.length === 1 ? '' : 's'} on ${chain}:`]
  for (const p of pools) {
    lines.push(
      `  ${p.address}  ${p.denominationText}  deposits ${p.deposits}  withdrawals ${p.withdrawals}  ` +
        `anonymity set ${p.anonymitySet}  by ${p.recognisedBy}${p.name ? `  (${p.name})` : ''}`,
    )
  }
  return `${lines.join('\n')}\n`
}

/** One link of `dragnet mixer links`, as lines an investigator checks against the chain. */
export function renderLink(
  link: MixerLink,
  pools: ReadonlyMap<string, MixerPool>,
  units: ReadonlyMap<string, AssetUnits>,
): string {
  const pool = pools.get(link.pool)
  const asset = pool?.asset ?? 'native'
  const d = link.deposit
  const w = link.withdrawal
  const paid = w.relayer === null ? 'no relayer' : `relayer ${w.relayer} fee ${amountText(w.fee, asset, units)}`
  const lines = [
    `link ${link.id}`,
    `  confidence ${link.confidence.toFixed(3)}  anonymity set ${link.anonymitySet.before} before, ${link.anonymitySet.after} after`,
    `  pool       ${link.pool}${pool ? `  ${amountText(pool.denomination, asset, units)}` : ''}${pool?.name ? `  (${pool.name})` : ''}`,
    `  deposit    ${d.tx}  block ${d.block}  from ${d.depositor}${d.pool === link.pool ? '' : `  into pool ${d.pool}`}`,
    `  withdrawal ${w.tx}  block ${w.block}  to ${w.recipient}  ${paid}`,
  ]
  for (const r of link.rules) lines.push(`  ${r.rule} ${r.confidence}: ${r.evidence}`)
  for (const c of link.competing ?? []) {
    const why = c.shares === 'withdrawal' ? 'another deposit for this withdrawal' : 'this deposit, another withdrawal'
    lines.push(`  competing ${c.id} (${c.confidence.toFixed(3)}, ${why})`)
  }
  return `${lines.join('\n')}\n`
}
