import { formatAmount, shortAddress } from '../result/asset-format.ts'
import { layerAssets, linkBasis } from '../result/probable-format.ts'
import type { ProbableEndpoint, ProbableLayer, ProbableLink, TraceResult } from '../trace-types.ts'

/**
 * The table's probable section, after the exact report: the minimum confidence and rules, each link followed with
 * its evidence and anonymity set, the layer's own totals, its freeze targets (each with the link it rests on) and
 * the tainted value no link leads out of. None of it is in the exact totals above it.
 */
export function probableLines(
  r: TraceResult,
  p: ProbableLayer,
  totalsGrid: (totals: ProbableLayer['totals']) => string[],
  top = 10,
): string[] {
  const ra = layerAssets(r, p)
  const out = ['', 'Probable, past mixers (not in the totals above)']
  out.push(`  Links at confidence >= ${p.minConfidence}, rules: ${p.rules.join(', ') || 'none'}`)
  out.push(
    `  ${p.deposits.length} tainted ${p.deposits.length === 1 ? 'note' : 'notes'}, ${p.links.length} ${p.links.length === 1 ? 'link' : 'links'} followed`,
  )
  p.links.forEach((l, i) => {
    out.push(...linkLines(ra, l, i + 1))
  })
  if (p.capped) {
    const rest = Object.entries(p.capped.notFollowed).map(([a, v]) => formatAmount(ra, a, v))
    out.push(
      `  capped: ${p.capped.links} links qualified, ${p.capped.maxLinks} followed; not followed: ${rest.join(', ')}`,
    )
  }
  if (p.links.length > 0) out.push('', '  Probable totals', ...totalsGrid(p.totals).map((line) => `  ${line}`))
  out.push('', '  Probable freeze targets')
  const freeze = p.endpoints.filter((e) => e.freezableBy.length > 0)
  if (freeze.length === 0) out.push('    nothing freezable found past the mixers')
  for (const e of freeze) out.push(`    ${freezeTargetLine(ra, p, e)}`)
  const shown = p.endpoints.slice(0, top)
  if (shown.length > 0) out.push('', `  Probable endpoints (${shown.length} of ${p.endpoints.length})`)
  for (const e of shown) {
    out.push(`    [${e.category}${e.name ? ` ${e.name}` : ''}] ${e.address}: ${formatAmount(ra, e.asset, e.amount)}`)
    out.push(`      path: ${probablePath(ra, e)}`, `      rests on link ${linkNumber(p, e.link)}`)
  }
  const unlinked = Object.entries(p.unlinked)
  out.push('')
  if (unlinked.length === 0) out.push('  Unlinked: none (every tainted note has a link)')
  for (const [a, v] of unlinked) out.push(`  Unlinked: ${formatAmount(ra, a, v)} in notes no link leads out of`)
  for (const [a, v] of Object.entries(p.unmatched)) {
    out.push(`  Not a readable pool deposit: ${formatAmount(ra, a, v)} at mixer endpoints`)
  }
  return out
}

function linkLines(ra: Pick<TraceResult, 'assets'>, l: ProbableLink, n: number): string[] {
  const w = l.withdrawal
  const relayer =
    w.relayer === null
      ? 'withdrawn by the recipient itself (no relayer)'
      : `relayer ${w.relayer}, fee ${formatAmount(ra, l.asset, w.fee)}`
  const out = [
    `  Link ${n}: pool ${l.pool}${l.poolName ? ` (${l.poolName})` : ''}, notes of ${formatAmount(ra, l.asset, l.denomination)}`,
    `    deposit ${l.deposit.tx} (block ${l.deposit.block}) -> withdrawal ${w.tx} (block ${w.block})`,
    `    recipient ${w.recipient}; ${relayer}`,
    `    ${formatAmount(ra, l.asset, l.tainted)} tainted in the note, ${formatAmount(ra, l.asset, l.seeded)} seeded past the pool, ${l.hops} hops`,
    `    confidence ${l.confidence.toFixed(2)}, anonymity set ${l.anonymitySet.before} before, ${l.anonymitySet.after} after`,
  ]
  for (const e of l.rules) out.push(`    ${e.rule} (${e.confidence.toFixed(2)}): ${e.evidence}`)
  for (const c of l.competing ?? []) {
    const what = c.shares === 'withdrawal' ? 'another deposit for this withdrawal' : 'another withdrawal of this note'
    out.push(`    competing ${c.id} (${c.confidence.toFixed(2)}, ${what})`)
  }
  if (l.empty) out.push(`    nothing traced past it: ${l.empty}`)
  return out
}

function linkNumber(p: ProbableLayer, id: string): string {
  const l = p.links.find((x) => x.id === id)
  return l ? `${id} (${linkBasis(l)})` : id
}

function freezeTargetLine(ra: Pick<TraceResult, 'assets'>, p: ProbableLayer, e: ProbableEndpoint): string {
  const who = e.freezableBy.map((f) => `${f.kind} ${f.name}`).join(' or ')
  const first = e.firstArrival ? `, first ${e.firstArrival.tx} (block ${e.firstArrival.block})` : ''
  return (
    `${who}: ${e.address} holds ${formatAmount(ra, e.asset, e.amount)}${e.depositAddress ? ' (deposit address)' : ''}` +
    `${first}; rests on link ${linkNumber(p, e.link)}`
  )
}

/** A probable endpoint's path from the withdrawal, as the exact table writes paths. */
export function probablePath(ra: Pick<TraceResult, 'assets'>, e: ProbableEndpoint): string {
  const steps = e.path.map((s) => `-> ${shortAddress(s.to)} [${formatAmount(ra, s.asset, s.tainted)}]`)
  return `${shortAddress(e.path[0]?.from ?? '')} ${steps.join(' ')}`
}
