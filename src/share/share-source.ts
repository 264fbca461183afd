import type { Label } from '../labels/label-types.ts'
import type { Tlp } from '../server/tlp.ts'

/** Why a wallet is in what is shared: the theft's own address, a place the trace ended, or a labelled address it met. */
export type WalletRole = 'seed' | 'endpoint' | 'labelled'

/** A place the trace ended, as shared: amounts per asset in base units, as decimal strings. */
export interface SharedEndpoint {
  category: string
  name: string | null
  amounts: Record<string, string>
  freezableBy: { kind: string; name: string }[]
}

/** One address of an incident as Dragnet shares it. */
export interface SharedWallet {
  chain: string
  address: string
  roles: WalletRole[]
  tlp: Tlp
  /** Labels of the address, each with its source and confidence. */
  labels: Label[]
  endpoint: SharedEndpoint | null
}

/** A freeze window as shared: amounts as decimal strings, times as unix seconds or null. */
export interface SharedFreezeWindow {
  address: string
  asset: string
  freezableBy: { kind: string; name: string }[]
  received: string
  left: string
  remaining: string
  arrived: { tx: string; block: string; time: string | null }
  departed: { tx: string; block: string; time: string | null } | null
  seconds: number | null
}

/** The trace figures of an incident: the latest finished trace's totals and freeze windows. */
export interface SharedTrace {
  id: string
  tlp: Tlp
  model: string
  direction: string
  finishedAt: string
  assets: Record<string, { symbol: string | null; decimals: number | null }>
  totals: Record<string, Record<string, string>>
  freezeWindows: SharedFreezeWindow[]
}

/**
 * An incident as Dragnet shares it, whatever the format: STIX and MISP are both written from this and read
 * back into it, so a round trip keeps every address, label, amount and marking.
 */
export interface SharedIncident {
  /** The producing organisation; `stixId` is its identity's id when it came in from elsewhere, else null. */
  producer: { id: string; name: string; createdAt: string; stixId: string | null }
  incident: {
    id: string
    /** The STIX id it was imported under, kept on re-export so that every copy names the same incident; else null. */
    originId: string | null
    title: string
    description: string
    status: string
    tlp: Tlp
    chain: string
    occurredAt: string | null
    createdAt: string
  }
  wallets: SharedWallet[]
  trace: SharedTrace | null
}
