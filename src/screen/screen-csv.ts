import { readFileSync } from 'node:fs'
import { DragnetError } from '../core/errors.ts'
import { csvLine, parseCsvLine } from '../labels/csv.ts'
import { formatAssetAmount } from './asset-amount.ts'
import type { Reason } from './evaluate-policy.ts'
import type { Screener, ScreenResult } from './screener.ts'

export const OUT_COLUMNS = [
  'address',
  'chain',
  'severity',
  'labels',
  'reasons',
  'incoming_exposure',
  'outgoing_exposure',
  'error',
] as const

export interface InputRow {
  line: number
  address: string
  chain?: string
}

/**
 * Reads addresses from CSV: a header naming `address` (and optionally `chain`), or one address a line with
 * no header. A row that is not CSV fails the batch with SCREEN_MALFORMED_INPUT naming the line; an invalid
 * address does not: it is reported in its output row.
 */
export function readScreenInput(path: string): InputRow[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new DragnetError('FILE_NOT_FOUND', `input file not found: ${path}`, { details: { path }, cause })
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const first = parseCsvLine(lines[0] ?? '')?.map((h) => h.trim().toLowerCase()) ?? []
  const hasHeader = first.includes('address')
  const at = hasHeader ? first.indexOf('address') : 0
  const chainAt = hasHeader ? first.indexOf('chain') : -1
  const width = hasHeader ? first.length : 1
  const rows: InputRow[] = []
  for (let i = hasHeader ? 1 : 0; i < lines.length; i++) {
    const raw = lines[i] as string
    if (raw.trim() === '' || raw.startsWith('#')) continue
    const f = parseCsvLine(raw)
    if (!f || f.length !== width) {
      throw new DragnetError('SCREEN_MALFORMED_INPUT', `${path}:${i + 1}: expected ${width} field(s)`, {
        details: { path, line: i + 1 },
      })
    }
    const chain = chainAt >= 0 ? (f[chainAt] as string).trim() : ''
    rows.push({ line: i + 1, address: (f[at] as string).trim(), ...(chain ? { chain } : {}) })
  }
  return rows
}

/**
 * One reason as a line of text: amounts in the asset's symbol and decimals, exact; with `baseUnits` (the CSV)
 * the base-unit amount and total follow in brackets, so a machine reading the cell loses no precision.
 */
export function reasonText(r: Reason, o: { baseUnits?: boolean } = {}): string {
  if (r.kind === 'self') {
    const prog = r.programmes.length > 0 ? `, ${r.programmes.join(';')}` : ''
    return `${r.severity}: is ${r.category}: ${r.name} (${r.source}${r.sourceDate ? ` ${r.sourceDate}` : ''}${prog})`
  }
  const info = { symbol: r.symbol, decimals: r.decimals }
  const via = r.via
    .map(
      (c) =>
        `${c.address} ${c.label.name} (${c.label.source}) ${formatAssetAmount(c.amount, info, r.asset)}` +
        `${o.baseUnits ? ` [${c.amount}]` : ''} in ${c.hops} hop(s) via ${c.path.join('>')}`,
    )
    .join('; ')
  const base = o.baseUnits ? ` [base units ${r.amount}/${r.total}]` : ''
  return (
    `${r.severity}: ${r.direction} ${r.exposure} ${r.category} ${r.sharePct}% of ${r.asset}: ` +
    `${r.amountText} of ${r.totalText}${base} from ${via}`
  )
}

function exposureCell(result: ScreenResult, direction: 'incoming' | 'outgoing'): string {
  const x = result.exposure.find((e) => e.direction === direction)
  if (!x) return result.exposureNote ?? ''
  const by = new Map<string, bigint>()
  for (const c of x.contributions) {
    const k = `${c.label.category}:${c.asset}`
    by.set(k, (by.get(k) ?? 0n) + c.amount)
  }
  return [...by]
    .map(([k, v]) => {
      const asset = k.slice(k.indexOf(':') + 1)
      return `${k}=${v}/${x.totals[asset] ?? 0n}`
    })
    .join(';')
}

/** The output line of one screened address. */
export function resultLine(r: ScreenResult): string {
  return csvLine([
    r.address,
    r.chain,
    r.severity,
    r.labels.map((l) => `${l.category}:${l.name} (${l.source})`).join('; '),
    r.reasons.map((x) => reasonText(x, { baseUnits: true })).join(' | '),
    exposureCell(r, 'incoming'),
    exposureCell(r, 'outgoing'),
    '',
  ])
}

/** Screens every row in order; an invalid address gives a row with severity `invalid` and the error. */
export async function screenRows(
  screener: Screener,
  rows: readonly InputRow[],
): Promise<{ text: string; results: (ScreenResult | DragnetError)[] }> {
  const parts = [csvLine(OUT_COLUMNS)]
  const results = await screener.screenMany(rows)
  results.forEach((r, i) => {
    if (!(r instanceof DragnetError)) {
      parts.push(resultLine(r))
      return
    }
    const row = rows[i] as InputRow
    const reason = r.details.reason === undefined ? '' : ` ${String(r.details.reason)}`
    parts.push(csvLine([row.address, row.chain ?? '', 'invalid', '', '', '', '', `${r.code}${reason}: ${r.message}`]))
  })
  return { text: parts.join(''), results }
}
