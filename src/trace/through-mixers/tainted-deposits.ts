import { getOr } from '../../core/get-or.ts'
import type { MixerPool, PoolActivity, PoolDeposit } from '../../mixer/mixer-types.ts'
import type { ProbableDeposit, TraceEndpoint, TraceResult } from '../trace-types.ts'

/** The key of a deposit note: its transaction and log index. */
export const depositKey = (d: Pick<PoolDeposit, 'tx' | 'logIndex'>): string => `${d.tx}:${d.logIndex}`

export interface TaintedDeposits {
  deposits: ProbableDeposit[]
  /** The mixer endpoint's hop per deposit key (the exact trace's transfers from a seed to the pool). */
  hops: Map<string, number>
  /** Per asset: taint at mixer endpoints in transactions no pool deposit of the asset matches. */
  unmatched: Record<string, bigint>
}

/**
 * The notes the exact trace tainted: for each mixer endpoint, every transaction that brought it taint, matched to
 * the pool deposits of that transaction by hash (a deposit through a proxy contract reaches the proxy, not the
 * pool). A transaction with several notes of the asset shares its taint in proportion to their denominations
 * (floor, at most each note's denomination).
 */
export function taintedDeposits(result: TraceResult, activity: PoolActivity): TaintedDeposits {
  const pools = new Map<string, MixerPool>(activity.pools.map((p) => [p.address, p]))
  const byTx = new Map<string, PoolDeposit[]>()
  for (const d of activity.deposits) {
    getOr(byTx, d.tx, () => []).push(d)
  }
  const out: TaintedDeposits = { deposits: [], hops: new Map(), unmatched: {} }
  const found = new Map<string, ProbableDeposit>()
  for (const endpoint of result.endpoints) {
    if (endpoint.category !== 'mixer') continue
    for (const [tx, tainted] of taintPerTx(result, endpoint)) {
      const notes = (byTx.get(tx) ?? []).filter((d) => pools.get(d.pool)?.asset === endpoint.asset)
      if (notes.length === 0) {
        out.unmatched[endpoint.asset] = (out.unmatched[endpoint.asset] ?? 0n) + tainted
        continue
      }
      const total = notes.reduce((s, d) => s + (pools.get(d.pool) as MixerPool).denomination, 0n)
      for (const d of notes) {
        const pool = pools.get(d.pool) as MixerPool
        const share = (pool.denomination * tainted) / total
        const key = depositKey(d)
        const seen = found.get(key)
        if (seen) {
          seen.tainted = min(seen.tainted + share, pool.denomination)
          continue
        }
        const deposit = depositOf(d, pool, endpoint.address, min(share, pool.denomination))
        found.set(key, deposit)
        out.deposits.push(deposit)
        out.hops.set(key, endpoint.hop)
      }
    }
  }
  // A note whose floor share is nothing carries no taint out of the pool.
  out.deposits = out.deposits.filter((d) => d.tainted > 0n)
  out.deposits.sort((a, b) => (a.block === b.block ? a.logIndex - b.logIndex : a.block < b.block ? -1 : 1))
  return out
}

/**
 * The taint each transaction brought to an endpoint: its `arrivals` when the result lists them (every arrival),
 * else the endpoint's amount when one transaction brought it all, else the listed tainted edges into it.
 */
export function taintPerTx(result: TraceResult, endpoint: TraceEndpoint): Map<string, bigint> {
  const by = new Map<string, bigint>()
  if (endpoint.arrivals) {
    for (const a of endpoint.arrivals) if (a.tainted > 0n) by.set(a.tx, (by.get(a.tx) ?? 0n) + a.tainted)
    return by
  }
  if (endpoint.txs.length === 1) return by.set(endpoint.txs[0] as string, endpoint.amount)
  for (const e of result.edges) {
    if (e.to !== endpoint.address || e.asset !== endpoint.asset || e.tainted === 0n) continue
    by.set(e.tx, (by.get(e.tx) ?? 0n) + e.tainted)
  }
  return by
}

function depositOf(d: PoolDeposit, pool: MixerPool, endpoint: string, tainted: bigint): ProbableDeposit {
  return {
    pool: d.pool,
    poolName: pool.name,
    tx: d.tx,
    logIndex: d.logIndex,
    block: d.block,
    time: d.time,
    depositor: d.depositor,
    endpoint,
    asset: pool.asset,
    denomination: pool.denomination,
    tainted,
    links: [],
  }
}

const min = (a: bigint, b: bigint) => (a < b ? a : b)
