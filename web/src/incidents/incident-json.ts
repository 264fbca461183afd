export type {
  FiguresHistoryPoint,
  FiguresHistoryResponse,
  HistoryAssetFigures,
} from '../../../src/server/web/web-api-types.ts'

export interface IncidentJson {
  id: string
  orgId: string
  title: string
  description: string
  status: 'open' | 'contained' | 'closed'
  tlp: string
  chain: string
  occurredAt: string | null
  createdAt: string
  updatedAt: string
  sharedWith: string[]
}

export const FIGURE_KEYS = [
  'stolen',
  'swappedIn',
  'traced',
  'unfollowed',
  'held',
  'issuerFreezable',
  'exchange',
  'bridge',
  'mixer',
  'dex',
  'dark',
  'frozen',
  'recovered',
] as const
export type FigureKey = (typeof FIGURE_KEYS)[number]

/** One asset's figures as GET /v1/incidents/:id/figures answers: base units, and the same in the asset's units. */
export type AssetFiguresJson = {
  asset: string
  symbol: string | null
  decimals: number | null
  balanced: boolean
  formatted: Record<FigureKey, string>
  freezeWindow: {
    reached: string
    left: string
    remaining: string
    formatted: { reached: string; left: string; remaining: string }
  } | null
} & Record<FigureKey, string>

export interface FiguresJson {
  incidentId: string
  traceId: string | null
  source: 'trace' | 'watch' | null
  watchedThrough: string | null
  freezePlaces: { total: number; open: number } | null
  assets: AssetFiguresJson[]
  freezeRequests: Record<string, number>
}

export interface WatchJson {
  model: string
  hops: number
  fromBlock: string | null
  block: string | null
  updatedAt: string | null
}

/** The figures the dashboard shows, in the order an investigator reads them. */
export const SHOWN_FIGURES: [FigureKey, string][] = [
  ['stolen', 'Stolen'],
  ['traced', 'Traced'],
  ['held', 'Held'],
  ['exchange', 'At exchanges'],
  ['frozen', 'Frozen'],
  ['recovered', 'Recovered'],
  ['dark', 'Dark'],
  ['bridge', 'Bridged'],
  ['mixer', 'Mixed'],
  ['dex', 'At DEXes'],
  ['unfollowed', 'Unfollowed'],
]

export const tlpClass = (tlp: string) => `badge tlp-${tlp.toLowerCase().replace('+strict', '')}`
