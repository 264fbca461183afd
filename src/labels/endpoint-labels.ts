import type { LabelCategory } from './label-types.ts'

/** One label of an address as the trace reads it: the registry's category (docs/labels.md) and the entity's name. */
export interface EndpointLabel {
  category: LabelCategory
  name: string
}

/** What the trace needs to know about addresses; the label registry and label files both implement it. */
export interface EndpointLabels {
  /** Every label of an address (lowercase), in any order; empty when it has none. */
  get(address: string): readonly EndpointLabel[]
  /** Every labelled address with its labels, when the set is small enough to resolve to ids before a trace. */
  entries?(): Iterable<[string, readonly EndpointLabel[]]>
}

/** Labels held in a map, keyed by lowercase address; an address may carry several labels. */
export class MapEndpointLabels implements EndpointLabels {
  private readonly map = new Map<string, EndpointLabel[]>()

  constructor(entries: Iterable<[string, EndpointLabel]> = []) {
    for (const [address, label] of entries) {
      const key = address.toLowerCase()
      const list = this.map.get(key)
      if (list) list.push(label)
      else this.map.set(key, [label])
    }
  }

  get(address: string): readonly EndpointLabel[] {
    return this.map.get(address.toLowerCase()) ?? []
  }

  entries(): Iterable<[string, readonly EndpointLabel[]]> {
    return this.map.entries()
  }
}
