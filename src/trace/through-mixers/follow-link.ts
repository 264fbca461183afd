import type { EndpointLabels } from '../../labels/endpoint-labels.ts'
import type { MixerLink } from '../../mixer/mixer-types.ts'
import type { TraceStore } from '../../store/edges/trace-index.ts'
import { runTrace } from '../run-trace.ts'
import type {
  ProbableDeposit,
  ProbableEdge,
  ProbableEndpoint,
  ProbableLink,
  TaintModel,
  TraceRequest,
  TraceResult,
} from '../trace-types.ts'

/** One link followed: the link as the layer lists it, and the trace past its withdrawal. */
export interface FollowedLink {
  link: ProbableLink
  trace: TraceResult
  endpoints: ProbableEndpoint[]
  edges: ProbableEdge[]
}

/**
 * What a link seeds past the pool: per transfer the pool paid in the withdrawal (denomination − fee to the
 * recipient, fee to the relayer), floor(amount × tainted / denomination); poison seeds the whole withdrawal.
 */
export function seededBy(model: TaintModel, link: MixerLink, deposit: ProbableDeposit): bigint {
  const d = deposit.denomination
  if (deposit.tainted === 0n) return 0n
  if (model === 'poison') return d
  const fee = link.withdrawal.fee
  return ((d - fee) * deposit.tainted) / d + (fee * deposit.tainted) / d
}

/**
 * Traces on from a link's withdrawal with the exact trace's model, forward, with the hops the exact trace had
 * left at the mixer (at least 1): the withdrawal transaction's transfers out of the pool are the seed, tainted in
 * the deposit's share. Its endpoints and edges carry the link's id, so every one rests on exactly this link.
 */
export async function followLink(
  store: Pick<TraceStore, 'traceIndex' | 'getTokens'>,
  request: TraceRequest,
  labels: EndpointLabels,
  link: MixerLink,
  deposit: ProbableDeposit,
  mixerHop: number,
): Promise<FollowedLink> {
  const hops = Math.max(1, request.limits.hops - mixerHop)
  const { explain: _explain, arrivalsOf: _arrivals, ...report } = request.report ?? {}
  const sub: TraceRequest = {
    chain: request.chain,
    seedAddresses: [],
    seedTxs: [link.withdrawal.tx],
    model: request.model,
    direction: 'forward',
    limits: { ...request.limits, hops },
    asset: deposit.asset,
    seedShare: { from: deposit.pool, tainted: deposit.tainted, of: deposit.denomination },
    report,
  }
  const trace = await runTrace(store, sub, labels)
  const rules = link.rules.map((r) => r.rule)
  const seeded = trace.totals[deposit.asset]?.stolen ?? 0n
  return {
    link: {
      ...link,
      poolName: deposit.poolName,
      asset: deposit.asset,
      denomination: deposit.denomination,
      tainted: deposit.tainted,
      seeded,
      hops,
      empty: trace.empty,
    },
    trace,
    endpoints: trace.endpoints.map((e) => ({ ...e, link: link.id, confidence: link.confidence, rules })),
    edges: trace.edges.map((e) => ({ ...e, link: link.id })),
  }
}
