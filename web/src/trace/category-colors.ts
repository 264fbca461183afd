/**
 * One colour per category, shared by the graph, the Sankey and the legend. Each meets 3:1 contrast against the
 * white panel, so a node's colour is visible to readers with low vision; the category is also always in text.
 */
export const CATEGORY_COLORS: Record<string, string> = {
  seed: '#b00020',
  exchange: '#0b5cad',
  bridge: '#7b3fb2',
  mixer: '#c2410c',
  dex: '#0f766e',
  held: '#8a5300',
  dark: '#374151',
  unfollowed: '#6b7280',
  transit: '#64748b',
  summary: '#111827',
}

/** Edges past a mixer: one colour of their own (3:1 against white), drawn dashed. */
export const PROBABLE_EDGE_COLOR = '#7c3aed'

/** The category a node is drawn as: seeds first, then the trace's category, else an address money passed through. */
export function drawnCategory(category: string | null, seed: boolean): string {
  if (seed) return 'seed'
  return category ?? 'transit'
}

export const CATEGORY_NAMES: Record<string, string> = {
  seed: 'Seed',
  exchange: 'Exchange',
  bridge: 'Bridge',
  mixer: 'Mixer',
  dex: 'DEX',
  held: 'Held',
  dark: 'Dark',
  unfollowed: 'Unfollowed',
  transit: 'Passed through',
  summary: 'Collapsed hops',
}
