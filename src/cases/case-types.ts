import type { AssetUnits } from './asset-amount.ts'

/** What letters and evidence packages need of an incident (the server's incident record has these fields). */
export interface CaseIncident {
  id: string
  title: string
  description: string
  tlp: string
  chain: string
  occurredAt: string | null
}

/** One transfer of a freeze request's evidence path, amounts in base units as decimal strings. */
export interface CasePathStep {
  from: string
  to: string
  asset: string
  amount: string
  tainted: string
  tx: string
  block: string
  time: string | null
  position: string
}

/** What letters and evidence packages need of a freeze request. */
export interface CaseFreezeRequest {
  id: string
  incidentId: string
  tlp: string
  target: { kind: 'exchange' | 'issuer'; name: string }
  chain: string
  address: string
  asset: string
  amount: string
  status: string
  evidence: {
    traceId: string
    model: string
    category: string
    depositAddress: boolean
    firstArrival: unknown
    txs: string[]
    path: Record<string, unknown>[]
    assets?: Record<string, AssetUnits>
  }
  createdAt: string
}

/** Who sends the request and answers questions about it. */
export interface CaseContact {
  organisation: string
  name: string
  email: string | null
}
