import type { EdgeDetail } from '../store/edges/edge-source.ts'
import type { AlertEvent } from './alert-rules.ts'
import type { AlertFreezeWindow, AlertMoment } from './alert-types.ts'
import type { CarriedTrace } from './carried-trace.ts'

/**
 * The edge whose details an alert's freeze window needs besides its own: for tainted funds leaving an
 * issuer-freezable balance, the first tainted arrival of that token at the holder (when the window opened).
 * -1 when the alert needs none.
 */
export function windowOpeningEdge(state: CarriedTrace, ev: AlertEvent): number {
  if (ev.kind !== 'funds-moved') return -1
  const g = state.graph
  const asset = g.asset[ev.edge] as number
  if (asset < 0 || !state.roles.roleOf(asset)?.freezeIssuer) return -1
  // Arrivals are in time order: the first of the same token is when the balance became freezable.
  for (const e of state.arrivals.get(ev.node) ?? []) if (g.asset[e] === asset) return e
  return -1
}

const moment = (d: EdgeDetail): AlertMoment => ({
  tx: d.tx,
  block: d.block.toString(),
  time: d.time === null ? null : d.time.toString(),
})

/**
 * The freeze window an alert opens or closes. A freezable arrival opens one at the place it reached (still open:
 * the funds are there now). Tainted funds leaving a holder of an issuer-freezable token close the issuer's window
 * at that holder: from the token's first tainted arrival to this transfer, and how many seconds lay between.
 * Other alerts touch no freeze window (exchanges and deposit addresses are endpoints a watch does not follow out of).
 */
export function alertFreezeWindow(
  state: CarriedTrace,
  ev: AlertEvent,
  detail: (e: number) => EdgeDetail,
  address: string,
  asset: string,
): AlertFreezeWindow | null {
  if (ev.kind === 'freezable-arrival' && ev.freezer) {
    return {
      address,
      asset,
      freezableBy: [ev.freezer],
      arrived: moment(detail(ev.edge)),
      departed: null,
      seconds: null,
    }
  }
  const opening = windowOpeningEdge(state, ev)
  if (opening < 0) return null
  const issuer = state.roles.roleOf(state.graph.asset[ev.edge] as number)?.freezeIssuer as string
  const arrived = detail(opening)
  const departed = detail(ev.edge)
  const seconds = arrived.time !== null && departed.time !== null ? Number(departed.time - arrived.time) : null
  return {
    address,
    asset,
    freezableBy: [{ kind: 'issuer', name: issuer }],
    arrived: moment(arrived),
    departed: moment(departed),
    seconds,
  }
}
