import { formatUnits } from '../core/amount.ts'
import type { HeistManifest } from '../devnet/world/manifest.ts'
import type { TraceResult } from '../trace/trace-types.ts'

export interface GroundTruthCheck {
  category: 'exchange' | 'bridge' | 'mixer' | 'held'
  asset: string
  symbol: string
  expected: bigint
  traced: bigint
  ok: boolean
}

const CATEGORIES = ['exchange', 'bridge', 'mixer', 'held'] as const

/**
 * Compares a trace's totals with the heist's ground truth (computed from on-chain balances when it was
 * played), per category and asset as the funds are held now: swapped funds count in the asset they became.
 */
export function checkAgainstGroundTruth(result: TraceResult, manifest: HeistManifest): GroundTruthCheck[] {
  const expected = new Map<string, bigint>()
  for (const e of manifest.expected.endpoints) {
    const key = `${e.category}|${e.asset}`
    expected.set(key, (expected.get(key) ?? 0n) + e.amount)
  }
  const checks: GroundTruthCheck[] = []
  for (const a of manifest.assets) {
    for (const category of CATEGORIES) {
      const want = expected.get(`${category}|${a.asset}`) ?? 0n
      const got = result.totals[a.asset]?.[category] ?? 0n
      if (want === 0n && got === 0n) continue
      checks.push({ category, asset: a.asset, symbol: a.symbol, expected: want, traced: got, ok: want === got })
    }
  }
  return checks
}

/** The check as lines a person reads under the trace report. */
export function renderGroundTruth(checks: readonly GroundTruthCheck[], manifest: HeistManifest): string {
  const decimals = (asset: string) => manifest.assets.find((a) => a.asset === asset)?.decimals ?? 18
  const lines = ['Check against the ground truth of the played heist (on-chain balances):']
  for (const c of checks) {
    const d = decimals(c.asset)
    lines.push(
      `  ${c.ok ? 'ok  ' : 'DIFF'} ${c.category.padEnd(8)} ${c.symbol.padEnd(5)} expected ${formatUnits(c.expected, d)}, traced ${formatUnits(c.traced, d)}`,
    )
  }
  return `${lines.join('\n')}\n`
}
