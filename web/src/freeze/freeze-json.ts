export const FREEZE_STATUSES = [
  'drafted',
  'sent',
  'acknowledged',
  'frozen',
  'declined',
  'released',
  'recovered',
] as const
export type FreezeStatus = (typeof FREEZE_STATUSES)[number]

/** The moves the API allows (drafted → sent → acknowledged → frozen | declined; frozen → released | recovered). */
export const NEXT_STATUS: Record<FreezeStatus, readonly FreezeStatus[]> = {
  drafted: ['sent'],
  sent: ['acknowledged'],
  acknowledged: ['frozen', 'declined'],
  frozen: ['released', 'recovered'],
  declined: [],
  released: [],
  recovered: [],
}

export const ACTION_NAMES: Record<FreezeStatus, string> = {
  drafted: 'Drafted',
  sent: 'Mark sent',
  acknowledged: 'Mark acknowledged',
  frozen: 'Mark frozen',
  declined: 'Mark declined',
  released: 'Mark released',
  recovered: 'Mark recovered',
}

export interface FreezeRequestJson {
  id: string
  incidentId: string
  traceId: string
  tlp: string
  target: { kind: 'exchange' | 'issuer'; name: string }
  chain: string
  address: string
  asset: string
  symbol: string | null
  decimals: number | null
  amount: string
  amountFormatted: string
  frozenAmount: string | null
  frozenAmountFormatted: string | null
  recoveredAmount: string | null
  recoveredAmountFormatted: string | null
  status: FreezeStatus
  history: { status: FreezeStatus; at: string; by: string; note: string | null; amount: string | null }[]
  createdAt: string
  updatedAt: string
}
