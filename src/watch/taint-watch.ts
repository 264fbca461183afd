import type { TraceRequest, TraceResult } from '../trace/trace-types.ts'
import type { Alert } from './alert-types.ts'

/** What one watch follows: an open incident's seeds and model, or an ad-hoc `--seed` watch. */
export interface WatchTarget {
  /** The incident's id, or for an ad-hoc watch a stable id derived from its seeds, model and first block. */
  incident: string
  /** The trace the watch carries forward from `limits.fromBlock`; `limits.toBlock` is ignored (the head is). */
  request: TraceRequest
}

/** What a watch did so far: how much it applied block by block, and how often it had to trace again in full. */
export interface TaintWatchStats {
  blocks: number
  /** Transfers of new blocks that touched the watch set and were applied to the carried state. */
  transfersApplied: number
  /** Times a block could not be carried forward exactly and the target was traced again from its first block. */
  retraces: number
}

/**
 * Carries one target's taint forward over the blocks the store holds, under the target's model, so that after
 * every block the state is that of a full trace over [fromBlock, block], and raises the alerts each block's
 * tainted transfers call for under the alert policy.
 */
export interface TaintWatch {
  readonly target: WatchTarget
  /** The last block through which taint has been carried. */
  readonly block: bigint
  /** Carries the taint over stored blocks (block, to]; the alerts they raise, in chain order. */
  advance(to: bigint): Promise<Alert[]>
  /** Blocks from `from` on were replaced: withdraws the alerts they raised (as `retracted` alerts) and rewinds. */
  rewind(from: bigint): Promise<Alert[]>
  /** The trace as it stands: identical to a full trace over [fromBlock, block]. */
  result(): Promise<TraceResult>
  stats(): TaintWatchStats
}
