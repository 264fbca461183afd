import { getOr } from '../core/get-or.ts'
import type { Label } from '../labels/label-types.ts'
import type { EdgeDetail, EdgeSource } from '../store/edges/edge-source.ts'
import { type Flow, type Walk, walkMany } from './exposure-walk.ts'

export type Direction = 'incoming' | 'outgoing'

/** What one labelled address contributes to the screened address's exposure, in one asset. */
export interface Contribution {
  /** The labelled address and its most severe label. */
  address: string
  label: Pick<Label, 'category' | 'name' | 'source'>
  /** Transfers between the screened address and the labelled one: its shortest distance (1 = direct). */
  hops: number
  asset: string
  /** Value of the screened address's flow in `asset` attributed to this address (haircut, floored). */
  amount: bigint
  /** Addresses from the screened one to the labelled one, both included; each step by its lowest-ord edge. */
  path: string[]
  /** Transaction of each transfer on the path, in path order. */
  txs: string[]
}

export interface DirectionExposure {
  direction: Direction
  /** Everything the address received (incoming) or sent (outgoing), per asset. */
  totals: Record<string, bigint>
  contributions: Contribution[]
  /** The neighbourhood hit the edge budget; exposure beyond it is not counted. */
  truncated: boolean
}

export interface ExposureOptions {
  hops: number
  /** Edges read per screened address and direction, at most. */
  maxEdges: number
  /** Adds the edges the batch's walks read (for sizing the next batch). */
  stats?: { edges: number }
}

type PerAsset = Map<number, bigint>
const add = (m: PerAsset, a: number, v: bigint) => m.set(a, (m.get(a) ?? 0n) + v)

/** A contribution before its addresses, asset and transactions are named. */
interface RawContribution {
  labelled: number
  asset: number
  amount: bigint
  path: { nodes: number[]; ords: number[] }
}

/**
 * Haircut exposure of many addresses in one direction over an edge source oriented for it (forward for
 * outgoing, backward for incoming), `roots` being their trace ids (-1: no transfers). Breadth-first to `hops`;
 * a labelled address ends its path and takes the whole flow into it; an unlabelled one passes on the share of
 * its flow (per asset) that reached labelled addresses, exact in bigint, floored at each step. Each address
 * counts at its shortest distance, and flows to addresses no farther out are not counted, so no value is
 * counted twice (docs/screening.md). The whole batch costs `hops` edge queries and two naming queries.
 */
export async function exposuresOf(
  source: EdgeSource,
  labelled: ReadonlyMap<number, Label>,
  roots: readonly { address: string; id: number }[],
  direction: Direction,
  o: ExposureOptions,
): Promise<DirectionExposure[]> {
  const walks = await walkMany(
    source,
    (id) => labelled.has(id),
    roots.map((r) => r.id),
    o.hops,
    o.maxEdges,
  )
  if (o.stats) for (const w of walks) o.stats.edges += w.edges
  const raw: RawContribution[][] = []
  const totals: PerAsset[] = []
  const named = new Set<number>()
  for (const w of walks) {
    const mine: RawContribution[] = []
    const rootTotals = totalsOf(w.flows.get(w.root) ?? [])
    for (const a of rootTotals.keys()) if (a >= 0) named.add(a)
    for (const [l, perAsset] of haircut(w).get(w.root) ?? []) {
      const path = pathTo(l, w.root, w.parent)
      for (const [asset, amount] of perAsset) {
        if (amount === 0n) continue
        for (const n of path.nodes) named.add(n)
        mine.push({ labelled: l, asset, amount, path })
      }
    }
    raw.push(mine)
    totals.push(rootTotals)
  }
  const ids = Int32Array.from(named)
  const names = new Map<number, string>([[-1, 'native']])
  ;(await source.addressesOf(ids)).forEach((a, i) => {
    names.set(ids[i] as number, a)
  })
  const ords = new Set<number>()
  for (const list of raw) for (const c of list) for (const ord of c.path.ords) ords.add(ord)
  const details = ords.size > 0 ? await source.details(Int32Array.from(ords)) : new Map<number, EdgeDetail>()
  const naming: Naming = { labelled, names, details }
  return walks.map((w, k) =>
    toExposure(direction, w, (roots[k] as { address: string }).address, raw[k] ?? [], totals[k] ?? new Map(), naming),
  )
}

interface Naming {
  labelled: ReadonlyMap<number, Label>
  names: ReadonlyMap<number, string>
  details: ReadonlyMap<number, EdgeDetail>
}

/** One walk's result with its addresses, assets and transactions named, contributions largest first. */
function toExposure(
  direction: Direction,
  w: Walk,
  rootAddress: string,
  raw: readonly RawContribution[],
  totals: PerAsset,
  n: Naming,
): DirectionExposure {
  const name = (id: number) => (id === w.root ? rootAddress : (n.names.get(id) ?? String(id)))
  const contributions = raw.map((c): Contribution => {
    const label = n.labelled.get(c.labelled) as Label
    return {
      address: name(c.labelled),
      label: { category: label.category, name: label.name, source: label.source },
      hops: w.depth.get(c.labelled) as number,
      asset: name(c.asset),
      amount: c.amount,
      path: c.path.nodes.map(name),
      txs: c.path.ords.map((ord) => n.details.get(ord)?.tx ?? ''),
    }
  })
  contributions.sort((x, y) =>
    x.amount === y.amount ? x.address.localeCompare(y.address) : x.amount > y.amount ? -1 : 1,
  )
  const totalsByName: Record<string, bigint> = {}
  for (const [a, v] of totals) totalsByName[name(a)] = v
  return { direction, totals: totalsByName, contributions, truncated: w.truncated }
}

function totalsOf(list: readonly Flow[]): PerAsset {
  const m: PerAsset = new Map()
  for (const f of list) add(m, f.asset, f.amount)
  return m
}

/** Per expanded address: labelled address -> asset -> attributed amount, computed farthest addresses first. */
function haircut(w: Walk): Map<number, Map<number, PerAsset>> {
  const { root, depth, flows, labelled } = w
  const order = [...flows.keys()].sort((a, b) => (depth.get(b) as number) - (depth.get(a) as number))
  const out = new Map<number, Map<number, PerAsset>>()
  const totals = new Map<number, PerAsset>()
  for (const y of order) {
    const mine = new Map<number, PerAsset>()
    const dy = depth.get(y) as number
    for (const f of flows.get(y) ?? []) {
      if (labelled.has(f.dst)) {
        add(
          getOr(mine, f.dst, () => new Map()),
          f.asset,
          f.amount,
        )
        continue
      }
      const next = out.get(f.dst)
      if (!next || (depth.get(f.dst) as number) <= dy) continue
      const total = totals.get(f.dst)?.get(f.asset) ?? 0n
      if (total === 0n) continue
      for (const [l, perAsset] of next) {
        const t = perAsset.get(f.asset)
        if (!t) continue
        add(
          getOr(mine, l, () => new Map()),
          f.asset,
          (f.amount * t) / total,
        )
      }
    }
    out.set(y, mine)
    totals.set(y, totalsOf(flows.get(y) ?? []))
    if (y === root) break
  }
  return out
}

function pathTo(l: number, root: number, parent: ReadonlyMap<number, { from: number; ord: number }>) {
  const nodes = [l]
  const ords: number[] = []
  let at = l
  while (at !== root) {
    const p = parent.get(at)
    if (!p) break
    ords.unshift(p.ord)
    nodes.unshift(p.from)
    at = p.from
  }
  return { nodes, ords }
}
