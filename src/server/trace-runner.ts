import { humanAmount, unitsOf } from '../cases/asset-amount.ts'
import { DragnetError, toDragnetError } from '../core/errors.ts'
import type { Logger } from '../core/logger.ts'
import type { EndpointLabels } from '../labels/endpoint-labels.ts'
import { MIXER_RULES } from '../mixer/mixer-types.ts'
import type { TraceStore } from '../store/edges/trace-index.ts'
import type { SqlClient, SqlQuery } from '../store/postgres/sql-client.ts'
import type { Store } from '../store/store.ts'
import { renderJson } from '../trace/render/render-formats.ts'
import { runTrace } from '../trace/run-trace.ts'
import type { ThroughMixersOptions } from '../trace/through-mixers/add-probable-layer.ts'
import { traceRequest } from '../trace/trace-request.ts'
import type { TraceLimits, TraceRequest, TraceResult } from '../trace/trace-types.ts'
import { newId, nowIso } from './api-keys.ts'
import { writeAudit } from './audit.ts'
import { type StoredTraceRequest, storedRequestOf } from './db/trace-jobs.ts'
import type { Lock } from './lock.ts'
import type { Metrics } from './metrics.ts'
import { summaryOf } from './trace-summary.ts'

/** What the probable layer is asked for: addProbableLayer's options. */
export type ProbableLayerOptions = ThroughMixersOptions

/** A chain store the probable layer can read pool events from (the mixers' Deposit and Withdrawal logs). */
export type ProbableStore = TraceStore & Pick<Store, 'read'>

/** Adds the probable layer past mixer pools to an exact result (src/trace/through-mixers/add-probable-layer.ts). */
export type AddProbableLayer = (
  store: ProbableStore,
  request: TraceRequest,
  labels: EndpointLabels,
  result: TraceResult,
  options: ProbableLayerOptions,
) => Promise<TraceResult>

/** The probable layer's options from a stored request: every rule votes but those switched off. */
export function probableOptions(r: StoredTraceRequest): ProbableLayerOptions {
  const off = new Set(r.mixerRulesOff)
  return { minConfidence: r.minConfidence, rules: new Set(MIXER_RULES.filter((rule) => !off.has(rule))) }
}

/** The DuckDB and PostgreSQL chain stores both read their tables; a bare trace index does not. */
const readsLogs = (store: TraceStore): store is ProbableStore => typeof (store as Partial<Store>).read === 'function'

export interface TraceRunnerDeps {
  db: SqlClient
  /** Chain data; without it every job fails with SERVER_NOT_READY. */
  chainStore: TraceStore | undefined
  chainLock: Lock
  labelsFor: (chain: string) => EndpointLabels
  logger: Logger
  metrics: Metrics
  /** Adds the probable layer to the jobs that ask for it (throughMixers). */
  addProbableLayer?: AddProbableLayer
}

/** The engine's request from the stored one. */
export function engineRequest(r: StoredTraceRequest): TraceRequest {
  const limits: Partial<TraceLimits> = {
    hops: r.limits.hops,
    minAmount: BigInt(r.limits.minAmount),
    maxAddresses: r.limits.maxAddresses,
  }
  if (r.limits.fromBlock !== null) limits.fromBlock = BigInt(r.limits.fromBlock)
  if (r.limits.toBlock !== null) limits.toBlock = BigInt(r.limits.toBlock)
  return traceRequest(
    r.chain,
    { addresses: r.seedAddresses, txs: r.seedTxs },
    { model: r.model, direction: r.direction, limits, ...(r.asset === null ? {} : { asset: r.asset }) },
  )
}

/**
 * Indexes the addresses a finished trace lists (hop, category, taint received and ended there), so the address
 * page finds every incident whose trace reached an address, not only those naming it as a seed.
 */
async function recordReachedAddresses(tx: SqlQuery, traceId: string, incidentId: string, result: TraceResult) {
  const rows = result.nodes.map((n) => ({
    address: n.address.toLowerCase(),
    hop: n.hop,
    category: n.category,
    received: Object.fromEntries(Object.entries(n.received).map(([k, v]) => [k, v.toString()])),
    final: Object.fromEntries(Object.entries(n.final).map(([k, v]) => [k, v.toString()])),
  }))
  // One statement per thousand nodes, not one per node: a trace lists up to thousands of them.
  for (let i = 0; i < rows.length; i += 1000) {
    await tx.query(
      `INSERT INTO trace_addresses (trace_id, incident_id, address, hop, category, received, final)
       SELECT $1, $2, r.address, r.hop, r.category, r.received, r.final
       FROM jsonb_to_recordset($3::JSONB) AS r(address TEXT, hop INTEGER, category TEXT, received JSONB, final JSONB)
       ON CONFLICT DO NOTHING`,
      [traceId, incidentId, JSON.stringify(rows.slice(i, i + 1000))],
    )
  }
}

/**
 * Runs trace jobs in the background, one at a time, in submission order. Jobs survive a restart: those left
 * queued or running are queued again by `resume`.
 */
export class TraceRunner {
  private readonly queue: string[] = []
  private running: Promise<void> | undefined
  private stopped = false
  private readonly waiters: (() => void)[] = []

  constructor(private readonly deps: TraceRunnerDeps) {}

