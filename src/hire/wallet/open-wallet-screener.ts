import { ensureDefaultLabels } from '../../labels/default-labels.ts'
import { DuckDbLabelStore } from '../../labels/duckdb-label-store.ts'
import { LabelIndex } from '../../labels/label-index.ts'
import type { Label } from '../../labels/label-types.ts'
import { labelBasis, labelBasisText } from '../../screen/label-basis.ts'
import { loadPolicy } from '../../screen/policy.ts'
import { Screener } from '../../screen/screener.ts'
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { readWalletLabels, registryWalletScreener } from './registry-wallet-screener.ts'
import type { WalletScreener } from './wallet-screener.ts'

export interface WalletScreenerOptions {
  /** The store whose label registry (the shipped pack loaded by source) and transfers screen the wallets. */
  db: string
  /** A label CSV screened beside the registry, not stored. */
  labelsCsv?: string | undefined
  /** Exposure hops, as `dragnet screen --hops`. */
  hops: number
  maxEdges?: number
}

/**
 * Opens the store and builds the same screener `dragnet screen` uses over its label registry (plus the
 * CSV's labels when given); the caller closes it.
 */
export async function openWalletScreener(
  o: WalletScreenerOptions,
): Promise<{ screener: WalletScreener; close: () => Promise<void> }> {
  const extra = o.labelsCsv === undefined ? [] : await readWalletLabels(o.labelsCsv)
  const store = await openDuckDbStore(o.db)
  try {
    const labelStore = new DuckDbLabelStore(store.connection)
    const { sources } = await ensureDefaultLabels(labelStore)
    let index: LabelIndex
    if (extra.length === 0) index = await LabelIndex.fromStore(labelStore)
    else {
      const all: Label[] = [...extra]
      for await (const batch of labelStore.active()) all.push(...batch)
      index = LabelIndex.fromLabels(all)
    }
    const screener = new Screener(index, loadPolicy(), store, { hops: o.hops, maxEdges: o.maxEdges ?? 200_000 })
    let basis = labelBasisText(labelBasis(sources))
    if (o.labelsCsv !== undefined) basis += `, ${o.labelsCsv} (${extra.length} labels)`
    return { screener: registryWalletScreener(screener, basis), close: () => store.close() }
  } catch (error) {
    await store.close()
    throw error
  }
}
