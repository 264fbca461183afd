import { addressKey, chainFamily } from './chain-address.ts'
import type { EndpointLabel, EndpointLabels } from './endpoint-labels.ts'
import type { LabelIndex } from './label-index.ts'
import type { Label } from './label-types.ts'

const toEndpoint = (l: Label): EndpointLabel => ({ category: l.category, name: l.name })

/**
 * The label registry as the trace engine's EndpointLabels for one chain: every label of an address, as the
 * registry states it. What the labels make an address in a trace is decided in one place, trace/label-roles.ts.
 */
export class RegistryEndpointLabels implements EndpointLabels {
  constructor(
    private readonly index: LabelIndex,
    private readonly chain: string,
  ) {}

  get(address: string): readonly EndpointLabel[] {
    return this.index.lookup(this.chain, address).map(toEndpoint)
  }

  /** Labelled addresses of this chain's family, lowercase, so the trace resolves them to ids up front. */
  *entries(): Iterable<[string, readonly EndpointLabel[]]> {
    const prefix = addressKey(this.chain, '').replace(/:$/, ':')
    const evm = chainFamily(this.chain) === 'evm'
    for (const [key, labels] of this.index.entries()) {
      if (!key.startsWith(prefix) || labels.length === 0) continue
      const address = key.slice(prefix.length)
      yield [evm ? address.toLowerCase() : address, labels.map(toEndpoint)]
    }
  }
}
