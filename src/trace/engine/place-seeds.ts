import type { EdgeSource } from '../../store/edges/edge-source.ts'
import type { SeedRule, TraceRequest, TraceSeed } from '../trace-types.ts'
import { NodeFlag, type TransferGraph, UNREACHED } from './transfer-graph.ts'

/** Where the expansion starts, and what the seeds taint. */
export interface PlacedSeeds {
  /** Seed addresses followed from their receipts (hop 0). */
  frontier: number[]
  /** Recipients of seed transfers (a seed transaction's, or a seed address's outflows): hop 1. */
  firstHop: number[]
  /** Edges read for the seeds: the first `edges` of the graph. */
  edges: number
  /** ords of the seed transfers that are not an address seed's receipts. */
  seedOrds: Set<number>
  /** Per seed, the rule that seeded it. */
  seeds: TraceSeed[]
  /** Why nothing could be traced, or null. */
  why: string | null
}

/**
 * Places the seeds of a request on the graph. Forward, an address seed's receipts in the window are the stolen
 * funds (rule `receipts`); one that received nothing in the window, or every address seed under `seedOutflows`,
 * is seeded by what it sent in the window instead (rule `outflows`: the thief's own address, whose theft
 * transaction lies before the window or was not imported). A transaction seed's transfers are the stolen funds
 * (rule `transaction`). Backward, an address seed's receipts are followed back to who paid it.
 */
export async function placeSeeds(
  g: TransferGraph,
  source: EdgeSource,
  r: TraceRequest,
  assetId: number | undefined,
): Promise<PlacedSeeds> {
  const p: PlacedSeeds = { frontier: [], firstHop: [], edges: 0, seedOrds: new Set(), seeds: [], why: null }
  const reasons: string[] = []
  const note = (seed: string) => r.seedNotes?.[seed] ?? null
  const ids = await source.resolve(r.seedAddresses)
  const known: { address: string; u: number }[] = []
  r.seedAddresses.forEach((address, i) => {
    const id = ids[i] as number
    if (id >= 0) known.push({ address, u: g.node(id) })
    else {
      reasons.push(`seed ${address} has no transfers on ${r.chain}`)
      p.seeds.push({ seed: address, rule: 'none', note: note(address) })
    }
  })
  const locals = known.map((k) => k.u)
  const rules = new Map<number, SeedRule>()
  if (locals.length > 0 && r.direction === 'backward') {
    // Backward, the seed's own receipts are the seeded value: they are followed back like a seed transaction's.
    const at = g.edgeCount
    g.addOut(locals, await source.outEdges(Int32Array.from(locals, (u) => g.global[u] as number)))
    const before = p.firstHop.length
    seedEdges(g, at, g.edgeCount, assetId, p)
    for (const { address, u } of known) {
      g.hop[u] = 0
      const none = g.outLen[u] === 0 || p.firstHop.length === before
      if (none) reasons.push(`seed ${address} received nothing ${windowText(r)}`)
      rules.set(u, none ? 'none' : 'receipts')
    }
  } else if (locals.length > 0) {
    g.addIn(locals, await source.inEdges(Int32Array.from(locals, (u) => g.global[u] as number)))
    const first = new Map<number, number>()
    for (let e = 0; e < g.edgeCount; e++) {
      if (assetId !== undefined && g.asset[e] !== assetId) continue
      const v = g.dst[e] as number
      if ((g.txo[e] as number) < (first.get(v) ?? UNREACHED)) first.set(v, g.txo[e] as number)
    }
    const byOutflows: { address: string; u: number }[] = []
    for (const k of known) {
      const t = first.get(k.u)
      if (r.seedOutflows === true || t === undefined) byOutflows.push(k)
      else {
        g.flags[k.u] = (g.flags[k.u] as number) | NodeFlag.seed
        g.arr[k.u] = t
        g.hop[k.u] = 0
        p.frontier.push(k.u)
        rules.set(k.u, 'receipts')
      }
    }
    if (byOutflows.length > 0) await seedOutflows(g, source, byOutflows, assetId, p, rules)
    for (const { address, u } of byOutflows) {
      if (rules.get(u) === 'none') reasons.push(`seed ${address} received and sent nothing ${windowText(r)}`)
    }
  }
  for (const { address, u } of known) p.seeds.push({ seed: address, rule: rules.get(u) ?? 'none', note: note(address) })
  if (r.seedTxs.length > 0) {
    const { batch, found } = await source.txEdges(r.seedTxs)
    for (const h of r.seedTxs) {
      if (!found.has(h)) reasons.push(`seed transaction ${h} moved nothing ${windowText(r)}`)
      p.seeds.push({ seed: h, rule: found.has(h) ? 'transaction' : 'none', note: note(h) })
    }
    const at = g.addEdges(batch)
    // A partial seed (a mixer's withdrawal) seeds only what its sender paid out, not other value in the transaction.
    const from = r.seedShare === undefined ? undefined : ((await source.resolve([r.seedShare.from]))[0] as number)
    seedEdges(g, at, g.edgeCount, assetId, p, from)
  }
  const started = p.frontier.length + p.firstHop.length > 0
  if (!started && reasons.length === 0) reasons.push(`the seeds moved nothing ${windowText(r)}`)
  p.why = started ? null : reasons.join('; ')
  p.edges = g.edgeCount
  return p
}

