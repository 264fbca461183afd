import type { DirectionExposure } from '../screening/screen-types.ts'

/** Exposure of one direction to one category in one asset, split by distance, summed exactly. */
export interface ExposureRow {
  category: string
  asset: string
  direct: bigint
  indirect: bigint
  /** The address's whole flow in the asset and direction. */
  total: bigint
  /** Labelled counterparties behind the figure. */
  counterparties: number
}

/**
 * Sums a direction's contributions by (category, asset): one transfer away is direct, two or more indirect, as
 * the screening policy counts them (docs/screening.md). Bigint throughout: the rows add up to the API's amounts.
 */
export function exposureRows(x: DirectionExposure): ExposureRow[] {
  const rows = new Map<string, ExposureRow>()
  for (const c of x.contributions) {
    const key = `${c.label.category}\u0000${c.asset}`
    let row = rows.get(key)
    if (!row) {
      row = {
        category: c.label.category,
        asset: c.asset,
        direct: 0n,
        indirect: 0n,
        total: BigInt(x.totals[c.asset] ?? '0'),
        counterparties: 0,
      }
      rows.set(key, row)
    }
    if (c.hops === 1) row.direct += BigInt(c.amount)
    else row.indirect += BigInt(c.amount)
    row.counterparties++
  }
  return [...rows.values()].sort((a, b) => a.category.localeCompare(b.category) || a.asset.localeCompare(b.asset))
}

/** part / total in percent with two decimals, exact (floored), as the API's sharePct: '36.59'. */
export function sharePct(part: bigint, total: bigint): string {
  if (total <= 0n) return '0.00'
  const bp = (part * 10000n) / total
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, '0')}`
}
