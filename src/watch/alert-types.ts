import type { Severity } from '../screen/policy.ts'

/** What happened to tainted funds, as an alert says it. */
export const ALERT_KINDS = [
  'funds-moved',
  'freezable-arrival',
  'bridge-entered',
  'mixer-entered',
  'swap',
  'retracted',
] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

/**
 * Where a freezable arrival landed: an exchange's deposit address or one of its wallets (the exchange can
 * freeze), or a token balance its issuer can freeze (USDT, USDC and other tokens with a blocklist).
 */
export const FREEZABLE_PLACES = ['exchange-deposit', 'exchange', 'issuer-freezable'] as const
export type FreezablePlace = (typeof FREEZABLE_PLACES)[number]

export type AlertSeverity = Exclude<Severity, 'none'>

/** One hop of the path that carried the taint, as in `trace --explain`. */
export interface AlertPathStep {
  from: string
  to: string
  tx: string
  block: string
  asset: string
  /** Tainted amount of the transfer, base units as a decimal string. */
  amount: string
}

/** Who can freeze, what, and on what evidence: a freeze request filled in from the alert. */
export interface FreezeRequestDraft {
  /** The exchange (by its label) or the token issuer. */
  freezer: { kind: 'exchange' | 'issuer'; name: string }
  /** The deposit address or the holder whose balance to freeze. */
  address: string
  asset: string
  amount: string
  txs: string[]
  evidence: { incident: string; model: string; path: AlertPathStep[]; labels: string[] }
}

/** A transfer in time: where a freeze window opened or closed. */
export interface AlertMoment {
  tx: string
  block: string
  /** Unix seconds of the block, as a decimal string; null where the store has no block time. */
  time: string | null
}

/**
 * The freeze window an alert opens or closes, as in trace results (FreezeWindow): who could freeze at the place,
 * when the tainted funds arrived, when they left (null: still there, the window is open), and the seconds between.
 */
export interface AlertFreezeWindow {
  address: string
  asset: string
  freezableBy: { kind: 'exchange' | 'issuer'; name: string }[]
  arrived: AlertMoment
  departed: AlertMoment | null
  seconds: number | null
}

/** An alert, as printed with --json, stored by the server and sent by webhook. */
export interface Alert {
  format: 'dragnet.alert/1'
  /** Stable: the same event on the same chain gives the same id, so a re-raise after a reorg is recognised. */
  id: string
  kind: AlertKind
  severity: AlertSeverity
  incident: string
  chain: string
  block: string
  blockHash: string
  tx: string
  addresses: string[]
  asset: string
  amount: string
  /** Symbol and decimals, for reading `amount`. */
  symbol: string | null
  decimals: number | null
  path: AlertPathStep[]
  place: FreezablePlace | null
  freezeRequest: FreezeRequestDraft | null
  /** The freeze window this alert opens (a freezable arrival) or closes (funds leaving a freezable balance). */
  freezeWindow: AlertFreezeWindow | null
  /** For `retracted`: the id of the alert withdrawn. */
  retracts: string | null
  raisedAt: string
}
