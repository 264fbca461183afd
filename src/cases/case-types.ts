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

/** The evidence behind a freeze request: the trace, and how the funds reached the address. */
export interface FreezeEvidence {
  traceId: string
  model: string
  category: string
  depositAddress: boolean
  firstArrival: unknown
  /** Every transaction that brought tainted funds to the address. */
  txs: string[]
  /**
   * The heaviest tainted path from a seed to the address, first transfer first; amounts as decimal strings in
   * base units, with `symbol`, `amountFormatted` and `taintedFormatted` in the asset's units beside them.
   */
  path: Record<string, unknown>[]
  /** Symbol and decimals of the request's asset and of every asset on the path (a swap changes it). */
  assets?: Record<string, AssetUnits>
  /**
   * The freeze window at the address, as the trace knew it: when the tainted funds arrived, when the last of them
   * left (null while some is there), how long they sat; amounts in base units as decimal strings. Absent on
   * requests drafted before freeze windows existed.
   */
  freezeWindow?: Record<string, unknown> | null
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
  evidence: FreezeEvidence
  createdAt: string
}

/** Who sends the request and answers questions about it. */
export interface CaseContact {
  organisation: string
  name: string
  email: string | null
}
