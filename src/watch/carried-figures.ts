import type { EdgeSource } from '../store/edges/edge-source.ts'
import { NodeFlag } from '../trace/engine/transfer-graph.ts'
import { categoryOf } from '../trace/result/build-result.ts'
import type { EndpointCategory } from '../trace/trace-types.ts'
import type { CarriedTrace } from './carried-trace.ts'

const ZERO = '0x0000000000000000000000000000000000000000'

export interface CarriedTotals {
  stolen: bigint
  swappedIn: bigint
  held: bigint
  exchange: bigint
  bridge: bigint
  mixer: bigint
  dex: bigint
  dark: bigint
  unfollowed: bigint
}

/** Per address: the taint it received and what ended there, per asset, and where it stands. */
export interface CarriedNode {
  category: EndpointCategory
  received: Record<string, bigint>
  final: Record<string, bigint>
}

/** The carried state's figures, as a full trace's result states them: per-asset totals and per-address taint. */
export interface CarriedFigures {
  totals: Record<string, CarriedTotals>
  nodes: Map<string, CarriedNode>
}

/** The figures of a carried trace (read through `source`, a window ending at the state's block). */
export async function carriedFigures(state: CarriedTrace, source: EdgeSource): Promise<CarriedFigures> {
  const { graph: g, book } = state
  const nodes = new Set<number>()
  book.received.forEach((u) => {
    nodes.add(u)
  })
  const list = [...nodes]
  const names = await source.addressesOf(Int32Array.from(list, (u) => g.global[u] as number))
  const assets = book.received.assets
  const assetNames = await source.addressesOf(Int32Array.from(assets.filter((a) => a >= 0)))
  const assetName = new Map<number, string>([[-1, 'native']])
  for (const [i, a] of assets.filter((x) => x >= 0).entries()) assetName.set(a, assetNames[i] as string)
  const candidates = list.filter(
    (u) => (state.outCount[u] as number) === 0 && ((g.flags[u] as number) & NodeFlag.expanded) !== 0,
  )
  const contracts = await source.contracts(Int32Array.from(candidates, (u) => g.global[u] as number))
  const dark = new Set<number>(candidates.filter((u) => contracts.has(g.global[u] as number)))
  list.forEach((u, i) => {
    if (names[i] === ZERO) dark.add(u)
  })
  const totals: Record<string, CarriedTotals> = {}
  const total = (a: number) => {
    const k = assetName.get(a) as string
    totals[k] ??= {
      stolen: 0n,
      swappedIn: 0n,
      held: 0n,
      exchange: 0n,
      bridge: 0n,
      mixer: 0n,
      dex: 0n,
      dark: 0n,
      unfollowed: 0n,
    }
    return totals[k]
  }
  for (const [a, v] of book.seeded) total(a).stolen += v
  for (const [a, v] of book.swappedIn) total(a).swappedIn += v
  const out = new Map<string, CarriedNode>()
  list.forEach((u, i) => {
    const category = categoryOf({ graph: g, labels: state.roles, dark }, u)
    const node: CarriedNode = { category, received: {}, final: {} }
    for (const a of assets) {
      const got = book.received.get(u, a)
      if (got > 0n) node.received[assetName.get(a) as string] = got
      const f = book.finalOf(u, a)
      if (f > 0n) {
        node.final[assetName.get(a) as string] = f
        total(a)[category] += f
      }
    }
    out.set(names[i] as string, node)
  })
  return { totals, nodes: out }
}
