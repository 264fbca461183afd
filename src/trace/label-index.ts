import type { EdgeSource } from './edge-source.ts'
import type { EndpointLabel, EndpointLabels } from './endpoint-labels.ts'
import { STOP_CATEGORIES } from './endpoint-labels.ts'
import { CONVERTER_ARRIVAL, NodeFlag, type TransferGraph } from './transfer-graph.ts'

/**
 * Labels keyed by address id for the nodes a trace reaches. Small label sets (those with `entries()`) resolve to
 * ids in one query up front; otherwise each newly seen batch of nodes is looked up by address.
 */
export class LabelIndex {
  readonly byId = new Map<number, EndpointLabel>()
  /** Whether any labelled address is an exchange (else the deposit-address rule has nothing to find). */
  hasExchange = false
  private readonly converters = new Set<number>()
  private flagged = 0

  private constructor(
    private readonly labels: EndpointLabels,
    private readonly source: EdgeSource,
  ) {}

  static async open(labels: EndpointLabels, source: EdgeSource): Promise<LabelIndex> {
    const index = new LabelIndex(labels, source)
    if (labels.entries) {
      const entries = [...labels.entries()]
      const ids = await source.resolve(entries.map(([a]) => a))
      entries.forEach(([, label], i) => {
        const id = ids[i] as number
        if (id >= 0) index.byId.set(id, label)
      })
    }
    for (const id of await source.wrappedNative()) index.converters.add(id)
    return index
  }

  /** Sets label flags on the nodes created since the last call. */
  async flagNewNodes(g: TransferGraph): Promise<void> {
    const from = this.flagged
    const to = g.nodeCount
    this.flagged = to
    if (from === to) return
    if (!this.labels.entries) {
      const ids = g.global.slice(from, to)
      const addresses = await this.source.addressesOf(ids)
      addresses.forEach((a, i) => {
        const label = a ? this.labels.get(a) : undefined
        if (label) this.byId.set(ids[i] as number, label)
      })
    }
    for (let u = from; u < to; u++) {
      const id = g.global[u] as number
      let f = 0
      if (this.converters.has(id)) f |= NodeFlag.converter
      const label = this.byId.get(id)
      if (label) {
        f |= NodeFlag.labelled
        if (label.category === 'dex') f |= NodeFlag.converter
        if (STOP_CATEGORIES.has(label.category)) f |= NodeFlag.stopLabel
        // Only an exchange's own wallets are sweep targets; see endpointCategoryOf.
        if (label.category === 'exchange') {
          f |= NodeFlag.exchange
          this.hasExchange = true
        }
      }
      g.flags[u] = (g.flags[u] as number) | f
      if (f & NodeFlag.converter && !((g.flags[u] as number) & NodeFlag.seed)) g.arr[u] = CONVERTER_ARRIVAL
    }
  }

  labelOf(id: number): EndpointLabel | undefined {
    return this.byId.get(id)
  }
}
