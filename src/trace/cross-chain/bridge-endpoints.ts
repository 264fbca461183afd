import type { BridgeDecoder } from '../../bridge/bridge-decoder.ts'
import type { TraceEndpoint, TraceResult } from '../trace-types.ts'

/** A bridge's endpoints in a trace result. */
export interface BridgeStop {
  decoder: BridgeDecoder
  endpoints: TraceEndpoint[]
}

/**
 * The trace's bridge endpoints that a decoder knows: the contract is one of its known contracts, or its label's
 * name is the decoder's (`THORChain`, any case), so a router labelled by an analyst is followed too.
 */
export function bridgeStops(result: TraceResult, decoders: readonly BridgeDecoder[]): BridgeStop[] {
  const stops: BridgeStop[] = []
  for (const decoder of decoders) {
    const name = decoder.labelName.toLowerCase()
    const endpoints = result.endpoints.filter(
      (e) =>
        e.category === 'bridge' && (decoder.knownContracts.has(e.address) || (e.name ?? '').toLowerCase() === name),
    )
    if (endpoints.length > 0) stops.push({ decoder, endpoints })
  }
  return stops
}

/**
 * The taint each transaction brought to an endpoint in its asset: the listed tainted transfers into it, or the
 * endpoint's whole amount when one transaction brought it all (exact either way; the result lists every edge
 * on a listed endpoint's heaviest path and the heaviest others up to its edge limit).
 */
export function taintByTx(result: TraceResult, endpoint: TraceEndpoint): Map<string, bigint> {
  const by = new Map<string, bigint>()
  if (endpoint.txs.length === 1) {
    by.set(endpoint.txs[0] as string, endpoint.amount)
    return by
  }
  for (const e of result.edges) {
    if (e.to !== endpoint.address || e.asset !== endpoint.asset || e.tainted === 0n) continue
    by.set(e.tx, (by.get(e.tx) ?? 0n) + e.tainted)
  }
  return by
}
