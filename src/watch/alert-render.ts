import { createHash } from 'node:crypto'
import type { EdgeDetail } from '../store/edges/edge-source.ts'
import type { TokenMeta } from '../store/store.ts'
import { alertFreezeWindow, windowOpeningEdge } from './alert-freeze-window.ts'
import { pathThrough } from './alert-path.ts'
import { type AlertPolicy, alertSeverity } from './alert-policy.ts'
import type { AlertEvent } from './alert-rules.ts'
import type { Alert, AlertKind, AlertPathStep, AlertSeverity, FreezablePlace } from './alert-types.ts'
import type { CarriedTrace } from './carried-trace.ts'

/** What writing alerts needs besides the trace: who they are for, the policy, and the store's reads. */
export interface AlertContext {
  incident: string
  policy: AlertPolicy
  /** Details of edges by ord, and addresses of ids (the watch caches both: paths share their older steps). */
  details: (ords: Int32Array) => Promise<Map<number, EdgeDetail>>
  addressesOf: (ids: Int32Array) => Promise<string[]>
  tokens: (addresses: string[]) => Promise<Map<string, TokenMeta>>
  blockHashes?: ((from: bigint, to: bigint) => Promise<Map<bigint, string>>) | undefined
  now: () => Date
}

/**
 * A stable alert id: the same event (incident, kind, place, chain, transfer, address, asset) on any run gives the
 * same id, so an alert re-raised after a reorg by the same transfer is recognised.
 */
export function alertId(parts: {
  incident: string
  kind: AlertKind
  place: FreezablePlace | null
  chain: string
  tx: string
  position: string
  address: string
  asset: string
}): string {
  const key = [
    parts.incident,
    parts.kind,
    parts.place ?? '',
    parts.chain,
    parts.tx,
    parts.position,
    parts.address,
    parts.asset,
  ]
  return createHash('sha256').update(key.join('|')).digest('hex').slice(0, 32)
}

/** What writing the alerts of one range looks up: details, addresses, tokens and block hashes. */
interface Lookups {
  details: Map<number, EdgeDetail>
  address: (u: number) => string
  asset: (a: number) => string
  tokens: Map<string, TokenMeta>
  hashes: Map<bigint, string>
}

async function lookups(state: CarriedTrace, events: readonly AlertEvent[], paths: number[][], ctx: AlertContext) {
  const g = state.graph
  const edges = new Set<number>()
  events.forEach((ev, i) => {
    edges.add(ev.edge)
    for (const e of paths[i] as number[]) edges.add(e)
    const opening = windowOpeningEdge(state, ev)
    if (opening >= 0) edges.add(opening)
  })
  const list = [...edges]
  const details = await ctx.details(Int32Array.from(list, (e) => g.ord[e] as number))
  const ids = new Set<number>()
  for (const e of list) {
    ids.add(g.global[g.src[e] as number] as number)
    ids.add(g.global[g.dst[e] as number] as number)
    if ((g.asset[e] as number) >= 0) ids.add(g.asset[e] as number)
  }
  const idList = [...ids]
  const names = await ctx.addressesOf(Int32Array.from(idList))
  const byId = new Map(idList.map((id, i) => [id, names[i] as string]))
  const asset = (a: number) => (a < 0 ? 'native' : (byId.get(a) as string))
  const tokens = await ctx.tokens([...new Set(list.map((e) => g.asset[e] as number).filter((a) => a >= 0))].map(asset))
  const blocks = events.map((ev) => (details.get(g.ord[ev.edge] as number) as EdgeDetail).block)
  let lo = blocks[0] as bigint
  let hi = lo
  for (const b of blocks) {
    if (b < lo) lo = b
    if (b > hi) hi = b
  }
  const hashes = ctx.blockHashes ? await ctx.blockHashes(lo, hi) : new Map<bigint, string>()
  const address = (u: number) => byId.get(g.global[u] as number) as string
  return { details, address, asset, tokens, hashes } satisfies Lookups
}

