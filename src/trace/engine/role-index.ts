import type { EndpointLabels } from '../../labels/endpoint-labels.ts'
import type { EdgeSource } from '../../store/edges/edge-source.ts'
import { type TraceRole, traceRoleOf } from './label-roles.ts'
import { CONVERTER_ARRIVAL, NodeFlag, type TransferGraph } from './transfer-graph.ts'

/**
 * The trace roles (label-roles.ts) of the nodes a trace reaches, keyed by address id. Small label sets (those
 * with `entries()`) resolve to ids in one query up front; otherwise each newly seen batch of nodes is looked up
 * by address.
 */
export class RoleIndex {
  readonly byId = new Map<number, TraceRole>()
  /** Whether any labelled address is an exchange's wallet (else the deposit-address rule has nothing to find). */
  hasExchange = false
  private readonly converters = new Set<number>()
  private flagged = 0

  private constructor(
    private readonly labels: EndpointLabels,
    private readonly source: EdgeSource,
  ) {}

  /** Reads the roles of every labelled address the source knows (when the label set can list them). */
  static async open(labels: EndpointLabels, source: EdgeSource): Promise<RoleIndex> {
    const index = new RoleIndex(labels, source)
    if (labels.entries) {
      const entries = [...labels.entries()]
      const ids = await source.resolve(entries.map(([a]) => a))
      entries.forEach(([, list], i) => {
        const id = ids[i] as number
        const role = traceRoleOf(list)
        if (id >= 0 && role) index.byId.set(id, role)
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
        const role = a ? traceRoleOf(this.labels.get(a)) : undefined
        if (role) this.byId.set(ids[i] as number, role)
      })
    }
    for (let u = from; u < to; u++) {
      const id = g.global[u] as number
      let f = 0
      if (this.converters.has(id)) f |= NodeFlag.converter
      const role = this.byId.get(id)
      if (role) {
        f |= NodeFlag.labelled
        if (role.converter) f |= NodeFlag.converter
        if (role.stop !== null) f |= NodeFlag.stopLabel
        // Only an exchange's own wallets are sweep targets: a wallet paying into a disclosed deposit address is a
        // customer, not a deposit address of the exchange.
        if (role.sweepTarget) {
          f |= NodeFlag.exchange
          this.hasExchange = true
        }
      }
      g.flags[u] = (g.flags[u] as number) | f
      if (f & NodeFlag.converter && !((g.flags[u] as number) & NodeFlag.seed)) g.arr[u] = CONVERTER_ARRIVAL
    }
  }

  /** The role of an address id, or undefined when it carries no label. */
  roleOf(id: number): TraceRole | undefined {
    return this.byId.get(id)
  }
}
