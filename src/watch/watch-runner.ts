import type { Context } from '../core/context.ts'
import type { DragnetError } from '../core/errors.ts'
import type { JsonRpcClient } from '../sources/evm-rpc/json-rpc-client.ts'
import type { Store } from '../store/store.ts'
import type { Alert } from './alert-types.ts'
import { LIVE_JOB, type LiveIngestOptions, liveIngest } from './live-ingest.ts'
import type { TaintWatch } from './taint-watch.ts'

/**
 * What a watch run reports. `alerts`: what the blocks [from, to] raised (after `removedFrom` was replaced, the
 * retractions first), in chain order, with the moment the range was stored, so a caller can tell latency.
 */
export type WatchEvent =
  | { kind: 'alerts'; from: bigint; to: bigint; removedFrom: bigint | null; alerts: Alert[]; storedAt: number }
  | { kind: 'node-away'; error: DragnetError }
  | { kind: 'node-back'; via: 'ws' | 'poll' }

/**
 * The watches to carry forward, asked before every stored range: a fixed list for `dragnet watch`, the incidents
 * marked for watching for `serve --watch` (a watch that joins later is carried over the whole store on its
 * first advance).
 */
export type WatchSet = () => Promise<readonly TaintWatch[]>

/**
 * Follows the node with `liveIngest` and, after each stored range, carries every watch forward to it; a range that
 * replaced blocks rewinds the watches that had passed them first, so their alerts are withdrawn before the new
 * chain's are raised. Blocks the store held before the run are carried over first. Runs until `signal` aborts.
 */
export async function* runWatch(
  ctx: Context,
  store: Store,
  client: JsonRpcClient,
  watches: WatchSet,
  live: LiveIngestOptions,
  signal: AbortSignal,
): AsyncGenerator<WatchEvent> {
  const locked = <T>(work: () => Promise<T>) => (live.lock ? live.lock(work) : work())
  const cp = await locked(() => store.getCheckpoint(live.chain, LIVE_JOB))
  if (cp) {
    const set = await watches()
    const alerts = await locked(() => carry(set, null, cp.block))
    const from = live.fromBlock ?? cp.block
    yield { kind: 'alerts', from, to: cp.block, removedFrom: null, alerts, storedAt: performance.now() }
  }
  for await (const e of liveIngest(ctx, store, client, live, signal)) {
    if (e.kind !== 'stored') {
      yield e
      continue
    }
    const storedAt = performance.now()
    const set = await watches()
    const alerts = await locked(() => carry(set, e.removedFrom, e.to))
    yield { kind: 'alerts', from: e.from, to: e.to, removedFrom: e.removedFrom, alerts, storedAt }
  }
}

/** Rewinds the watches past `removedFrom`, then advances all to `to`: retractions first, then the new alerts. */
async function carry(watches: readonly TaintWatch[], removedFrom: bigint | null, to: bigint): Promise<Alert[]> {
  const alerts: Alert[] = []
  for (const w of watches) {
    if (removedFrom !== null && w.block >= removedFrom) alerts.push(...(await w.rewind(removedFrom)))
    if (to > w.block) alerts.push(...(await w.advance(to)))
  }
  return alerts
}

/**
 * The block a watch opened now starts from: the last block the live ingest stored, or the block before
 * `fromBlock` when it has stored none (so the first stored range raises that range's alerts).
 */
export async function watchTip(store: Store, chain: string, fromBlock: bigint): Promise<bigint> {
  return (await store.getCheckpoint(chain, LIVE_JOB))?.block ?? fromBlock - 1n
}