/** Seeds addresses by what they sent in the window: their outgoing transfers become seed transfers. */
async function seedOutflows(
  g: TransferGraph,
  source: EdgeSource,
  seeds: { address: string; u: number }[],
  assetId: number | undefined,
  p: PlacedSeeds,
  rules: Map<number, SeedRule>,
): Promise<void> {
  const locals = seeds.map((k) => k.u)
  const at = g.edgeCount
  g.addOut(locals, await source.outEdges(Int32Array.from(locals, (u) => g.global[u] as number)))
  for (const u of locals) {
    g.hop[u] = 0
    let any = false
    const start = g.outStart[u] as number
    for (let e = start; e < start + (g.outLen[u] as number); e++) {
      if (assetId === undefined || g.asset[e] === assetId) any = true
    }
    rules.set(u, any ? 'outflows' : 'none')
  }
  seedEdges(g, at, g.edgeCount, assetId, p)
}

/** Marks edges [at, end) as seed transfers; their recipients are one hop from the seed. */
function seedEdges(
  g: TransferGraph,
  at: number,
  end: number,
  assetId: number | undefined,
  p: PlacedSeeds,
  from?: number,
): void {
  for (let e = at; e < end; e++) {
    if (assetId !== undefined && g.asset[e] !== assetId) continue
    if (from !== undefined && g.global[g.src[e] as number] !== from) continue
    p.seedOrds.add(g.ord[e] as number)
    const v = g.dst[e] as number
    if ((g.txo[e] as number) < (g.arr[v] as number)) g.arr[v] = g.txo[e] as number
    if ((g.hop[v] as number) < 0) {
      g.hop[v] = 1
      p.firstHop.push(v)
    }
  }
}

/** The window and asset of a request, for the reasons an empty result gives. */
export function windowText(r: TraceRequest): string {
  const l = r.limits
  const parts = [
    l.fromBlock !== undefined ? `from block ${l.fromBlock}` : '',
    l.toBlock !== undefined ? `to block ${l.toBlock}` : '',
    l.fromTime !== undefined ? `from time ${l.fromTime}` : '',
    l.toTime !== undefined ? `to time ${l.toTime}` : '',
    r.asset !== undefined ? `in asset ${r.asset}` : '',
  ].filter(Boolean)
  return parts.length > 0 ? `(${parts.join(', ')}) on ${r.chain}` : `on ${r.chain}`
}
