import { unitsOf, unitsText } from '../../cases/asset-amount.ts'
import type { ScreenResult } from '../../screen/screener.ts'
import type { ExposureByCategory } from './web-api-types.ts'

/**
 * Exposure summed per direction, category, direct (one transfer away) or indirect (further), and asset, from the
 * screening result's contributions: what the address page charts beside the reasons.
 */
export function exposureByCategory(result: ScreenResult): ExposureByCategory[] {
  const groups = new Map<
    string,
    { row: Omit<ExposureByCategory, 'amountFormatted' | 'amount' | 'counterparties'>; amount: bigint; who: Set<string> }
  >()
  for (const d of result.exposure) {
    for (const c of d.contributions) {
      const scope = c.hops === 1 ? 'direct' : 'indirect'
      const k = `${d.direction} ${c.label.category} ${scope} ${c.asset}`
      let g = groups.get(k)
      if (!g) {
        const u = unitsOf(result.assets, c.asset)
        g = {
          row: {
            direction: d.direction,
            category: c.label.category,
            scope,
            asset: c.asset,
            symbol: u.symbol,
            decimals: u.decimals,
          },
          amount: 0n,
          who: new Set(),
        }
        groups.set(k, g)
      }
      g.amount += c.amount
      g.who.add(c.address)
    }
  }
  return [...groups.values()]
    .map((g) => ({
      ...g.row,
      amount: g.amount.toString(),
      amountFormatted: unitsText(g.amount, { symbol: g.row.symbol, decimals: g.row.decimals }),
      counterparties: g.who.size,
    }))
    .sort(
      (a, b) =>
        a.direction.localeCompare(b.direction) ||
        a.category.localeCompare(b.category) ||
        a.scope.localeCompare(b.scope) ||
        a.asset.localeCompare(b.asset),
    )
}
