import { existsSync } from 'node:fs'
import { importLabelFile } from './import-labels.ts'
import { DEFAULT_PACK_PATH } from './label-pack.ts'
import type { LabelStore } from './label-store.ts'

/**
 * Loads the shipped label pack into a store that has never imported labels; a store with any source
 * (even one whose labels were all delisted) is left as it is. Returns whether the pack was loaded.
 */
export async function ensureDefaultLabels(store: LabelStore, packPath = DEFAULT_PACK_PATH): Promise<boolean> {
  if ((await store.sources()).length > 0) return false
  if (!existsSync(packPath)) return false
  await importLabelFile(store, 'pack', packPath)
  return true
}
