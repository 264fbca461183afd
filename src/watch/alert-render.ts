import { createHash } from 'node:crypto'
import type { EdgeDetail, EdgeSource } from '../store/edges/edge-source.ts'
import type { TokenMeta } from '../store/store.ts'
import { pathThrough } from './alert-path.ts'
import { type AlertPolicy, alertSeverity } from './alert-policy.ts'
import type { AlertEvent } from './alert-rules.ts'
import type { Alert, AlertKind, AlertPathStep, AlertSeverity, FreezablePlace } from './alert-types.ts'
import type { CarriedTrace } from './carried-trace.ts'

/** What writing alerts needs besides the trace: who they are for, the policy, and the store's reads. */
export interface AlertContext {
  incident: string
  policy: AlertPolicy
  source: EdgeSource
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

/** Writes the events as alerts (format dragnet.alert/1), with exact amounts, paths and freeze requests. */
export async function renderAlerts(
  state: CarriedTrace,
  events: readonly AlertEvent[],
  ctx: AlertContext,
): Promise<Alert[]> {
  if (events.length === 0) return []
  const g = state.graph
  const paths = events.map((ev) => pathThrough(state, ev.edge))
  const edges = new Set<number>()
  events.forEach((ev, i) => {
    edges.add(ev.edge)
    for (const e of paths[i] as number[]) edges.add(e)
  })
  const list = [...edges]
  const details = await ctx.source.details(Int32Array.from(list, (e) => g.ord[e] as number))
  const ids = new Set<number>()
  for (const e of list) {
    ids.add(g.global[g.src[e] as number] as number)
    ids.add(g.global[g.dst[e] as number] as number)
    if ((g.asset[e] as number) >= 0) ids.add(g.asset[e] as number)
  }
  const idList = [...ids]
  const names = await ctx.source.addressesOf(Int32Array.from(idList))
  const address = new Map(idList.map((id, i) => [id, names[i] as string]))
  const nodeAddress = (u: number) => address.get(g.global[u] as number) as string
  const assetName = (a: number) => (a < 0 ? 'native' : (address.get(a) as string))
  const tokens = await ctx.tokens(
    [...new Set(list.map((e) => g.asset[e] as number).filter((a) => a >= 0))].map(assetName),
  )
  const blocks = [...details.values()].map((d) => d.block)
  const hashes =
    ctx.blockHashes && blocks.length > 0
      ? await ctx.blockHashes(
          blocks.reduce((a, b) => (b < a ? b : a)),
          blocks.reduce((a, b) => (b > a ? b : a)),
        )
      : new Map<bigint, string>()
  const step = (e: number): AlertPathStep => {
    const d = details.get(g.ord[e] as number) as EdgeDetail
    return {
      from: nodeAddress(g.src[e] as number),
      to: nodeAddress(g.dst[e] as number),
      tx: d.tx,
      block: d.block.toString(),
      asset: assetName(g.asset[e] as number),
      amount: state.book.taintOf(e).toString(),
    }
  }
  const out: Alert[] = []
  events.forEach((ev, i) => {
    const e = ev.edge
    const d = details.get(g.ord[e] as number) as EdgeDetail
    const asset = assetName(g.asset[e] as number)
    const amount = state.book.taintOf(e)
    const severity = alertSeverity(ctx.policy, { kind: ev.kind, place: ev.place, asset, amount })
    if (severity === 'none') return
    const at = nodeAddress(ev.node)
    const from = nodeAddress(g.src[e] as number)
    const to = nodeAddress(g.dst[e] as number)
    const meta = asset === 'native' ? null : tokens.get(asset)
    const path = (paths[i] as number[]).map(step)
    const chain = state.request.chain
    out.push({
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
      blockHash: hashes.get(d.block) ?? '',
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
              labels: (state.roles.roleOf(g.global[ev.node] as number)?.labels ?? []).map(
                (l) => `${l.category}:${l.name}`,
              ),
            },
          }
        : null,
      retracts: null,
      raisedAt: ctx.now().toISOString(),
    })
  })
  return out
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
