import { createHash } from 'node:crypto'
import type { Logger } from '../../core/logger.ts'
import type { SqlClient } from '../../store/postgres/sql-client.ts'
import { deliverWebhook, STANDARD_RETRY_DELAYS_MS } from '../../watch/webhooks/webhook-delivery.ts'
import { newId, nowIso } from '../api-keys.ts'
import { ALERT_ROW_SELECT, type AlertRow, alertMatches, alertRowOf, alertVisibleTo } from './alert-record.ts'
import { filterOf, webhookOf } from './webhooks-db.ts'

export interface DispatchOptions {
  /** How often new alerts and due retries are looked for. */
  pollMs?: number
  /** Waits before each retry (its length is the number of retries); default the Standard Webhooks schedule. */
  retryDelaysMs?: readonly number[]
  /** A receiver slower than this has failed the try. */
  timeoutMs?: number
  /** Deliveries in flight at once. */
  concurrency?: number
}

const PAGE = 500

/** The webhook-id of an alert event: the same on every retry, new when the alert is raised again (a new seq). */
export function messageIdOf(alertId: string, seq: number): string {
  return `msg_${seq}_${createHash('sha256').update(alertId).digest('base64url').slice(0, 16)}`
}

/** The Standard Webhooks payload: a type, a timestamp, and the alert as the API gives it. */
export const payloadOf = (row: AlertRow): string =>
  JSON.stringify({ type: `alert.${row.record.kind}`, timestamp: nowIso(), data: row.record })

/**
 * Sends each newly recorded alert to every webhook whose organisation may see it and whose filter matches. Every
 * delivery and every try is a row, so failures show in the API and a restarted server resumes what was pending;
 * a try is claimed with a lease, so servers sharing the database do not send it twice.
 */
export class WebhookDispatcher {
  private readonly pollMs: number
  private readonly delays: readonly number[]
  private readonly timeoutMs: number
  private readonly concurrency: number
  private readonly inFlight = new Set<Promise<void>>()
  private abort = new AbortController()
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private stopped = true

  constructor(
    private readonly db: SqlClient,
    private readonly logger: Logger,
    options: DispatchOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 500
    this.delays = options.retryDelaysMs ?? STANDARD_RETRY_DELAYS_MS
    this.timeoutMs = options.timeoutMs ?? 15_000
    this.concurrency = options.concurrency ?? 8
  }

  start(): void {
    this.stopped = false
    this.abort = new AbortController()
    this.schedule()
  }

