import { assetSymbol, formatAmount, shortAddress } from '../result/asset-format.ts'
import { layerAssets } from '../result/probable-format.ts'
import type { AssetTotals, TraceEndpoint, TraceResult } from '../trace-types.ts'
import { freezeWindowLines } from './freeze-window-lines.ts'
import { probableLines } from './probable-lines.ts'

type Column = [keyof AssetTotals, string]

// Forward: where the stolen funds went. Backward: where the seeds' funds came from, in its own words.
const FORWARD: Column[] = [
  ['stolen', 'stolen'],
  ['swappedIn', 'swapped in'],
  ['traced', 'traced'],
  ['held', 'held'],
  ['exchange', 'at exchanges'],
  ['issuerFreezable', 'issuer-freezable'],
  ['bridge', 'bridged'],
  ['mixer', 'mixed'],
  ['dex', 'swapped'],
  ['dark', 'dark'],
  ['unfollowed', 'unfollowed'],
]
const BACKWARD: Column[] = [
  ['stolen', 'traced back'],
  ['swappedIn', 'via swaps'],
  ['traced', 'sourced'],
  ['held', 'from wallets'],
  ['exchange', 'from exchanges'],
  ['bridge', 'bridged in'],
  ['mixer', 'from mixers'],
  ['dex', 'from swaps'],
  ['dark', 'minted/unknown'],
  ['unfollowed', 'unfollowed'],
]

/** The totals' columns and their headings in the words of the trace's direction. */
export function totalsColumns(direction: TraceResult['direction']): readonly Column[] {
  return direction === 'backward' ? BACKWARD : FORWARD
}

const SOURCE_NAME: Record<string, string> = {
  exchange: 'exchange withdrawal',
  held: 'wallet',
  bridge: 'bridge',
  mixer: 'mixer output',
  dex: 'swap',
  dark: 'minted/unknown',
  unfollowed: 'unfollowed',
}

/** Sections another report adds to the table (USD values): lines after the totals, a note under each endpoint. */
export interface TableExtra {
  afterTotals: string[]
  endpointNote: (index: number) => string | undefined
}

/**
 * The human report. Forward: totals per category and asset, what to freeze where, top endpoints with their paths,
 * stops. Backward: where the funds came from (exchanges' withdrawals, mixers' outputs, wallets), with each path
 * written as the money moved, from the source to the seed. Every figure is read from the result as built, so
 * the table says what the JSON says.
 */
export function renderTable(r: TraceResult, top = 10, extra?: TableExtra): string {
  const backward = r.direction === 'backward'
  const out: string[] = []
  const given = [...r.seeds.addresses, ...r.seeds.txs]
  // A leg seeded by a crossing names outputs (txid:vout), which only the seed rules list.
  const seeds = (given.length > 0 ? given : r.seeds.rules.map((x) => x.seed)).map(shortAddress).join(', ')
  out.push(
    backward
      ? `Trace (${r.model}, backward) on ${r.chain}: where the funds of ${seeds} came from`
      : `Trace (${r.model}, forward) on ${r.chain} from ${seeds}`,
  )
  const l = r.limits
  out.push(
    `Limits: ${l.hops} hops, min ${l.minAsset === undefined ? `${l.minAmount} base units` : formatAmount(r, l.minAsset, l.minAmount)}, ${l.maxAddresses} addresses` +
      (l.fromBlock !== undefined ? `, from block ${l.fromBlock}` : '') +
      (l.toBlock !== undefined ? `, to block ${l.toBlock}` : ''),
  )
  if (r.empty) {
    out.push('', `Nothing traced: ${r.empty}`)
    return `${out.join('\n')}\n`
  }
  out.push('', 'Totals', ...grid(totalsRows(r, backward ? BACKWARD : FORWARD)))
  if (extra) out.push('', ...extra.afterTotals)
  if (backward) {
    out.push('', 'Where the funds came from')
    const sources = r.endpoints.filter((e) => e.category !== 'unfollowed')
    if (sources.length === 0) out.push('  no source found')
    for (const e of sources.slice(0, top)) out.push(`  ${sourceLine(r, e)}`)
  } else {
    out.push('', 'What to freeze where')
    const freeze = r.endpoints.filter((e) => e.freezableBy.length > 0)
    if (freeze.length === 0) out.push('  nothing freezable found')
    for (const e of freeze) out.push(`  ${freezeLine(r, e)}`)
  }
  const leftOut = Object.entries(r.leftOut)
  for (const [asset, d] of leftOut) {
    out.push(
      `  left out: ${d.endpoints} ${d.endpoints === 1 ? 'endpoint' : 'endpoints'} below ${formatAmount(r, asset, d.minimum)}, ` +
        `${formatAmount(r, asset, d.amount)} in all`,
    )
  }
  out.push(...freezeWindowLines(r, top))
  const shown = Math.min(top, r.endpoints.length)
  out.push('', `Top ${backward ? 'sources' : 'endpoints'} (${shown} of ${r.listed.endpointsTotal})`)
  r.endpoints.slice(0, top).forEach((e, i) => {
    out.push(`  ${i + 1}. ${endpointName(e, backward)} ${e.address}: ${formatAmount(r, e.asset, e.amount)}`)
    out.push(`     path: ${pathText(r, e)}`)
    const note = extra?.endpointNote(i)
    if (note) out.push(`     ${note}`)
  })
  out.push('', `Stopped: ${stopText(r)}`)
  out.push(`Read ${r.stats.edgesLoaded} transfers, followed ${r.stats.addressesExpanded} addresses in ${r.stats.ms} ms`)
  out.push(...probableSection(r, top))
  return `${out.join('\n')}\n`
}

