/** An alert as GET /v1/alerts and the stream give it (src/server/alerts/alert-record.ts). */
export const ALERT_KINDS = [
  'funds-moved',
  'freezable-arrival',
  'bridge-entered',
  'mixer-entered',
  'swap',
  'retracted',
  'freezable-funds',
] as const
export type AlertKind = (typeof ALERT_KINDS)[number]
export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'severe'] as const
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number]

export interface AlertPathStep {
  from: string
  to: string
  tx: string
  block: string
  asset: string
  amount: string
}

export interface FreezeRequestDraft {
  freezer: { kind: 'exchange' | 'issuer'; name: string }
  address: string
  asset: string
  amount: string
  txs: string[]
  evidence: { incident: string; model: string; path: AlertPathStep[]; labels: string[] }
}

/** A block moment: transaction, block, and the block's time in Unix seconds (a decimal string) when known. */
export interface AlertMoment {
  tx: string
  block: string
  time: string | null
}

/** How long the funds sat where they could be frozen: opened by an arrival, closed when they left. */
export interface AlertFreezeWindow {
  address: string
  asset: string
  freezableBy: { kind: 'exchange' | 'issuer'; name: string }[]
  arrived: AlertMoment
  departed: AlertMoment | null
  seconds: number | null
}

export interface AlertRecord {
  format: 'dragnet.alert/1'
  id: string
  seq: number
  kind: AlertKind
  severity: AlertSeverity
  incident: string
  chain: string
  block: string | null
  blockHash: string | null
  tx: string | null
  addresses: string[]
  asset: string
  amount: string
  symbol: string | null
  decimals: number | null
  amountFormatted: string
  path: AlertPathStep[]
  place: 'exchange-deposit' | 'exchange' | 'issuer-freezable' | null
  freezeRequest: FreezeRequestDraft | null
  /** Absent from servers older than the freeze window. */
  freezeWindow?: AlertFreezeWindow | null
  retracts: string | null
  raisedAt: string
  orgId: string
  tlp: string
  traceId: string | null
  retracted: boolean
  retractedAt: string | null
  retractedBy: string | null
  message: string
  recordedAt: string
}

export interface AlertPage {
  alerts: AlertRecord[]
  nextCursor: string | null
}

/** What the feed is narrowed to; the list and the stream take the same filters. */
export interface AlertFilters {
  incident: string
  kind: string
  minSeverity: string
}

/** The filters as the API's query: empty ones left out, incident and kind as the arrays the API takes. */
export function filterQuery(f: AlertFilters): Record<string, string | string[]> {
  const q: Record<string, string | string[]> = {}
  if (f.incident) q.incident = [f.incident]
  if (f.kind) q.kind = [f.kind]
  if (f.minSeverity) q.minSeverity = f.minSeverity
  return q
}
