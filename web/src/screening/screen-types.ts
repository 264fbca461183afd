/**
 * POST /v1/screen and GET /v1/addresses/CHAIN/ADDRESS as JSON: src/screen/screener.ts's ScreenResult with every
 * bigint as a decimal string (the server never sends an amount as a number).
 */
export type Severity = 'none' | 'low' | 'medium' | 'high' | 'severe'
export const SEVERITIES: readonly Severity[] = ['none', 'low', 'medium', 'high', 'severe']

export interface Label {
  chain: string
  address: string
  category: string
  name: string
  source: string
  sourceDate: string | null
  confidence: number
  programmes: string[]
  asset: string | null
  notes: string | null
  /** With history (a stored label): when the source first listed it, and when it stopped listing it. */
  addedOn?: string
  removedOn?: string | null
}

export interface Contribution {
  address: string
  label: { category: string; name: string; source: string }
  hops: number
  asset: string
  amount: string
  path: string[]
  txs: string[]
}

export interface DirectionExposure {
  direction: 'incoming' | 'outgoing'
  totals: Record<string, string>
  contributions: Contribution[]
  truncated: boolean
}

export type Reason =
  | {
      kind: 'self'
      severity: Severity
      category: string
      name: string
      source: string
      sourceDate: string | null
      programmes: string[]
    }
  | {
      kind: 'exposure'
      severity: Severity
      category: string
      direction: 'incoming' | 'outgoing'
      exposure: 'direct' | 'indirect' | 'any'
      asset: string
      amount: string
      total: string
      sharePct: string
      symbol: string | null
      decimals: number | null
      amountText: string
      totalText: string
      via: Contribution[]
    }

export interface AssetInfo {
  symbol: string | null
  decimals: number | null
}

export interface ScreenResult {
  address: string
  chain: string
  severity: Severity
  reasons: Reason[]
  labels: Label[]
  exposure: DirectionExposure[]
  exposureNote: string | null
  assets: Record<string, AssetInfo>
}

/** One label source a screening answer rests on. */
export interface LabelBasis {
  source: string
  format: string
  sourceDate: string | null
  active: number
  importedAt: string
}

export interface ScreenBatchAnswer {
  results: ScreenResult[]
  invalid: { address: string; code: string; message: string }[]
  labelSources: LabelBasis[]
}

export interface AddressAnswer extends ScreenResult {
  labelSources: LabelBasis[]
  incidents: string[]
}

export const severityRank = (s: string): number => SEVERITIES.indexOf(s as Severity)
