import type { EndpointCategory, StopReason } from '../trace-types.ts'
import { OutState } from './output-table.ts'
import type { UtxoTracer } from './utxo-tracer.ts'

/** One address's share of the final taint in one category. */
export interface UtxoFinal {
  category: EndpointCategory
  amount: bigint
  /** The heaviest output of the share (its path is the endpoint's path) and the first one. */
  heaviest: number
  first: number
  /** The share's outputs, in time order. */
  slots: number[]
}

/** What the trace did at one address, over all of its tainted outputs. */
export interface UtxoAddressAgg {
  id: number
  received: bigint
  hop: number
  stop: StopReason | null
  /** Tainted outputs paid to the address, in time order (at most ARRIVALS kept): for the explained address only. */
  arrivals: number[]
  /** One share per category (an address can hold coins and have others stopped by a limit). */
  finals: UtxoFinal[]
}

/** An address's share in a category, if any. */
export const finalIn = (a: UtxoAddressAgg, c: EndpointCategory): UtxoFinal | undefined =>
  a.finals.find((f) => f.category === c)

const ARRIVALS = 1000
const NONE: number[] = []
const STOP_OF: Record<number, StopReason | null> = {
  [OutState.endpoint]: 'endpoint',
  [OutState.hopLimit]: 'hop-limit',
  [OutState.dust]: 'dust',
  [OutState.maxAddresses]: 'max-addresses',
}

/** The category in which a tainted output's taint ended, or null when it moved on. */
export function finalCategory(tr: UtxoTracer, s: number): EndpointCategory | null {
  const state = tr.out.state[s] as number
  if (state === OutState.followed) return null
  if (state === OutState.live) return 'held'
  if (state === OutState.endpoint) return tr.stopOf(tr.out.addr[s] as number) ?? 'held'
  return 'unfollowed'
}

/**
 * Aggregates every tainted output by the address it paid (arrivals listed for `explain`, an address id, only);
 * returns the aggregates and the tainted output count.
 */
export function aggregateAddresses(
  tr: UtxoTracer,
  explain = -1,
): { byAddr: Map<number, UtxoAddressAgg>; tainted: number } {
  const t = tr.out
  const byAddr = new Map<number, UtxoAddressAgg>()
  let tainted = 0
  for (let s = 0; s < t.count; s++) {
    const taint = t.taint[s] as number
    if (taint === 0) continue
    tainted++
    const id = t.addr[s] as number
    let a = byAddr.get(id)
    if (!a) {
      a = { id, received: 0n, hop: t.hop[s] as number, stop: null, arrivals: id === explain ? [] : NONE, finals: [] }
      byAddr.set(id, a)
    }
    a.received += BigInt(taint)
    if ((t.hop[s] as number) < a.hop) a.hop = t.hop[s] as number
    if (id === explain && a.arrivals.length < ARRIVALS) a.arrivals.push(s)
    const stop = STOP_OF[t.state[s] as number] ?? null
    if (stop !== null && a.stop === null) a.stop = stop
    const category = finalCategory(tr, s)
    if (category === null) continue
    const f = finalIn(a, category)
    if (!f) a.finals.push({ category, amount: BigInt(taint), heaviest: s, first: s, slots: [s] })
    else {
      f.amount += BigInt(taint)
      if (taint > (t.taint[f.heaviest] as number)) f.heaviest = s
      if (f.slots.length < ARRIVALS) f.slots.push(s)
    }
  }
  return { byAddr, tainted }
}

/** The path to output s: the heaviest tainted inputs at the least hop walked back to a seed, first step first. */
export function pathSlots(tr: UtxoTracer, s: number): number[] {
  const t = tr.out
  const out: number[] = []
  let cur = s
  while (cur >= 0 && (t.hop[cur] as number) > 0) {
    out.push(cur)
    cur = t.parent[cur] as number
  }
  return out.reverse()
}
