import type { Label } from '../labels/label-types.ts'
import { type AssetInfo, formatAssetAmount } from './asset-amount.ts'
import type { Contribution, DirectionExposure } from './exposure.ts'
import { basisPoints, maxSeverity, type Policy, SEVERITIES, type Severity, sharePct } from './policy.ts'

/** Why a score is what it is: the address's own label, or exposure through labelled counterparties. */
export type Reason =
  | {
      kind: 'self'
      severity: Severity
      category: string
      name: string
      source: string
      sourceDate: string | null
      programmes: string[]
    }
  | {
      kind: 'exposure'
      severity: Severity
      category: string
      direction: 'incoming' | 'outgoing'
      exposure: 'direct' | 'indirect' | 'any'
      asset: string
      /** Attributed value (haircut) and the address's whole flow in that asset and direction. */
      amount: bigint
      total: bigint
      sharePct: string
      /** The asset's symbol and decimals (null when unknown), and amount and total as a person reads them. */
      symbol: string | null
      decimals: number | null
      amountText: string
      totalText: string
      /** The labelled addresses that make up the amount, largest first (at most five). */
      via: Contribution[]
    }

export interface Evaluation {
  severity: Severity
  reasons: Reason[]
}

const hopKind = (c: Contribution) => (c.hops === 1 ? 'direct' : 'indirect')

const UNKNOWN_ASSET: AssetInfo = { symbol: null, decimals: null }

/**
 * Applies a policy: every `self` category the address carries, and every rule whose exposure share
 * (amount * 10000 >= bp * total, exact) is met in some asset, gives a reason; the score is the most severe.
 * For one (category, direction, exposure, asset) only the most severe rule met is reported. `assets` names
 * the symbol and decimals of each asset for the reasons' text; an asset missing from it stays in base units.
 */
export function evaluatePolicy(
  policy: Policy,
  labels: readonly Label[],
  exposures: readonly DirectionExposure[],
  assets: Readonly<Record<string, AssetInfo>> = {},
): Evaluation {
  const reasons: Reason[] = []
  for (const l of labels) {
    const s = policy.self[l.category]
    if (!s) continue
    reasons.push({
      kind: 'self',
      severity: s,
      category: l.category,
      name: l.name,
      source: l.source,
      sourceDate: l.sourceDate,
      programmes: l.programmes,
    })
  }
  const best = new Map<string, Reason>()
  for (const rule of policy.rules) {
    for (const x of exposures) {
      if (rule.direction !== 'any' && rule.direction !== x.direction) continue
      const via = x.contributions.filter(
        (c) => c.label.category === rule.category && (rule.exposure === 'any' || hopKind(c) === rule.exposure),
      )
      const byAsset = new Map<string, bigint>()
      for (const c of via) byAsset.set(c.asset, (byAsset.get(c.asset) ?? 0n) + c.amount)
      for (const [asset, amount] of byAsset) {
        const total = x.totals[asset] ?? 0n
        if (amount <= 0n || amount * 10000n < basisPoints(rule.minSharePct) * total) continue
        const key = `${rule.category}|${x.direction}|${rule.exposure}|${asset}`
        const prev = best.get(key)
        if (prev && SEVERITIES.indexOf(prev.severity) >= SEVERITIES.indexOf(rule.severity)) continue
        const info = assets[asset] ?? UNKNOWN_ASSET
        best.set(key, {
          kind: 'exposure',
          severity: rule.severity,
          category: rule.category,
          direction: x.direction,
          exposure: rule.exposure,
          asset,
          amount,
          total,
          sharePct: sharePct(amount, total),
          symbol: info.symbol,
          decimals: info.decimals,
          amountText: formatAssetAmount(amount, info, asset),
          totalText: formatAssetAmount(total, info, asset),
          via: via.filter((c) => c.asset === asset).slice(0, 5),
        })
      }
    }
  }
  reasons.push(...best.values())
  reasons.sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity))
  const severity = reasons.reduce<Severity>((s, r) => maxSeverity(s, r.severity), 'none')
  return { severity, reasons }
}
