import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { type EndpointLabel, MapEndpointLabels } from './endpoint-labels.ts'
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
    const { labels, ...rest } = options
    const request = traceRequest('ethereum', { addresses: seeds.addresses ?? [], txs: seeds.txs ?? [] }, rest)
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
