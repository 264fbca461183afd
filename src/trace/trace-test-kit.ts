import assert from 'node:assert/strict'
import { type EndpointLabel, MapEndpointLabels } from '../labels/endpoint-labels.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { explainAddress } from './result/explain.ts'
import { runTrace } from './run-trace.ts'
import { type FixtureTransfer, storeWith } from './trace-fixture.ts'
import { traceRequest } from './trace-request.ts'
import type { TaintModel, TraceDirection, TraceLimits, TraceResult } from './trace-types.ts'

export interface KitOptions {
  model?: TaintModel
  direction?: TraceDirection
  limits?: Partial<TraceLimits>
  asset?: string
  labels?: [string, EndpointLabel][]
  seedOutflows?: boolean
  seedNotes?: Record<string, string>
}

/** Runs one trace over hand-written transfers in a fresh in-memory store. */
export async function traceOf(
  transfers: readonly FixtureTransfer[],
  seeds: { addresses?: string[]; txs?: string[] },
  options: KitOptions = {},
  prepare?: (store: DuckDbStore) => Promise<void>,
): Promise<TraceResult> {
  const store = await storeWith(transfers)
  try {
    if (prepare) await prepare(store)
    const { labels, seedOutflows, seedNotes, ...rest } = options
    const request = traceRequest('ethereum', { addresses: seeds.addresses ?? [], txs: seeds.txs ?? [] }, rest)
    if (seedOutflows !== undefined) request.seedOutflows = seedOutflows
    if (seedNotes !== undefined) request.seedNotes = seedNotes
    return await runTrace(store, request, new MapEndpointLabels(labels ?? []))
  } finally {
    await store.close()
  }
}

/** What ended at each address, as `address:asset -> amount` with amounts as strings (assert-friendly). */
export function finals(r: TraceResult): Record<string, string> {
  const out: Record<string, string> = {}
  for (const n of r.nodes) {
    for (const [asset, v] of Object.entries(n.final))
      out[`${n.address.slice(-2)}:${asset === 'native' ? 'eth' : asset.slice(-2)}`] = v.toString()
  }
  return out
}

/** Totals of one asset with amounts as strings, zero columns left out. */
export function totalsOf(r: TraceResult, asset = 'native'): Record<string, string> {
  const t = r.totals[asset]
  if (!t) return {}
  return Object.fromEntries(
    Object.entries(t)
      .filter(([, v]) => v !== 0n)
      .map(([k, v]) => [k, v.toString()]),
  )
}

/** Every listed path starts at a seed, climbs one hop a transfer, and has at most its address's hop transfers. */
export function checkPathHops(r: TraceResult, label: string): void {
  const hopOf = new Map(r.nodes.map((n) => [n.address, n.hop]))
  const seeds = new Set([...r.seeds.addresses, ...r.seeds.txs])
  for (const e of r.endpoints) {
    if (e.path.length === 0) continue
    const hop = e.hop
    assert.ok(hop >= (hopOf.get(e.address) as number), `${label}: ${e.address} asset hop ${hop} below its node's`)
    assert.ok(e.path.length <= hop, `${label}: ${e.address} path of ${e.path.length} at hop ${hop}`)
    // Under poison an address's later clean inflows count as tainted too: its path may be the one that poisoned it.
    if (r.model !== 'poison') {
      assert.equal(e.path.at(-1)?.asset, e.asset, `${label}: ${e.address} path ends in the endpoint's asset`)
    }
    const first = e.path[0]
    assert.ok(first && (seeds.has(first.from) || seeds.has(first.tx)), `${label}: ${e.address} path starts at a seed`)
    for (let i = 1; i < e.path.length; i++) {
      assert.ok((e.path[i]?.hop as number) > (e.path[i - 1]?.hop as number), `${label}: hops rise along the path`)
    }
  }
  for (const n of r.nodes) {
    for (const { edge, path } of explainAddress(r, n.address).arrivals) {
      assert.ok(path.length <= edge.hop, `${label}: explain ${n.address}: ${path.length} transfers at hop ${edge.hop}`)
    }
  }
}
