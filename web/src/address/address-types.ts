/** An amount as the API gives it: base units, and the same exactly in the asset's units. */
export interface FormattedAmount {
  amount: string
  amountFormatted: string
  symbol: string | null
  decimals: number | null
}

/** GET /v1/addresses/CHAIN/ADDRESS/incidents: the incidents the caller may see that reached the address. */
export interface AddressIncidents {
  chain: string
  address: string
  incidents: {
    incidentId: string
    title: string
    status: string
    tlp: string
    orgId: string
    seed: boolean
    traces: {
      traceId: string
      finishedAt: string | null
      hop: number
      category: string | null
      received: Record<string, FormattedAmount>
      final: Record<string, FormattedAmount>
    }[]
  }[]
}

/** One transfer in or out of the address (GET /v1/addresses/CHAIN/ADDRESS/transfers). */
export interface AddressTransfer {
  block: string
  time: string | null
  tx: string
  txIndex: number | null
  logIndex: number | null
  position: string
  direction: 'in' | 'out' | 'self'
  from: string
  to: string
  asset: string
  symbol: string | null
  decimals: number | null
  amount: string
  amountFormatted: string
}

/** A page of transfers, oldest first; `next` continues it with the same filters, null on the last page. */
export interface AddressTransfersPage {
  chain: string
  address: string
  direction: 'in' | 'out' | 'both'
  asset: string | null
  transfers: AddressTransfer[]
  next: string | null
}

/** A label as the registry lists it, with its history (GET /v1/addresses/CHAIN/ADDRESS/labels). */
export interface AddressLabel {
  source: string
  category: string
  name: string
  sourceDate: string | null
  confidence: number
  programmes: string[]
  asset: string | null
  notes: string | null
  addedOn: string | null
  removedOn: string | null
  active: boolean
}

export interface AddressLabels {
  chain: string
  address: string
  labels: AddressLabel[]
  /** False when the server keeps no label history: the labels are the current ones. */
  history: boolean
}
