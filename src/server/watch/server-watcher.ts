import { toDragnetError } from '../../core/errors.ts'
import type { Logger } from '../../core/logger.ts'
import type { EndpointLabels } from '../../labels/endpoint-labels.ts'
import type { HeadMode } from '../../sources/evm-rpc/head-follower.ts'
import { JsonRpcClient } from '../../sources/evm-rpc/json-rpc-client.ts'
import type { TraceStore } from '../../store/edges/trace-index.ts'
import type { SqlClient } from '../../store/postgres/sql-client.ts'
import type { Store } from '../../store/store.ts'
import type { AlertPolicy } from '../../watch/alert-policy.ts'
import { openTaintWatch } from '../../watch/open-taint-watch.ts'
import type { TaintWatch } from '../../watch/taint-watch.ts'
import { runWatch, type WatchEvent, watchTip } from '../../watch/watch-runner.ts'
import { recordAlerts } from '../alerts/record-alerts.ts'
import { saveWatchSummary, watchedIncidents } from '../db/incident-watches.ts'
import type { Lock } from '../lock.ts'
import type { Metrics } from '../metrics.ts'
import { summaryOf } from '../trace-summary.ts'

/** How `serve --watch` follows the node. */
export interface ServerWatchOptions {
  rpcUrl: string
  chain: string
  policy: AlertPolicy
  heads?: HeadMode
  pollIntervalMs?: number
  /** Where storing starts on a chain store that holds no block yet (default: the first watched block, else the head). */
  fromBlock?: bigint
}

export interface ServerWatcherDeps {
  db: SqlClient
  chainStore: TraceStore & Store
  chainLock: Lock
  labelsFor: (chain: string) => EndpointLabels
  logger: Logger
  metrics: Metrics
}

interface Held {
  key: string
  watch: TaintWatch
  /** transfersApplied + blocks when the figures were last stored: unchanged means no new figures to store. */
  saved: string
}

/**
 * Runs the watch for the incidents marked for watching: which they are is read again before every stored range
 * (an incident marked, changed or closed since takes effect at the next block), every alert batch is recorded
 * (so streams and webhooks deliver it) and each incident's figures are stored as the watch carries it forward.
 */
export class ServerWatcher {
  private readonly ac = new AbortController()
  private readonly held = new Map<string, Held>()
  private running: Promise<void> | undefined
  /** Resolvers waiting for a stored range through a block (tests and the demo wait on it). */
  private readonly waiters: { block: bigint; resolve: () => void }[] = []
  private lastBlock = -1n

  constructor(
    private readonly deps: ServerWatcherDeps,
    private readonly o: ServerWatchOptions,
  ) {}

  start(): void {
    this.running ??= this.loop().catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'the watcher stopped')
    })
  }

  /** Resolves once every block through `block` is stored, watched and its alerts recorded. */
  through(block: bigint): Promise<void> {
    if (this.lastBlock >= block) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ block, resolve }))
  }

  async stop(): Promise<void> {
    this.ac.abort()
    await this.running
  }

  private async loop(): Promise<void> {
    const { db, chainStore, chainLock, logger } = this.deps
    const client = new JsonRpcClient({ url: this.o.rpcUrl, logger, retries: 2, timeoutMs: 10_000 })
    let fromBlock = this.o.fromBlock
    if (fromBlock === undefined) {
      for (const w of await watchedIncidents(db)) {
        const first = w.target.request.limits.fromBlock ?? 0n
        if (fromBlock === undefined || first < fromBlock) fromBlock = first
      }
    }
    const events = runWatch(
      { logger },
      chainStore,
      client,
      () => this.sync(),
      {
        chain: this.o.chain,
        ...(fromBlock === undefined ? {} : { fromBlock }),
        traces: 'auto',
        concurrency: 4,
        batchSize: 50,
        follow: { mode: this.o.heads ?? 'auto', pollIntervalMs: this.o.pollIntervalMs ?? 1000 },
        lock: (work) => chainLock.run(work),
      },
      this.ac.signal,
    )
    for await (const e of events) await this.handle(e)
  }

  private async handle(e: WatchEvent): Promise<void> {
    const { logger, metrics } = this.deps
    if (e.kind === 'node-away') {
      logger.warn({ code: e.error.code, message: e.error.message }, 'watch: node away')
      return
    }
    if (e.kind === 'node-back') {
      logger.info({ via: e.via }, 'watch: node back')
      return
    }
    try {
      const recorded = await recordAlerts(this.deps.db, e.alerts)
      metrics.inc('dragnet_watch_alerts_total', {}, recorded.filter((r) => r.outcome !== 'unchanged').length)
      await this.saveFigures()
    } catch (error) {
      // A batch that cannot be stored is logged and the watch goes on: the next range's figures are stored anew.
      logger.error(
        { err: toDragnetError(error), from: e.from.toString(), to: e.to.toString() },
        'watch: alerts not stored',
      )
    }
    this.lastBlock = e.to
    for (const w of [...this.waiters]) {
      if (w.block > e.to) continue
      this.waiters.splice(this.waiters.indexOf(w), 1)
      w.resolve()
    }
  }

  /** Opens watches for incidents newly marked (or changed), drops those no longer marked. */
  private async sync(): Promise<TaintWatch[]> {
    const { db, chainStore, chainLock, labelsFor } = this.deps
    const watched = (await watchedIncidents(db)).filter((w) => w.target.request.chain === this.o.chain)
    const ids = new Set(watched.map((w) => w.target.incident))
    for (const id of [...this.held.keys()]) if (!ids.has(id)) this.held.delete(id)
    for (const w of watched) {
      if (this.held.get(w.target.incident)?.key === w.key) continue
      const first = w.target.request.limits.fromBlock ?? 0n
      const watch = await chainLock.run(async () => {
        const tip = await watchTip(chainStore, this.o.chain, first)
        return openTaintWatch(chainStore, w.target, labelsFor(w.target.request.chain), this.o.policy, { tip })
      })
      this.held.set(w.target.incident, { key: w.key, watch, saved: '' })
    }
    return [...this.held.values()].map((h) => h.watch)
  }

  /** Stores the figures of every watch that applied transfers since its figures were last stored. */
  private async saveFigures(): Promise<void> {
    for (const [incident, h] of this.held) {
      const s = h.watch.stats()
      const mark = `${h.watch.block}:${s.transfersApplied}:${s.retraces}`
      if (mark === h.saved) continue
      const result = await this.deps.chainLock.run(() => h.watch.result())
      await saveWatchSummary(this.deps.db, incident, h.watch.block, summaryOf(result))
      h.saved = mark
    }
  }
}
