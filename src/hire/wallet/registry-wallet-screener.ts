import { csvLabels } from '../../labels/formats/csv-labels.ts'
import { LabelIndex } from '../../labels/label-index.ts'
import type { Label } from '../../labels/label-types.ts'
import { readAllText } from '../../labels/open-label-file.ts'
import { loadPolicy, SEVERITIES } from '../../screen/policy.ts'
import { reasonText } from '../../screen/screen-csv.ts'
import { Screener } from '../../screen/screener.ts'
import type { WalletScreener, WalletVerdict } from './wallet-screener.ts'

/** From this severity on a wallet is risky: the default policy's level for any sanctioned or DPRK tie. */
const RISKY_FROM = SEVERITIES.indexOf('high')

/**
 * A wallet screener over Dragnet's own screener: the same direct hits, exposure, policy and reasons as
 * `dragnet screen`. A wallet is risky from severity high; its categories are those of its own labels and of
 * every exposure reason.
 */
export function registryWalletScreener(screener: Screener, basis: string): WalletScreener {
  return {
    basis,
    async screen(address: string, chain?: string): Promise<WalletVerdict | undefined> {
      const r = await screener.screen(address, chain)
      if (r.labels.length === 0 && r.reasons.length === 0) {
        const why = r.exposureNote ?? 'no exposure to a risky category'
        return { risky: false, categories: [], severity: r.severity, reason: `no label; ${why}` }
      }
      const categories = [...new Set([...r.labels.map((l) => l.category), ...r.reasons.map((x) => x.category)])]
      const reasons = r.reasons.map((x) => reasonText(x))
      const labels = r.labels.map((l) => `labelled ${l.category} "${l.name}" by ${l.source}`)
      return {
        risky: SEVERITIES.indexOf(r.severity) >= RISKY_FROM,
        categories,
        severity: r.severity,
        reason: (reasons.length > 0 ? reasons : labels).join('; '),
      }
    },
  }
}

/**
 * Reads a wallet label CSV (the columns `dragnet labels import --format csv` reads: address, label, category,
 * source, optional chain ...) through the registry's CSV reader; a bad row fails with LABELS_MALFORMED.
 */
export async function readWalletLabels(path: string): Promise<Label[]> {
  return csvLabels(await readAllText(path), { path })
}

/** A direct-hit wallet screener over labels in memory (no store: no exposure), with the default policy. */
export function walletScreenerOf(labels: Iterable<Label>, basis: string): WalletScreener {
  const screener = new Screener(LabelIndex.fromLabels(labels), loadPolicy(), undefined, { hops: 0, maxEdges: 1 })
  return registryWalletScreener(screener, basis)
}
