import { NodeFlag, StopCode } from '../trace/engine/transfer-graph.ts'
import type { AlertKind, FreezablePlace } from './alert-types.ts'
import type { CarriedTrace } from './carried-trace.ts'
import { depositName } from './follow-rules.ts'

/** What one tainted transfer (or a deposit address it revealed) calls for, before it is written as an alert. */
export interface AlertEvent {
  kind: Exclude<AlertKind, 'retracted'>
  place: FreezablePlace | null
  /** The tainted transfer (graph edge) the alert is about. */
  edge: number
  /** The address the alert is about: the sender for funds-moved, else the recipient. */
  node: number
  freezer: { kind: 'exchange' | 'issuer'; name: string } | null
}

/**
 * The alert rules over a range's tainted transfers, with the roles the trace uses (label-roles.ts): funds leaving a
 * followed address (`funds-moved`); arrivals at an exchange's wallet or labelled deposit address, at a deposit
 * address found by its sweeps, and of an issuer-freezable token at one holder's balance (`freezable-arrival`); at a
 * bridge, a mixer, a DEX or wrapped-native converter (`bridge-entered`, `mixer-entered`, `swap`). `deposits` are
 * addresses the range revealed as deposit addresses: each of their tainted arrivals becomes freezable there.
 */
export function alertEvents(state: CarriedTrace, edges: readonly number[], deposits: readonly number[]): AlertEvent[] {
  const { graph: g, book } = state
  const out: AlertEvent[] = []
  const seen = new Set<number>()
  for (const e of edges) {
    const ord = g.ord[e] as number
    if (!book.isTainted(e) || seen.has(ord)) continue
    seen.add(ord)
    const u = g.src[e] as number
    const fu = g.flags[u] as number
    if (fu & NodeFlag.expanded && !(fu & NodeFlag.converter)) {
      out.push({ kind: 'funds-moved', place: null, edge: e, node: u, freezer: null })
    }
    arrivalEvents(state, e, out)
  }
  for (const v of deposits) for (const e of state.arrivals.get(v) ?? []) depositEvents(state, e, v, out)
  return out
}

function arrivalEvents(state: CarriedTrace, e: number, out: AlertEvent[]): void {
  const { graph: g, roles } = state
  const v = g.dst[e] as number
  const fv = g.flags[v] as number
  const role = roles.roleOf(g.global[v] as number)
  const at = (kind: AlertEvent['kind'], place: FreezablePlace | null, freezer: AlertEvent['freezer'] = null) =>
    out.push({ kind, place, edge: e, node: v, freezer })
  if (role?.stop === 'exchange' && !(fv & NodeFlag.expanded)) {
    at('freezable-arrival', role.depositAddress ? 'exchange-deposit' : 'exchange', {
      kind: 'exchange',
      name: role.name,
    })
    if (role.depositAddress) issuerEvent(state, e, v, out)
  } else if (g.stop[v] === StopCode.depositAddress) depositEvents(state, e, v, out)
  else if (role?.stop === 'bridge' && !(fv & NodeFlag.expanded)) at('bridge-entered', null)
  else if (role?.stop === 'mixer' && !(fv & NodeFlag.expanded)) at('mixer-entered', null)
  else if (fv & NodeFlag.converter && fv & NodeFlag.expanded) at('swap', null)
  else if (fv & NodeFlag.expanded) issuerEvent(state, e, v, out)
}

/** A tainted arrival at a deposit address found by its sweeps: the exchange can freeze, and a token's issuer. */
function depositEvents(state: CarriedTrace, e: number, v: number, out: AlertEvent[]): void {
  const g = state.graph
  const s = g.outStart[v] as number
  const dsts: number[] = []
  for (let k = s; k < s + Math.max(0, g.outLen[v] as number); k++) dsts.push(g.dst[k] as number)
  const name = state.depositNames.get(v) ?? (depositName(g, state.roles, dsts) || 'exchange')
  out.push({
    kind: 'freezable-arrival',
    place: 'exchange-deposit',
    edge: e,
    node: v,
    freezer: { kind: 'exchange', name },
  })
  issuerEvent(state, e, v, out)
}

/** A token whose issuer can freeze balances, arriving where one holder's balance sits. */
function issuerEvent(state: CarriedTrace, e: number, v: number, out: AlertEvent[]): void {
  const asset = state.graph.asset[e] as number
  const issuer = asset >= 0 ? state.roles.roleOf(asset)?.freezeIssuer : null
  if (!issuer) return
  out.push({
    kind: 'freezable-arrival',
    place: 'issuer-freezable',
    edge: e,
    node: v,
    freezer: { kind: 'issuer', name: issuer },
  })
}
