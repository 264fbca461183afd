import { grid, totalsColumns } from '../trace/render/render-table.ts'
import { assetSymbol } from '../trace/result/asset-format.ts'
import type { TraceResult } from '../trace/trace-types.ts'
import { formatDuration } from './parse-when.ts'
import type { UsdFigure } from './valuation.ts'
import type { EndpointUsd, TraceUsd, UsdSum } from './value-trace.ts'

const cell = (f: UsdFigure | undefined) => (f === undefined ? '-' : f.usd === null ? `(${f.missing})` : f.display)
const sumCell = (s: UsdSum | undefined) => (s === undefined ? '-' : `${s.display}${s.complete ? '' : '+'}`)

/**
 * The USD section of the table report: per asset, stolen at the first traced transfer and every total now, a
 * line across assets, and the prices used. USD is kept apart from the exact totals above it.
 */
export function usdTotalsLines(r: TraceResult, usd: TraceUsd): string[] {
  // Every total but swapped-in taint, whose value is already in the totals it went to.
  const all = totalsColumns(r.direction).filter(([f]) => f !== 'swappedIn')
  const columns = all.filter(([f]) => f === 'stolen' || usd.sums.now[f] !== undefined)
  const first = all[0]?.[1] ?? 'stolen'
  const seed = usd.seedTime ? `${first} at ${usd.seedTime.date}` : `${first} at first transfer`
  const header = ['asset', seed, ...columns.map(([, h]) => `${h} now`)]
  const rows = [header]
  for (const [asset, t] of Object.entries(usd.totals)) {
    rows.push([assetSymbol(r, asset), cell(t.stolenAtSeed), ...columns.map(([f]) => cell(t.now[f]))])
  }
  if (rows.length > 2) {
    rows.push(['all', sumCell(usd.sums.stolenAtSeed), ...columns.map(([f]) => sumCell(usd.sums.now[f]))])
  }
  const out = [`USD (now = ${usd.now.date}; prices at most ${formatDuration(usd.maxAgeSeconds)} old; ${usd.rounding})`]
  out.push(...grid(rows))
  const incomplete = rows.some((row) => row.some((c) => c.endsWith('+')))
  if (incomplete) out.push('  + a lower bound: some figures have no price')
  out.push(`  prices: ${pricesUsed(r, usd).join('; ') || 'none applied'}`)
  return out
}

/** The prices behind the "now" figures, one per asset, with source and date. */
function pricesUsed(r: TraceResult, usd: TraceUsd): string[] {
  const out: string[] = []
  for (const [asset, t] of Object.entries(usd.totals)) {
    const f = Object.values(t.now).find((x) => x !== undefined)
    if (f === undefined) continue
    const sym = assetSymbol(r, asset)
    if (f.usd === null) {
      out.push(
        `${sym} ${f.missing}${f.latest ? ` (latest ${f.latest.usdPerUnit} USD, ${f.latest.date}, ${f.latest.source})` : ''}`,
      )
    } else {
      out.push(`${sym} ${f.price.usdPerUnit} USD (${f.price.source}, ${f.price.date})`)
    }
  }
  return out
}

/** One endpoint's USD at its first arrival and now, for the line under it in the table. */
export function endpointUsdNote(r: TraceResult, e: EndpointUsd): string {
  const sym = assetSymbol(r, e.asset)
  const arrival =
    e.atArrival.usd === null
      ? `arrival: ${e.atArrival.missing}`
      : `${e.atArrival.display} at arrival (${e.atArrival.price.usdPerUnit} USD/${sym}, ${e.atArrival.price.source}, ${e.atArrival.price.date})`
  const now = e.now.usd === null ? `now: ${e.now.missing}` : `${e.now.display} now`
  return `usd: ${arrival}; ${now}`
}
