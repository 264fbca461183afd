import type { LabelIndex } from '../labels/label-index.ts'
import type { Label } from '../labels/label-types.ts'
import type { EdgeSource } from '../trace/edge-source.ts'

export type Direction = 'incoming' | 'outgoing'

/** What one labelled address contributes to the screened address's exposure, in one asset. */
export interface Contribution {
  /** The labelled address and its most severe label. */
  address: string
  label: Pick<Label, 'category' | 'name' | 'source'>
  /** Transfers between the screened address and the labelled one on the path found first (1 = direct). */
  hops: number
  asset: string
  /** Value of the screened address's flow in `asset` attributed to this address (haircut, floored). */
  amount: bigint
  /** Addresses from the screened one to the labelled one, both included. */
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
  chain: string
  hops: number
  /** Edges read per screened address and direction, at most. */
  maxEdges: number
}

interface Flow {
  dst: number
  asset: number
  amount: bigint
  ord: number
}

type PerAsset = Map<number, bigint>
function getOr<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k)
  if (v === undefined) {
    v = make()
    m.set(k, v)
  }
  return v
}
const add = (m: PerAsset, a: number, v: bigint) => m.set(a, (m.get(a) ?? 0n) + v)

/**
 * Haircut exposure of one address in one direction over an edge source oriented for it (forward for
 * outgoing, backward for incoming). Breadth-first to `hops`; a labelled address ends its path and takes the
 * whole flow into it; an unlabelled one passes on the share of its flow (per asset) that reached labelled
 * addresses, exact in bigint, floored at each step. Each address counts at its shortest distance, and flows to
 * addresses no farther out are not counted, so no value is counted twice (docs/screening.md).
 */
export async function exposureOf(
  source: EdgeSource,
  index: LabelIndex,
  address: string,
  direction: Direction,
  o: ExposureOptions,
): Promise<DirectionExposure> {
  const empty: DirectionExposure = { direction, totals: {}, contributions: [], truncated: false }
  const [root] = await source.resolve([address])
  if (root === undefined || root < 0) return empty
  const depth = new Map<number, number>([[root, 0]])
  const parent = new Map<number, { from: number; ord: number }>()
  const labelled = new Map<number, Label>()
  const flows = new Map<number, Flow[]>()
  const names = new Map<number, string>([[root, address]])
  let frontier = [root]
  let edges = 0
  let truncated = false
  for (let d = 0; d < o.hops && frontier.length > 0; d++) {
    const b = await source.outEdges(Int32Array.from(frontier))
    edges += b.length
    const fresh: number[] = []
    for (let i = 0; i < b.length; i++) {
      const s = b.src[i] as number
      const t = b.dst[i] as number
      if (s === t) continue
      getOr(flows, s, () => []).push({
        dst: t,
        asset: b.asset[i] as number,
        amount: b.amount[i] as bigint,
        ord: b.ord[i] as number,
      })
      if (!depth.has(t)) {
        depth.set(t, d + 1)
        parent.set(t, { from: s, ord: b.ord[i] as number })
        fresh.push(t)
      }
    }
    const addresses = await source.addressesOf(Int32Array.from(fresh))
    frontier = []
    fresh.forEach((id, i) => {
      const a = addresses[i] as string
      names.set(id, a)
      const l = index.lookup(o.chain, a)[0]
      if (l) labelled.set(id, l)
      else frontier.push(id)
    })
    if (edges > o.maxEdges && frontier.length > 0) {
      truncated = true
      break
    }
  }
  const shares = haircut(root, depth, flows, labelled)
  const rootShare = shares.get(root) ?? new Map<number, PerAsset>()
  const totals = totalsOf(flows.get(root) ?? [])
  const assetIds = new Set<number>(totals.keys())
  const assetNames = await nameAssets(source, assetIds)
  const contributions: Contribution[] = []
  for (const [l, perAsset] of rootShare) {
    const path = pathTo(l, root, parent)
    for (const [a, amount] of perAsset) {
      if (amount === 0n) continue
      const label = labelled.get(l) as Label
      contributions.push({
        address: names.get(l) ?? '',
        label: { category: label.category, name: label.name, source: label.source },
        hops: depth.get(l) as number,
        asset: assetNames.get(a) ?? String(a),
        amount,
        path: path.nodes.map((n) => names.get(n) ?? ''),
        txs: path.ords.map(String),
      })
    }
  }
  await fillTxs(source, contributions)
  contributions.sort((x, y) =>
    x.amount === y.amount ? x.address.localeCompare(y.address) : x.amount > y.amount ? -1 : 1,
  )
  const totalsByName: Record<string, bigint> = {}
  for (const [a, v] of totals) totalsByName[assetNames.get(a) ?? String(a)] = v
  return { direction, totals: totalsByName, contributions, truncated }
}

function totalsOf(list: readonly Flow[]): PerAsset {
  const m: PerAsset = new Map()
  for (const f of list) add(m, f.asset, f.amount)
  return m
}

/** Per expanded address: labelled address -> asset -> attributed amount, computed farthest addresses first. */
function haircut(
  root: number,
  depth: ReadonlyMap<number, number>,
  flows: ReadonlyMap<number, Flow[]>,
  labelled: ReadonlyMap<number, Label>,
): Map<number, Map<number, PerAsset>> {
  const order = [...flows.keys()].sort((a, b) => (depth.get(b) as number) - (depth.get(a) as number))
  const out = new Map<number, Map<number, PerAsset>>()
  const totals = new Map<number, PerAsset>()
  for (const y of order) {
    const mine = new Map<number, PerAsset>()
    const dy = depth.get(y) as number
    for (const f of flows.get(y) ?? []) {
      if (labelled.has(f.dst) && f.dst !== root) {
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

async function nameAssets(source: EdgeSource, ids: ReadonlySet<number>): Promise<Map<number, string>> {
  const tokens = [...ids].filter((a) => a >= 0)
  const names = await source.addressesOf(Int32Array.from(tokens))
  const m = new Map<number, string>([[-1, 'native']])
  tokens.forEach((a, i) => {
    m.set(a, names[i] as string)
  })
  return m
}

/** Replaces each path's edge ords by transaction hashes, in one query. */
async function fillTxs(source: EdgeSource, contributions: Contribution[]): Promise<void> {
  const ords = new Set<number>()
  for (const c of contributions) for (const t of c.txs) ords.add(Number(t))
  if (ords.size === 0) return
  const details = await source.details(Int32Array.from(ords))
  for (const c of contributions) c.txs = c.txs.map((t) => details.get(Number(t))?.tx ?? '')
}
