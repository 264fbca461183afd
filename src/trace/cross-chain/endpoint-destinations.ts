import type { TraceResult } from '../trace-types.ts'
import type { CrossChainEndpoint, Crossing, EndpointDestination } from './cross-chain-types.ts'

/**
 * The first leg with each bridge endpoint's destinations: chain and address from its deposits' memos (or the
 * refund's recipient), so a trace that cannot follow the outbound still says where the value was sent.
 */
export function withDestinations(result: TraceResult, crossings: readonly Crossing[]): TraceResult {
  const by = new Map<string, EndpointDestination[]>()
  for (const c of crossings) {
    const key = `${c.link.inboundAsset}:${contractOf(result, c.link.inboundTx)}`
    const d = { protocol: c.link.protocol, chain: c.link.toChain, address: c.link.destination, tx: c.link.inboundTx }
    by.set(key, [...(by.get(key) ?? []), d])
  }
  const endpoints = result.endpoints.map((e): CrossChainEndpoint => {
    const ds = by.get(`${e.asset}:${e.address}`)
    if (!ds || e.category !== 'bridge') return e
    return { ...e, destination: ds[0] as EndpointDestination, destinations: ds }
  })
  return { ...result, endpoints }
}

/** The bridge endpoint a deposit transaction reached. */
function contractOf(result: TraceResult, tx: string): string | null {
  return result.endpoints.find((e) => e.category === 'bridge' && e.txs.includes(tx))?.address ?? null
}
