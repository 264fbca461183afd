import type { EndpointLabel, EndpointLabels } from '../trace/endpoint-labels.ts'
import { addressKey, chainFamily } from './chain-address.ts'
import type { LabelIndex } from './label-index.ts'
import type { Label } from './label-types.ts'

/**
 * Registry categories the trace engine knows by another name: an exchange's hot wallets are the exchange (a
 * sweep target); disclosed deposit addresses keep their own category, reported as the exchange's endpoints.
 */
const TRACE_CATEGORY: Partial<Record<string, string>> = {
  'hot-wallet': 'exchange',
}

function toEndpoint(l: Label): EndpointLabel {
  return { category: TRACE_CATEGORY[l.category] ?? l.category, name: l.name }
}

/**
 * The label registry as the trace engine's EndpointLabels for one chain: an address's most severe label,
 * with exchange wallets reported as `exchange`.
 */
export class RegistryEndpointLabels implements EndpointLabels {
  constructor(
    private readonly index: LabelIndex,
    private readonly chain: string,
  ) {}

  get(address: string): EndpointLabel | undefined {
    const first = this.index.lookup(this.chain, address)[0]
    return first ? toEndpoint(first) : undefined
  }

  /** Labelled addresses of this chain's family, lowercase, so the trace resolves them to ids up front. */
  *entries(): Iterable<[string, EndpointLabel]> {
    const prefix = addressKey(this.chain, '').replace(/:$/, ':')
    const evm = chainFamily(this.chain) === 'evm'
    for (const [key, labels] of this.index.entries()) {
      if (!key.startsWith(prefix)) continue
      const first = labels[0]
      if (!first) continue
      const address = key.slice(prefix.length)
      yield [evm ? address.toLowerCase() : address, toEndpoint(first)]
    }
  }
}
