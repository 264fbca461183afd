import type { LabelSourceInfo } from '../labels/label-store.ts'

/** One label source a screening answer rests on: what list, of which date, how many labels it lists now. */
export interface LabelBasis {
  source: string
  format: string
  /** The date the source published its list (YYYY-MM-DD), or null when it states none. */
  sourceDate: string | null
  /** Labels the source lists now. */
  active: number
  importedAt: string
}

/** The sources of a label store as a screening answer states them, in source order. */
export function labelBasis(sources: readonly LabelSourceInfo[]): LabelBasis[] {
  return sources.map((s) => ({
    source: s.source,
    format: s.format,
    sourceDate: s.sourceDate,
    active: s.active,
    importedAt: s.importedAt,
  }))
}

/** The sources as one line for a person: "ofac-sdn 2025-11-19 (865 listed), etherscan 2023-10-01 (9003 listed)". */
export function labelBasisText(basis: readonly LabelBasis[]): string {
  if (basis.length === 0) return 'no label sources: no address can be a direct hit'
  return basis.map((b) => `${b.source} ${b.sourceDate ?? 'undated'} (${b.active} listed)`).join(', ')
}
