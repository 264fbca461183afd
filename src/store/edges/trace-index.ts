import type { TokenMeta } from '../store.ts'
import type { EdgeDirection, EdgeSource, EdgeWindow } from './edge-source.ts'

/** What bringing a chain's trace index up to date did. */
export interface IndexUpdate {
  /** The index was built anew (no index yet, a schema change, or a rebuild asked for). */
  rebuilt: boolean
}

/**
 * A store's trace index: per chain, dense address ids and the transfers as integer edges in time order, keyed by
 * chain and source address. The trace engine and the screener read it through `open`; the store keeps it current.
 */
export interface TraceIndex {
  /** Brings the chain's index up to date with its transfers; `rebuild` builds it anew from the transfers. */
  ensure(chain: string, options?: { rebuild?: boolean }): Promise<IndexUpdate>
  /** A reader over the chain's index (after `ensure`), oriented for `direction`, limited to `window`. */
  open(chain: string, direction: EdgeDirection, window: EdgeWindow): Promise<EdgeSource>
}

/** What the trace engine and exposure screening need of a store: its trace index and a few reads. */
export interface TraceStore {
  readonly traceIndex: TraceIndex
  /** Chains with rows in any chain table, sorted. */
  chainsWithData(): Promise<string[]>
  count(table: 'transfers', chain: string): Promise<number>
  getTokens(chain: string, addresses: readonly string[]): Promise<Map<string, TokenMeta>>
}