  /** Stops looking and aborts tries in flight; an aborted try is not counted and its lease is released. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    this.abort.abort()
    await this.running
    await Promise.all([...this.inFlight])
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err) => this.logger.warn({ err }, 'webhook dispatch failed'))
        .finally(() => this.schedule())
    }, this.pollMs)
    // A poller never keeps the process alive by itself: a server that failed to listen must still exit.
    this.timer.unref()
  }

  private async tick(): Promise<void> {
    while (!this.stopped && (await this.enqueue()) === PAGE) {}
    if (!this.stopped) await this.claim()
  }

  /** Turns alerts past each webhook's cursor into pending deliveries; returns how many alerts it read. */
  private async enqueue(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query<Record<string, unknown>>(
        'SELECT * FROM webhooks WHERE deleted_at IS NULL ORDER BY id FOR UPDATE SKIP LOCKED',
      )
      if (r.rows.length === 0) return 0
      const hooks = r.rows.map((row) => ({ hook: webhookOf(row), lastSeq: Number(row.last_seq) }))
      const from = Math.min(...hooks.map((h) => h.lastSeq))
      const a = await tx.query<Record<string, unknown>>(
        `${ALERT_ROW_SELECT} WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`,
        [from, PAGE],
      )
      const rows = a.rows.map(alertRowOf)
      const last = rows[rows.length - 1]?.record.seq
      if (last === undefined) return 0
      const now = nowIso()
      for (const { hook, lastSeq } of hooks) {
        for (const row of rows) {
          if (row.record.seq <= lastSeq || !alertVisibleTo(hook.orgId, row)) continue
          if (!alertMatches(filterOf(hook), row.record)) continue
          await tx.query(
            `INSERT INTO webhook_deliveries VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, NULL, $8, $8)
             ON CONFLICT (webhook_id, alert_seq) DO NOTHING`,
            [
              newId(),
              hook.id,
              hook.orgId,
              row.record.id,
              row.record.seq,
              messageIdOf(row.record.id, row.record.seq),
              payloadOf(row),
              now,
            ],
          )
        }
        if (last > lastSeq) await tx.query('UPDATE webhooks SET last_seq = $2 WHERE id = $1', [hook.id, last])
      }
      return rows.length
    })
  }

  /** Leases the due deliveries there is room for and tries each once, in the background. */
  private async claim(): Promise<void> {
    const room = this.concurrency - this.inFlight.size
    if (room <= 0) return
    const now = new Date()
    const lease = new Date(now.getTime() + this.timeoutMs + 60_000).toISOString()
    const r = await this.db.query<Record<string, unknown>>(
      `UPDATE webhook_deliveries d SET leased_until = $2 FROM webhooks w
       WHERE w.id = d.webhook_id AND d.id IN (SELECT id FROM webhook_deliveries
         WHERE status = 'pending' AND next_attempt_at <= $1 AND (leased_until IS NULL OR leased_until <= $1)
         ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING d.*, w.url, w.secret`,
      [now.toISOString(), lease, room],
    )
    for (const row of r.rows) {
      const p: Promise<void> = this.attempt(row)
        .catch((err) => this.logger.warn({ err, delivery: row.id }, 'webhook attempt not recorded'))
        .finally(() => this.inFlight.delete(p))
      this.inFlight.add(p)
    }
  }

  /** Whether the webhook's organisation may still see the alert (sharing may have changed since it was queued). */
  private async stillVisible(row: Record<string, unknown>): Promise<boolean> {
    const a = await this.db.query<Record<string, unknown>>(`${ALERT_ROW_SELECT} WHERE a.id = $1`, [
      row.alert_id as string,
    ])
    const alert = a.rows[0]
    return alert !== undefined && alertVisibleTo(row.org_id as string, alertRowOf(alert))
  }

  private async attempt(row: Record<string, unknown>): Promise<void> {
    const id = row.id as string
    if (!(await this.stillVisible(row))) {
      await this.db.query(
        "UPDATE webhook_deliveries SET status = 'cancelled', leased_until = NULL, updated_at = $2 WHERE id = $1",
        [id, nowIso()],
      )
      return
    }
    const signal = this.abort.signal
    const endpoint = { url: row.url as string, secret: row.secret as string }
    const result = await deliverWebhook(endpoint, row.message_id as string, row.payload as string, {
      retryDelaysMs: [],
      timeoutMs: this.timeoutMs,
      signal,
    }).catch((e: Error) => ({
      delivered: false,
      attempts: [{ at: nowIso(), status: null, error: e.message, ms: 0 }],
    }))
    if (signal.aborted) {
      await this.db.query('UPDATE webhook_deliveries SET leased_until = NULL WHERE id = $1', [id])
      return
    }
    const tried = result.attempts[result.attempts.length - 1] ?? { at: nowIso(), status: null, error: 'no try', ms: 0 }
    const n = Number(row.attempts) + 1
    const retryIn = this.delays[n - 1]
    const status = result.delivered ? 'delivered' : tried.status === 410 || retryIn === undefined ? 'failed' : 'pending'
    const next = status === 'pending' ? new Date(Date.parse(tried.at) + (retryIn as number)).toISOString() : null
    await this.db.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO webhook_attempts (delivery_id, attempt, at, status, error, ms) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, n, tried.at, tried.status, tried.error, tried.ms],
      )
      await tx.query(
        `UPDATE webhook_deliveries SET status = $2, attempts = $3, next_attempt_at = $4, leased_until = NULL,
         updated_at = $5 WHERE id = $1`,
        [id, status, n, next, nowIso()],
      )
    })
  }
}