/** The probable layer's section alone (empty without one), for a report that prints the exact part elsewhere. */
export function renderProbableSection(r: TraceResult, top = 10): string {
  return `${probableSection(r, top).join('\n')}\n`
}

function probableSection(r: TraceResult, top: number): string[] {
  const p = r.probable
  if (!p) return []
  return probableLines(r, p, (totals) => grid(totalsRows({ ...layerAssets(r, p), totals }, FORWARD)), top)
}

/** Stop counts over the whole trace, as `stopCounts` in JSON has them, largest first. */
export function stopText(r: Pick<TraceResult, 'stopCounts'>): string {
  const entries = Object.entries(r.stopCounts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  return entries.map(([k, v]) => `${k} ${v}`).join(', ') || 'nowhere'
}

function totalsRows(r: Pick<TraceResult, 'assets' | 'totals'>, columns: Column[]): string[][] {
  const rows = [['asset', ...columns.map(([, h]) => h)]]
  for (const [asset, t] of Object.entries(r.totals)) {
    rows.push([assetSymbol(r, asset), ...columns.map(([c]) => formatAmount(r, asset, t[c]).split(' ')[0] as string)])
  }
  return rows
}

/** Rows as aligned text columns: the first left-aligned, the others right-aligned (amounts). */
export function grid(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)))
  return rows.map(
    (row) =>
      `  ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')}`,
  )
}

function endpointName(e: TraceEndpoint, backward: boolean): string {
  const name = e.name ? ` ${e.name}` : ''
  const category = backward ? (SOURCE_NAME[e.category] ?? e.category) : e.category
  return `[${category}${name}${e.depositAddress ? ' deposit' : ''}]`
}

function freezeLine(r: TraceResult, e: TraceEndpoint): string {
  const who = e.freezableBy.map((f) => `${f.kind} ${f.name}`).join(' or ')
  const first = e.firstArrival ? `, first ${e.firstArrival.tx} (block ${e.firstArrival.block})` : ''
  const more = e.txs.length > 1 ? `, ${e.txs.length} transactions` : ''
  return `${who}: ${e.address} holds ${formatAmount(r, e.asset, e.amount)}${e.depositAddress ? ' (deposit address)' : ''}${first}${more}`
}

function sourceLine(r: TraceResult, e: TraceEndpoint): string {
  const what = SOURCE_NAME[e.category] ?? e.category
  const name = e.name ? ` ${e.name}` : ''
  const txs = e.txs.length > 1 ? ` in ${e.txs.length} transactions` : e.txs[0] ? ` in ${e.txs[0]}` : ''
  return `${what}${name}: ${e.address} sent ${formatAmount(r, e.asset, e.amount)}${txs}`
}

/** A path as the money moved: the first sender, then each recipient with the tainted amount and transaction. */
function pathText(r: TraceResult, e: TraceEndpoint): string {
  if (e.path.length === 0) return '(seed)'
  const first = e.path[0]
  const steps = e.path.map(
    (p) => `-> ${shortAddress(p.to)} [${formatAmount(r, p.asset, p.tainted)}, ${shortAddress(p.tx)}]`,
  )
  return `${shortAddress(first?.from ?? '')} ${steps.join(' ')}`
}
