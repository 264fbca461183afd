import type { EndpointLabel } from '../../labels/endpoint-labels.ts'
import type { LabelCategory } from '../../labels/label-types.ts'

/** The endpoint categories a label can stop a trace at. */
export type StopRole = 'exchange' | 'bridge' | 'mixer'

/** What an address's labels, taken together, make it in a trace. */
export interface TraceRole {
  /** Where the trace stops at the address and reports it; null when the address is followed. */
  stop: StopRole | null
  /** An exchange's own wallet: an unlabelled address paying only to it is a deposit address of that exchange. */
  sweepTarget: boolean
  /** A disclosed deposit address: one customer's, so a token issuer can freeze there as well as the exchange. */
  depositAddress: boolean
  /** A DEX pool or router: converts assets per transaction and holds nothing. */
  converter: boolean
  /** On a token contract: the issuer that can freeze balances of the token, else null. */
  freezeIssuer: string | null
  /** The service's name: the name of the label that decided the role. */
  name: string
  /** The label that decided the role (the first label when none acts). */
  label: EndpointLabel
  /** Every label of the address. */
  labels: readonly EndpointLabel[]
}

/**
 * The one mapping from label categories to trace roles, in order of precedence: an address that is both, say,
 * sanctioned and a mixer is a mixer stop; one that is an exchange and a mixer is an exchange stop (freezable).
 * Categories not listed (sanctioned, dprk-attributed, ...) are shown but change nothing in the trace.
 */
const STOPS: readonly [LabelCategory, StopRole][] = [
  ['exchange-deposit', 'exchange'],
  ['exchange', 'exchange'],
  ['hot-wallet', 'exchange'],
  ['mixer', 'mixer'],
  ['bridge', 'bridge'],
]
const SWEEP_TARGETS: ReadonlySet<LabelCategory> = new Set(['exchange', 'hot-wallet'])

/** The role of an address from all of its labels; undefined when it has none. */
export function traceRoleOf(labels: readonly EndpointLabel[]): TraceRole | undefined {
  const first = labels[0]
  if (!first) return undefined
  const has = (c: LabelCategory) => labels.find((l) => l.category === c)
  let stop: StopRole | null = null
  let label = first
  for (const [category, role] of STOPS) {
    const l = has(category)
    if (l) {
      stop = role
      label = l
      break
    }
  }
  const dex = has('dex')
  if (stop === null && dex) label = dex
  const issuer = has('issuer-freezable')
  if (stop === null && !dex && issuer) label = issuer
  return {
    stop,
    sweepTarget: labels.some((l) => SWEEP_TARGETS.has(l.category)),
    depositAddress: stop === 'exchange' && label.category === 'exchange-deposit',
    converter: stop === null && dex !== undefined,
    freezeIssuer: issuer ? issuer.name || 'issuer' : null,
    name: label.name,
    label,
    labels,
  }
}
