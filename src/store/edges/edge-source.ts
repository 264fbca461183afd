import type { EdgeBatch } from './edge-batch.ts'

/** Which way a trace follows value: forward from where it came from, backward to where it came from. */
export type EdgeDirection = 'forward' | 'backward'

/** Inclusive block and unix-seconds windows; edges outside them are not read. */
export interface EdgeWindow {
  fromBlock?: bigint | undefined
  toBlock?: bigint | undefined
  fromTime?: bigint | undefined
  toTime?: bigint | undefined
}

/** One edge's identity for a report: the transaction and place that carried it. */
export interface EdgeDetail {
  tx: string
  block: bigint
  time: bigint | null
  position: string
}

/**
 * Where the trace engine reads its neighbourhood from, one batch of addresses per hop. Ids are the trace
 * index's dense address ids; every edge method returns edges already oriented for the trace's direction.
 */
export interface EdgeSource {
  /** Edges in the chain; every `ord` is below it. */
  readonly edgeCount: number
  /** Address ids are below it. */
  readonly addressCount: number
  /** How many queries the source ran, for the result's stats. */
  queries: number
  /** Ids of addresses, -1 for an address with no transfers. */
  resolve(addresses: readonly string[]): Promise<Int32Array>
  addressesOf(ids: Int32Array): Promise<string[]>
  /** Edges leaving these addresses (in the trace's direction), in any order. */
  outEdges(ids: Int32Array): Promise<EdgeBatch>
  /** Edges leaving every address except these: one pass when a trace has spread over most of the chain. */
  outEdgesExcept(ids: Int32Array): Promise<EdgeBatch>
  /** Edges arriving at these addresses (in the trace's direction), optionally only in these transactions. */
  inEdges(ids: Int32Array, txos?: Int32Array): Promise<EdgeBatch>
  /** The edges of these transactions, and which hashes were found. */
  txEdges(hashes: readonly string[]): Promise<{ batch: EdgeBatch; found: Set<string> }>
  details(ords: Int32Array): Promise<Map<number, EdgeDetail>>
  /** Which of these addresses are contracts the store saw created. */
  contracts(ids: Int32Array): Promise<Set<number>>
  /** Ids of wrapped-native token contracts (WETH): they convert between the coin and the token. */
  wrappedNative(): Promise<Int32Array>
}
