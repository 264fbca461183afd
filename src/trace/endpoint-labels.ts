/**
 * Categories a label can carry that change how a trace treats an address. `issuer-freezable` labels a token
 * contract whose issuer can freeze balances; `exchange-deposit` a deposit address the exchange has disclosed;
 * other categories (e.g. `sanctioned`) are shown but not acted on.
 */
export type LabelCategory =
  | 'exchange'
  | 'exchange-deposit'
  | 'bridge'
  | 'mixer'
  | 'dex'
  | 'issuer-freezable'
  | (string & {})

export interface EndpointLabel {
  category: LabelCategory
  name: string
}

/** What the trace needs to know about addresses; the label registry implements the same interface. */
export interface EndpointLabels {
  get(address: string): EndpointLabel | undefined
  /** Every labelled address, when the set is small enough to resolve to ids before a trace. */
  entries?(): Iterable<[string, EndpointLabel]>
}

/** Labels held in a map, keyed by lowercase address. */
export class MapEndpointLabels implements EndpointLabels {
  private readonly map: Map<string, EndpointLabel>

  constructor(entries: Iterable<[string, EndpointLabel]> = []) {
    this.map = new Map([...entries].map(([a, l]) => [a.toLowerCase(), l]))
  }

  get(address: string): EndpointLabel | undefined {
    return this.map.get(address.toLowerCase())
  }

  entries(): Iterable<[string, EndpointLabel]> {
    return this.map.entries()
  }
}

/** Categories at which a trace stops and reports. */
export const STOP_CATEGORIES: ReadonlySet<string> = new Set(['exchange', 'exchange-deposit', 'bridge', 'mixer'])

/**
 * The endpoint category of a label: a known deposit address (`exchange-deposit`) is the exchange's. It is kept
 * apart from `exchange` in labels because an address paying into a deposit address is a customer, not a
 * deposit address sweeping for the exchange: only `exchange` wallets are sweep targets.
 */
export function endpointCategoryOf(category: string): string {
  return category === 'exchange-deposit' ? 'exchange' : category
}
