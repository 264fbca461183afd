import type { Label, LabelDiff, StoredLabel } from './label-types.ts'

/** One imported source: where it came from and when. */
export interface LabelSourceInfo {
  source: string
  /** The importer that read it: ofac-sdn, etherscan, tagpack, csv, pack. */
  format: string
  sourceDate: string | null
  importedAt: string
  /** The file or pack it came from, as given. */
  origin: string
  /** Labels listed by the last import. */
  active: number
}

/**
 * The label registry's storage: small enough that a PostgreSQL store can implement it beside DuckDB.
 * `replaceSource` is atomic: a failed import leaves every stored label as it was.
 */
export interface LabelStore {
  /**
   * Makes `labels` the source's current list: new ones are added (addedOn = date), missing ones are marked
   * removed on `date` (kept, never deleted), listed ones are updated in place.
   */
  replaceSource(
    info: Omit<LabelSourceInfo, 'active' | 'importedAt'>,
    labels: readonly Label[],
    date: string,
  ): Promise<LabelDiff>
  /** Every label of an address (on any chain of the chain's family), removed ones included when asked. */
  labelsOf(chain: string, address: string, options?: { includeRemoved?: boolean }): Promise<StoredLabel[]>
  /** Streams the currently listed labels, in batches. */
  active(options?: { source?: string; batchSize?: number }): AsyncIterable<StoredLabel[]>
  /** How many labels are listed now. */
  countActive(): Promise<number>
  sources(): Promise<LabelSourceInfo[]>
}
