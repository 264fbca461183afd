import type { RelaxLog } from '../engine/expand.ts'
import type { PerAsset } from '../engine/per-asset.ts'
import type { TransferGraph } from '../engine/transfer-graph.ts'
import type { TaintModel } from '../trace-types.ts'

/** What the scan found: tainted edges, and per (node, asset) what arrived and what ended there. */
export interface ScanResult {
  /** 1 for each edge index that carried taint. */
  tainted: Uint8Array
  /** The tainted amount of an edge (0 for an untainted one). */
  taintOf: (e: number) => bigint
  /** The taint hop of a tainted edge: the fewest transfers from a seed over which its taint came. */
  hops: Int32Array
  /** Per node, the fewest transfers over which taint reached it (0 for a seed address), -1 when none did. */
  nodeHop: Int32Array
  /** For a converter's tainted payout: the tainted transfer into its routed swap (same transaction) that fed it. */
  swapIn: Map<number, number>
  /** The distinct edges in time order (empty when the model did not need it). */
  order: Int32Array
  taintedEdges: number
  seeded: Map<number, bigint>
  swappedIn: Map<number, bigint>
  received: PerAsset
  /** Taint that ended at the node: held, at the endpoint, or swapped at a DEX. */
  final: PerAsset
}

export interface ScanInput {
  graph: TransferGraph
  model: TaintModel
  totalEdges: number
  /** ords of the seed transfers that are not an address seed's receipts (hop 1). */
  seedOrds: ReadonlySet<number>
  /** Edges below this index were read for the seeds (seed transfers are among them). */
  seedEdges: number
  /** Seed only this asset id (-1 native), or every asset when undefined. */
  seedAsset: number | undefined
  /** Transactions in which each converter received taint (from the expansion). */
  convTx: ReadonlyMap<number, ReadonlySet<number>>
  /** The expansion's relaxes, for poison: the range of an address's outflows followed at each hop. */
  relaxLog?: RelaxLog
  /**
   * Haircut and FIFO: seed transfers (not an address seed's receipts) carry floor(amount × tainted / of) of taint,
   * not their whole amount (a mixer note that was tainted only in part).
   */
  seedShare?: { tainted: bigint; of: bigint }
}

/** A seed transfer's taint under a partial seed: floor(amount × tainted / of), never more than the amount. */
export function seedShareOf(amount: bigint, share: { tainted: bigint; of: bigint }): bigint {
  const t = (amount * share.tainted) / share.of
  return t > amount ? amount : t
}

export const addTo = (m: Map<number, bigint>, k: number, v: bigint) => {
  if (v !== 0n) m.set(k, (m.get(k) ?? 0n) + v)
}

/** Fresh per-node hop column: -1 (no taint yet). */
export function freshNodeHops(n: number): Int32Array {
  return new Int32Array(n).fill(-1)
}

/** Lowers a node's taint hop to h. */
export function reachAt(nodeHop: Int32Array, v: number, h: number): void {
  const cur = nodeHop[v] as number
  if (cur < 0 || h < cur) nodeHop[v] = h
}

/**
 * Poison: the earliest time from which each followed address's outflows were followed within the hop limit (an
 * arrival improved at the last hop is not passed on); its arrival time when no relax log is given.
 */
export function relaxedFrom(g: TransferGraph, log: RelaxLog | undefined): Int32Array {
  if (!log) return g.arr.slice(0, g.nodeCount)
  const from = new Int32Array(g.nodeCount).fill(0x7fffffff)
  for (let k = 0; k < log.length; k++) {
    const u = log.node[k] as number
    if ((log.from[k] as number) < (from[u] as number)) from[u] = log.from[k] as number
  }
  return from
}

interface SwapState {
  byAsset: Map<number, { total: bigint; tainted: bigint }>
  /** The tainted inflow with the fewest hops (heaviest among those), for paths. */
  input: number
  inputHop: number
  inputTaint: bigint
}

/** Per-transaction inflows of routed swaps (groups of converters), by asset: total paid in and its tainted part. */
export class Converters {
  private m = new Map<number, SwapState>()
  constructor(private readonly poison: boolean) {}

  reset(): void {
    if (this.m.size > 0) this.m = new Map()
  }

  in(swap: number, asset: number, amount: bigint, tainted: bigint, e: number, hop: number): void {
    let s = this.m.get(swap)
    if (!s) {
      s = { byAsset: new Map(), input: -1, inputHop: -1, inputTaint: 0n }
      this.m.set(swap, s)
    }
    const x = s.byAsset.get(asset) ?? { total: 0n, tainted: 0n }
    x.total += amount
    x.tainted += tainted
    s.byAsset.set(asset, x)
    if (tainted > 0n && (s.input < 0 || hop < s.inputHop || (hop === s.inputHop && tainted > s.inputTaint))) {
      s.input = e
      s.inputHop = hop
      s.inputTaint = tainted
    }
  }

  /**
   * The tainted part of a payout in `asset`: each other asset paid in contributes its tainted share, capped at the
   * payout; under poison, the whole payout once anything tainted was paid in.
   */
  out(swap: number, asset: number, amount: bigint): { tainted: bigint; input: number; hop: number } {
    const s = this.m.get(swap)
    if (!s || s.input < 0) return { tainted: 0n, input: -1, hop: -1 }
    let t = 0n
    if (this.poison) t = amount
    else {
      for (const [a, x] of s.byAsset) {
        if (a === asset || x.total === 0n || x.tainted === 0n) continue
        t += (amount * x.tainted) / x.total
      }
    }
    return { tainted: t > amount ? amount : t, input: s.input, hop: s.inputHop }
  }
}
