import { existsSync } from 'node:fs'
import { readLabelFile, today } from './import-labels.ts'
import { DEFAULT_PACK_PATH } from './label-pack.ts'
import type { LabelSourceInfo, LabelStore } from './label-store.ts'

/** What ensureDefaultLabels did, per source of the shipped pack. */
export interface PackLoad {
  /** Pack sources the store did not hold, now loaded. */
  loaded: string[]
  /** Pack sources the store held from an older pack, now replaced by the shipped list. */
  refreshed: string[]
  /** Pack sources the store already held (imported by the user, or as new as the pack's): left as they are. */
  kept: string[]
  /** The store's sources after the load. */
  sources: LabelSourceInfo[]
}

/** A source loaded from a pack whose list date is older than the shipped pack's: the pack may replace it. */
function isOlderPackCopy(held: LabelSourceInfo, packDate: string | null): boolean {
  return held.format === 'pack' && packDate !== null && (held.sourceDate === null || held.sourceDate < packDate)
}

/**
 * Loads each source of the shipped label pack (OFAC SDN, Etherscan, FBI) that the store does not hold,
 * decided source by source: a store that holds other labels (the demo world's, a user's CSV) still gets the
 * pack. A source the user imported is never overwritten, even one whose labels were all delisted; a source
 * loaded from an older pack is replaced by the shipped one. Without the pack file nothing is loaded.
 */
export async function ensureDefaultLabels(store: LabelStore, packPath = DEFAULT_PACK_PATH): Promise<PackLoad> {
  const before = await store.sources()
  const out: PackLoad = { loaded: [], refreshed: [], kept: [], sources: before }
  if (!existsSync(packPath)) return out
  const held = new Map(before.map((s) => [s.source, s]))
  for (const g of await readLabelFile('pack', packPath)) {
    const mine = held.get(g.source)
    if (mine && !isOlderPackCopy(mine, g.sourceDate)) {
      out.kept.push(g.source)
      continue
    }
    const info = { source: g.source, format: g.format, sourceDate: g.sourceDate, origin: g.origin }
    await store.replaceSource(info, g.labels, g.sourceDate ?? today())
    ;(mine ? out.refreshed : out.loaded).push(g.source)
  }
  if (out.loaded.length > 0 || out.refreshed.length > 0) out.sources = await store.sources()
  return out
}
