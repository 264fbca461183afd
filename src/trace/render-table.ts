import { assetSymbol, formatAmount, shortAddress } from './asset-format.ts'
import type { AssetTotals, TraceEndpoint, TraceResult } from './trace-types.ts'

const COLUMNS: (keyof AssetTotals)[] = [
  'stolen',
  'swappedIn',
  'traced',
  'held',
  'exchange',
  'issuerFreezable',
  'bridge',
  'mixer',
  'dex',
  'dark',
  'unfollowed',
]
const HEADERS = [
  'stolen',
  'swapped in',
  'traced',
  'held',
  'at exchanges',
  'issuer-freezable',
  'bridged',
  'mixed',
  'swapped',
  'dark',
  'unfollowed',
]

/** The human report: totals per category and asset, what to freeze where, top endpoints with paths, stops. */
export function renderTable(r: TraceResult, top = 10): string {
  const out: string[] = []
  const seeds = [...r.seeds.addresses, ...r.seeds.txs].map(shortAddress).join(', ')
  out.push(`Trace (${r.model}, ${r.direction}) on ${r.chain} from ${seeds}`)
  const l = r.limits
  out.push(
    `Limits: ${l.hops} hops, min ${l.minAmount} base units, ${l.maxAddresses} addresses` +
      (l.fromBlock !== undefined ? `, from block ${l.fromBlock}` : '') +
      (l.toBlock !== undefined ? `, to block ${l.toBlock}` : ''),
  )
  if (r.empty) {
    out.push('', `Nothing traced: ${r.empty}`)
    return `${out.join('\n')}\n`
  }
  out.push('', 'Totals', ...grid(totalsRows(r)))
  out.push('', 'What to freeze where')
  const freeze = r.endpoints.filter((e) => e.freezableBy !== null)
  if (freeze.length === 0) out.push('  nothing freezable found')
  for (const e of freeze) out.push(`  ${freezeLine(r, e)}`)
  out.push('', `Top endpoints (${Math.min(top, r.endpoints.length)} of ${r.endpoints.length})`)
  r.endpoints.slice(0, top).forEach((e, i) => {
    out.push(`  ${i + 1}. ${endpointName(e)} ${e.address}: ${formatAmount(r, e.asset, e.amount)}`)
    out.push(`     path: ${pathText(r, e)}`)
  })
  const stops = new Map<string, number>()
  for (const s of r.stops) stops.set(s.reason, (stops.get(s.reason) ?? 0) + 1)
  out.push('', `Stopped: ${[...stops].map(([k, v]) => `${k} ${v}`).join(', ') || 'nowhere'}`)
  out.push(`Read ${r.stats.edgesLoaded} transfers, followed ${r.stats.addressesExpanded} addresses in ${r.stats.ms} ms`)
  return `${out.join('\n')}\n`
}

function totalsRows(r: TraceResult): string[][] {
  const rows = [['asset', ...HEADERS]]
  for (const [asset, t] of Object.entries(r.totals)) {
    rows.push([assetSymbol(r, asset), ...COLUMNS.map((c) => formatAmount(r, asset, t[c]).split(' ')[0] as string)])
  }
  return rows
}

function grid(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)))
  return rows.map(
    (row) =>
      `  ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')}`,
  )
}

function endpointName(e: TraceEndpoint): string {
  const name = e.name ? ` ${e.name}` : ''
  return `[${e.category}${name}${e.depositAddress ? ' deposit' : ''}]`
}

function freezeLine(r: TraceResult, e: TraceEndpoint): string {
  const who = e.category === 'exchange' ? `exchange ${e.freezableBy}` : `issuer ${e.freezableBy}`
  const first = e.firstArrival ? `, first ${e.firstArrival.tx} (block ${e.firstArrival.block})` : ''
  const more = e.txs.length > 1 ? `, ${e.txs.length} transactions` : ''
  return `${who}: ${e.address} holds ${formatAmount(r, e.asset, e.amount)}${e.depositAddress ? ' (deposit address)' : ''}${first}${more}`
}

function pathText(r: TraceResult, e: TraceEndpoint): string {
  if (e.path.length === 0) return '(seed)'
  const first = e.path[0]
  const steps = e.path.map(
    (p) => `-> ${shortAddress(p.to)} [${formatAmount(r, p.asset, p.tainted)}, ${shortAddress(p.tx)}]`,
  )
  return `${shortAddress(first?.from ?? '')} ${steps.join(' ')}`
}
