import { formatUnits } from '../ui/format.ts'
import type { Reason, ScreenResult } from './screen-types.ts'

/** A source with its list date: `ofac-sdn 2025-11-19`. */
export const sourceText = (source: string, date: string | null | undefined): string =>
  date ? `${source} ${date}` : source

/**
 * One reason as a line, as `dragnet screen` writes it in its CSV: amounts in the asset's units from the server's
 * exact text, with the base units beside them in brackets so the cell loses no precision.
 */
export function reasonText(r: Reason): string {
  if (r.kind === 'self') {
    const prog = r.programmes.length > 0 ? `, ${r.programmes.join(';')}` : ''
    return `${r.severity}: is ${r.category}: ${r.name} (${sourceText(r.source, r.sourceDate)}${prog})`
  }
  const via = r.via
    .map(
      (c) =>
        `${c.address} ${c.label.name} (${c.label.source}) ${viaAmount(c.amount, r)} [${c.amount}] in ${c.hops} hop(s)` +
        ` via ${c.path.join('>')}`,
    )
    .join('; ')
  return (
    `${r.severity}: ${r.direction} ${r.exposure} ${r.category} ${r.sharePct}% of ${r.asset}: ` +
    `${r.amountText} of ${r.totalText} [base units ${r.amount}/${r.total}] from ${via}`
  )
}

/** A contribution's amount in the reason's asset: exact, in base units when the decimals are unknown. */
export function viaAmount(amount: string, r: { symbol: string | null; decimals: number | null; asset: string }) {
  if (r.decimals === null) return `${formatUnits(amount, 0)} base units of ${r.symbol ?? r.asset}`
  return `${formatUnits(amount, r.decimals)} ${r.symbol ?? r.asset}`
}

/** The address's own labels as one cell: `category:name (source)`. */
export const labelsText = (r: ScreenResult): string =>
  r.labels.map((l) => `${l.category}:${l.name} (${l.source})`).join('; ')
