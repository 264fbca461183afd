import { formatUnits } from '../core/amount.ts'
import type { HeistManifest } from '../devnet/world/manifest.ts'
import type { GroundTruthCheck } from './heist-checks.ts'

export { checkAgainstGroundTruth, type GroundTruthCheck } from './heist-checks.ts'

/** An amount at the start of `text` (base units) written with the asset's decimals and symbol. */
function readable(text: string, asset: string | null, manifest: HeistManifest): string {
  const a = manifest.assets.find((x) => x.asset === asset)
  if (!a) return text
  return text.replace(/^\d+/, (d) => `${formatUnits(BigInt(d), a.decimals)} ${a.symbol}`)
}

/**
 * The check as lines a person reads under the trace report: every failed check, and the passed ones that carry
 * a figure (a zero total that is zero in the trace too is counted, not listed).
 */
export function renderGroundTruth(checks: readonly GroundTruthCheck[], manifest: HeistManifest, model: string): string {
  const lines = [
    `Check against the ground truth of the played heist (${model}; worked out from the chain, not by the engine):`,
  ]
  let quiet = 0
  for (const c of checks) {
    if (c.ok && c.kind === 'total' && c.expected === '0') {
      quiet++
      continue
    }
    const expected = readable(c.expected, c.asset, manifest)
    const traced = readable(c.traced, c.asset, manifest)
    const figures = c.ok ? expected : `expected ${expected}, traced ${traced}`
    lines.push(`  ${c.ok ? 'ok  ' : 'DIFF'} ${c.kind.padEnd(8)} ${c.subject}: ${figures}`)
  }
  const failed = checks.filter((c) => !c.ok).length
  lines.push(
    `  ${checks.length} checks (${quiet} zero totals not listed): ${failed === 0 ? 'all agree' : `${failed} differ`}.`,
  )
  return `${lines.join('\n')}\n`
}