/** Writes the events as alerts (format dragnet.alert/1), with exact amounts, paths and freeze requests. */
export async function renderAlerts(
  state: CarriedTrace,
  events: readonly AlertEvent[],
  ctx: AlertContext,
): Promise<Alert[]> {
  if (events.length === 0) return []
  const paths = events.map((ev) => pathThrough(state, ev.edge))
  const look = await lookups(state, events, paths, ctx)
  const out: Alert[] = []
  events.forEach((ev, i) => {
    const alert = alertOf(state, ev, paths[i] as number[], look, ctx)
    if (alert) out.push(alert)
  })
  return out
}

function alertOf(
  state: CarriedTrace,
  ev: AlertEvent,
  pathEdges: number[],
  look: Lookups,
  ctx: AlertContext,
): Alert | null {
  const g = state.graph
  const e = ev.edge
  const d = look.details.get(g.ord[e] as number) as EdgeDetail
  const asset = look.asset(g.asset[e] as number)
  const amount = state.book.taintOf(e)
  const severity = alertSeverity(ctx.policy, { kind: ev.kind, place: ev.place, asset, amount })
  if (severity === 'none') return null
  const at = look.address(ev.node)
  const from = look.address(g.src[e] as number)
  const to = look.address(g.dst[e] as number)
  const meta = asset === 'native' ? null : look.tokens.get(asset)
  const path = pathEdges.map((p): AlertPathStep => {
    const pd = look.details.get(g.ord[p] as number) as EdgeDetail
    return {
      from: look.address(g.src[p] as number),
      to: look.address(g.dst[p] as number),
      tx: pd.tx,
      block: pd.block.toString(),
      asset: look.asset(g.asset[p] as number),
      amount: state.book.taintOf(p).toString(),
    }
  })
  const chain = state.request.chain
  const labels = state.roles.roleOf(g.global[ev.node] as number)?.labels ?? []
  return {
    format: 'dragnet.alert/1',
    id: alertId({
      incident: ctx.incident,
      kind: ev.kind,
      place: ev.place,
      chain,
      tx: d.tx,
      position: d.position,
      address: at,
      asset,
    }),
    kind: ev.kind,
    severity: severity as AlertSeverity,
    incident: ctx.incident,
    chain,
    block: d.block.toString(),
    blockHash: look.hashes.get(d.block) ?? '',
    tx: d.tx,
    addresses: ev.kind === 'funds-moved' ? [from, to] : [to, from],
    asset,
    amount: amount.toString(),
    symbol: meta ? meta.symbol : null,
    decimals: meta ? meta.decimals : asset === 'native' ? 18 : null,
    path,
    place: ev.place,
    freezeRequest: ev.freezer
      ? {
          freezer: ev.freezer,
          address: at,
          asset,
          amount: amount.toString(),
          txs: [...new Set([...path.map((p) => p.tx), d.tx])],
          evidence: {
            incident: ctx.incident,
            model: state.request.model,
            path,
            labels: labels.map((l) => `${l.category}:${l.name}`),
          },
        }
      : null,
    freezeWindow: alertFreezeWindow(state, ev, (x) => look.details.get(g.ord[x] as number) as EdgeDetail, at, asset),
    retracts: null,
    raisedAt: ctx.now().toISOString(),
  }
}

/** The alert that withdraws `alert` (a reorg removed the block it came from). */
export function retraction(alert: Alert, policy: AlertPolicy, now: Date): Alert | null {
  const severity = alertSeverity(policy, {
    kind: 'retracted',
    place: null,
    asset: alert.asset,
    amount: BigInt(alert.amount),
  })
  if (severity === 'none') return null
  return {
    ...alert,
    id: createHash('sha256').update(`retracted|${alert.id}|${alert.blockHash}`).digest('hex').slice(0, 32),
    kind: 'retracted',
    severity: severity as AlertSeverity,
    retracts: alert.id,
    raisedAt: now.toISOString(),
  }
}