  /** Queues the jobs a previous process left unfinished. */
  async resume(): Promise<void> {
    const r = await this.deps.db.query<{ id: string }>(
      "SELECT id FROM trace_jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id",
    )
    for (const row of r.rows) this.enqueue(row.id)
  }

  enqueue(id: string): void {
    if (this.stopped) return
    this.queue.push(id)
    this.deps.metrics.setGauge('dragnet_trace_jobs_queued', this.queue.length)
    this.running ??= this.pump()
  }

  /** Resolves when no job is queued or running (tests wait on it). */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** Finishes the job in hand and takes no more; queued jobs stay queued in the database for the next start. */
  async stop(): Promise<void> {
    this.stopped = true
    this.queue.length = 0
    await this.running
  }

  private async pump(): Promise<void> {
    try {
      for (let id = this.queue.shift(); id !== undefined && !this.stopped; id = this.queue.shift()) {
        this.deps.metrics.setGauge('dragnet_trace_jobs_queued', this.queue.length)
        await this.runOne(id)
      }
    } finally {
      this.running = undefined
      if (this.queue.length > 0 && !this.stopped) this.running = this.pump()
      else for (const w of this.waiters.splice(0)) w()
    }
  }

  private async runOne(id: string): Promise<void> {
    const { db, logger, metrics } = this.deps
    const r = await db.query<Record<string, unknown>>('SELECT * FROM trace_jobs WHERE id = $1', [id])
    const row = r.rows[0]
    if (!row || row.status === 'done' || row.status === 'failed') return
    const started = performance.now()
    await db.query("UPDATE trace_jobs SET status = 'running', phase = 'tracing', started_at = $2 WHERE id = $1", [
      id,
      nowIso(),
    ])
    try {
      const stored = storedRequestOf(row.request)
      const store = this.deps.chainStore
      if (!store) throw new DragnetError('SERVER_NOT_READY', 'this server has no chain store (--chain-db) to trace in')
      const request = engineRequest(stored)
      const labels = this.deps.labelsFor(request.chain)
      let result = await this.deps.chainLock.run(() => runTrace(store, request, labels))
      if (stored.throughMixers) {
        const add = this.deps.addProbableLayer
        if (!add || !readsLogs(store))
          throw new DragnetError('SERVER_NOT_READY', 'this server cannot follow taint past mixers')
        await db.query("UPDATE trace_jobs SET phase = 'mixers' WHERE id = $1", [id])
        const exact = result
        result = await this.deps.chainLock.run(() => add(store, request, labels, exact, probableOptions(stored)))
      }
      await db.query("UPDATE trace_jobs SET phase = 'storing' WHERE id = $1", [id])
      await this.finish(row, result)
      metrics.inc('dragnet_trace_jobs_total', { status: 'done' })
    } catch (error) {
      const e = toDragnetError(error)
      if (e.code === 'INTERNAL') logger.error({ err: error, traceId: id }, 'trace job failed')
      const body = { code: e.code, message: e.code === 'INTERNAL' ? 'internal error' : e.message }
      await db.query(
        "UPDATE trace_jobs SET status = 'failed', phase = 'failed', error = $2::JSONB, finished_at = $3 WHERE id = $1",
        [id, JSON.stringify(body), nowIso()],
      )
      metrics.inc('dragnet_trace_jobs_total', { status: 'failed' })
    }
    metrics.observe('dragnet_trace_job_seconds', (performance.now() - started) / 1000)
  }

  /** Stores the result and raises an alert for each freezable endpoint, in one transaction. */
  private async finish(row: Record<string, unknown>, result: TraceResult): Promise<void> {
    const id = row.id as string
    const summary = summaryOf(result)
    await this.deps.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE trace_jobs SET status = 'done', phase = 'done', result = $2, summary = $3::JSONB, finished_at = $4
         WHERE id = $1`,
        [id, renderJson(result), JSON.stringify(summary), nowIso()],
      )
      await recordReachedAddresses(tx, id, row.incident_id as string, result)
      for (const e of result.endpoints) {
        if (e.freezableBy.length === 0) continue
        const units = unitsOf(result.assets, e.asset)
        const alert = {
          id: newId(),
          incidentId: row.incident_id as string,
          traceId: id,
          orgId: row.org_id as string,
          tlp: row.tlp as string,
          kind: 'freezable-funds',
          address: e.address,
          asset: e.asset,
          amount: e.amount.toString(),
          message: `${humanAmount(e.amount, units, e.asset)} at ${e.address}: freezable by ${e.freezableBy.map((f) => f.name).join(' and ')}`,
          createdAt: nowIso(),
        }
        await tx.query('INSERT INTO alerts VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)', [
          alert.id,
          alert.incidentId,
          alert.traceId,
          alert.orgId,
          alert.tlp,
          alert.kind,
          alert.address,
          alert.asset,
          alert.amount,
          alert.message,
          alert.createdAt,
          units.symbol,
          units.decimals,
        ])
      }
      await writeAudit(tx, null, {
        action: 'trace.complete',
        objectType: 'trace',
        objectId: id,
        orgId: row.org_id as string,
        incidentId: row.incident_id as string,
        before: { status: row.status },
        after: { status: 'done', summary },
      })
    })
  }
}
