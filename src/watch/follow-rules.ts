import type { EdgeSource } from '../store/edges/edge-source.ts'
import { orderWithinTx } from '../trace/engine/edge-order.ts'
import type { RoleIndex } from '../trace/engine/role-index.ts'
import { NodeFlag, StopCode, type TransferGraph } from '../trace/engine/transfer-graph.ts'
import type { CarriedTrace } from './carried-trace.ts'
import { Retrace } from './retrace.ts'

/**
 * The exchange an address sweeps to when every one of its outgoing transfers (`dsts`, their recipients) goes to
 * wallets of one labelled exchange (the expansion's deposit-address rule); undefined otherwise or when it sent nothing.
 */
export function depositName(g: TransferGraph, roles: RoleIndex, dsts: readonly number[]): string | undefined {
  if (dsts.length === 0) return undefined
  let name: string | undefined
  for (const v of dsts) {
    if (v < 0 || !((g.flags[v] as number) & NodeFlag.exchange)) return undefined
    const n = roles.roleOf(g.global[v] as number)?.name
    if (name !== undefined && n !== name) return undefined
    name = n
  }
  return name ?? ''
}

/** A recipient reached only by transfers below the trace's minimum (the expansion's rule). */
export function markDust(g: TransferGraph, v: number): void {
  g.flags[v] = (g.flags[v] as number) | NodeFlag.dust
  if ((g.flags[v] as number) & NodeFlag.expanded || g.stop[v]) return
  g.stop[v] = StopCode.dust
}

/**
 * Books the history of addresses followed for the first time in this range: their transfers in the window before
 * it, read from the store (incoming now, outgoing with the deposit rule's read). A history that already brought
 * them taint would flow on differently now that they are followed: the target is traced again.
 */
export async function bookNewlyFollowed(
  state: CarriedTrace,
  hist: EdgeSource,
  nodes: readonly number[],
  firstOrd: number,
): Promise<void> {
  const { graph: g, book } = state
  const plain = nodes.filter((u) => !((g.flags[u] as number) & NodeFlag.converter))
  if (plain.length === 0) return
  for (const u of plain) {
    for (const a of book.received.assets) if (book.received.get(u, a) > 0n) throw new Retrace('tainted-history')
  }
  const at = g.edgeCount
  g.addIn(plain, await hist.inEdges(Int32Array.from(plain, (u) => g.global[u] as number)))
  const byNode = new Map<number, number[]>(plain.map((u) => [u, []]))
  for (let e = at; e < g.edgeCount; e++) byNode.get(g.dst[e] as number)?.push(e)
  for (const u of plain) {
    const s = g.outStart[u] as number
    const list = byNode.get(u) as number[]
    for (let e = s; e < s + (g.outLen[u] as number); e++) if ((g.ord[e] as number) < firstOrd) list.push(e)
    if (!book.bookHistory(u, inTimeOrder(g, list))) throw new Retrace('tainted-history')
  }
}

/** Distinct edges by ord, in time order, each transaction's in the expansion's within-transaction order. */
function inTimeOrder(g: TransferGraph, edges: number[]): number[] {
  const seen = new Set<number>()
  const sorted = edges
    .sort((a, b) => (g.ord[a] as number) - (g.ord[b] as number))
    .filter((e) => !seen.has(g.ord[e] as number) && seen.add(g.ord[e] as number))
  const out: number[] = []
  let i = 0
  while (i < sorted.length) {
    let j = i + 1
    while (j < sorted.length && g.txo[sorted[j] as number] === g.txo[sorted[i] as number]) j++
    out.push(...orderWithinTx(g, sorted.slice(i, j)))
    i = j
  }
  return out
}
