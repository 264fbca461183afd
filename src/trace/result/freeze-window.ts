import type { EdgeSource } from '../../store/edges/edge-source.ts'
import type { TransferGraph } from '../engine/transfer-graph.ts'
import type { ScanResult } from '../models/scan.ts'
import type { Freezer, FreezeWindow, FreezeWindowTotals } from '../trace-types.ts'

export interface FreezeWindowInput {
  graph: TransferGraph
  scan: ScanResult
  source: EdgeSource
  /** Who could freeze a share of `asset` at node `u`; empty where nobody can (a pool, a bridge, a plain coin). */
  freezers: (u: number, asset: number) => Freezer[]
  /** Cheap tests that rule most edges out before `freezers` is asked: an exchange node, an issuer's token. */
  isExchange: (u: number) => boolean
  hasIssuer: (asset: number) => boolean
  /** Every edge ord is below it. */
  ordBound: number
  nameOf: (asset: number) => string
  /** Windows listed, in order of arrival; the totals count every place. */
  max: number
}

interface Place {
  node: number
  asset: number
  freezableBy: Freezer[]
  received: bigint
  left: bigint
  /** ords of the first tainted arrival and the last tainted departure. */
  firstIn: number
  lastOut: number
}

/**
 * The freeze window of every place where someone could have frozen tainted value: an exchange's wallet or deposit
 * address (the exchange), and one holder's balance of an issuer-freezable token (the issuer). Per place: what
 * arrived and when, what moved on and when the last of it left, or that some is still there. Per asset: what
 * reached freezable places from elsewhere, what left them for places nobody can freeze, and what is still in
 * them; value moving between two freezable places is counted once, so reached = left + remaining.
 */
export async function freezeWindows(
  input: FreezeWindowInput,
): Promise<{ windows: FreezeWindow[]; totals: Record<string, FreezeWindowTotals> }> {
  const { graph: g, scan: s } = input
  // Most edges touch no freezable place: nodes and assets are sorted out once each, before any lookup by pair.
  const exchange = new Int8Array(g.nodeCount)
  const issuer = new Map<number, boolean>()
  const places = new Map<number, Map<number, Place | null>>()
  const place = (u: number, a: number): Place | null => {
    let x = exchange[u] as number
    if (x === 0) {
      x = input.isExchange(u) ? 1 : 2
      exchange[u] = x
    }
    let tokenIssuer = issuer.get(a)
    if (tokenIssuer === undefined) {
      tokenIssuer = a >= 0 && input.hasIssuer(a)
      issuer.set(a, tokenIssuer)
    }
    if (x === 2 && !tokenIssuer) return null
    let byNode = places.get(a)
    if (!byNode) {
      byNode = new Map()
      places.set(a, byNode)
    }
    let p = byNode.get(u)
    if (p === undefined) {
      const freezableBy = input.freezers(u, a)
      p =
        freezableBy.length === 0
          ? null
          : { node: u, asset: a, freezableBy, received: 0n, left: 0n, firstIn: -1, lastOut: -1 }
      byNode.set(u, p)
    }
    return p
  }
  const totals: Record<string, FreezeWindowTotals> = {}
  const total = (a: number) => {
    const k = input.nameOf(a)
    totals[k] ??= { reached: 0n, left: 0n, remaining: 0n }
    return totals[k]
  }
  const seen = new Uint8Array(input.ordBound)
  for (let e = 0; e < g.edgeCount; e++) {
    if (!s.tainted[e]) continue
    const ord = g.ord[e] as number
    if (seen[ord]) continue
    seen[ord] = 1
    const a = g.asset[e] as number
    const from = place(g.src[e] as number, a)
    const to = place(g.dst[e] as number, a)
    if (!from && !to) continue
    const t = s.taintOf(e)
    if (t === 0n) continue
    if (to) {
      to.received += t
      if (to.firstIn < 0 || ord < to.firstIn) to.firstIn = ord
      if (!from) total(a).reached += t
    }
    if (from) {
      from.left += t
      if (ord > from.lastOut) from.lastOut = ord
      if (!to) total(a).left += t
    }
  }
  const held = [...places.values()]
    .flatMap((m) => [...m.values()])
    .filter((p): p is Place => p !== null && p.received > 0n)
  for (const p of held) total(p.asset).remaining += s.final.get(p.node, p.asset)
  // In the order the funds arrived: the story of where they could have been stopped, first chance first.
  held.sort((x, y) => x.firstIn - y.firstIn || x.asset - y.asset)
  const listed = held.slice(0, input.max)
  const ords = listed.flatMap((p) => [p.firstIn, ...(p.lastOut >= 0 ? [p.lastOut] : [])])
  const details = await input.source.details(Int32Array.from(ords))
  const names = await input.source.addressesOf(Int32Array.from(listed, (p) => g.global[p.node] as number))
  const at = (ord: number) => {
    const d = details.get(ord)
    return { tx: d?.tx ?? '', block: d?.block ?? 0n, time: d?.time ?? null }
  }
  const windows = listed.map((p, i): FreezeWindow => {
    const remaining = s.final.get(p.node, p.asset)
    const arrived = at(p.firstIn)
    // A place keeps value it holds only under the model's rules: it has left when none of it is still there.
    const departed = remaining === 0n && p.lastOut >= 0 ? at(p.lastOut) : null
    const seconds =
      departed && departed.time !== null && arrived.time !== null ? Number(departed.time - arrived.time) : null
    return {
      address: names[i] as string,
      asset: input.nameOf(p.asset),
      freezableBy: p.freezableBy,
      received: p.received,
      left: p.left,
      remaining,
      arrived,
      departed,
      seconds,
    }
  })
  return { windows, totals }
}
