import type { Logger } from '../../core/logger.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import {
  ALERT_ROW_SELECT,
  type AlertFilter,
  type AlertRow,
  alertMatches,
  alertRowOf,
  alertVisibleTo,
} from './alert-record.ts'

/** One open stream as the feed sees it: whose it is, what it wants, how far it has got. */
export interface FeedSubscriber {
  orgId: string
  filter: AlertFilter
  /** The last seq this subscriber has passed (sent or skipped); the feed gives it only later ones. */
  cursor: number
  send(row: AlertRow): void
}

const PAGE = 500

/**
 * One poller for every open stream of the server: reads alerts by seq, whoever wrote them (this process, a
 * watcher in another, a trace job), and hands each to the streams whose organisation may see it. Seqs become
 * visible in order (see the alerts_next_seq trigger), so a cursor never skips an alert committed later.
 */
export class AlertFeed {
  private readonly subscribers = new Set<FeedSubscriber>()
  /** The last seq read for the subscribers; undefined while there are none. */
  private cursor: number | undefined
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private stopped = false

  constructor(
    private readonly db: SqlQuery,
    private readonly pollMs: number,
    private readonly logger: Logger,
  ) {}

  /** Alerts after `after` in seq order, of every organisation: callers filter by visibility. */
  async read(after: number, limit = PAGE): Promise<AlertRow[]> {
    const r = await this.db.query<Record<string, unknown>>(
      `${ALERT_ROW_SELECT} WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`,
      [after, limit],
    )
    return r.rows.map(alertRowOf)
  }

  /** The latest seq stored (0 when there are no alerts): where a stream without Last-Event-ID starts. */
  async latestSeq(): Promise<number> {
    const r = await this.db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM alerts')
    return Number(r.rows[0]?.seq ?? 0)
  }

  /**
   * Adds a subscriber that has caught up by itself to at least where the feed is; false (not added) when the
   * feed has gone further, so the caller reads the gap first and tries again.
   */
  join(s: FeedSubscriber): boolean {
    if (this.cursor !== undefined && s.cursor < this.cursor) return false
    if (this.subscribers.size === 0) this.cursor = s.cursor
    this.subscribers.add(s)
    return true
  }

  leave(s: FeedSubscriber): void {
    this.subscribers.delete(s)
    if (this.subscribers.size === 0) this.cursor = undefined
  }

  start(): void {
    this.stopped = false
    this.schedule()
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.running = this.poll()
        .catch((err) => this.logger.warn({ err }, 'alert feed poll failed'))
        .finally(() => this.schedule())
    }, this.pollMs)
    // A poller never keeps the process alive by itself: a server that failed to listen must still exit.
    this.timer.unref()
  }

  private async poll(): Promise<void> {
    while (!this.stopped && this.cursor !== undefined) {
      const rows = await this.read(this.cursor)
      if (this.cursor === undefined) return
      for (const row of rows) this.hand(row)
      const last = rows[rows.length - 1]
      if (last) this.cursor = Math.max(this.cursor, last.record.seq)
      if (rows.length < PAGE) return
    }
  }

  private hand(row: AlertRow): void {
    for (const s of this.subscribers) {
      if (row.record.seq <= s.cursor) continue
      s.cursor = row.record.seq
      if (alertVisibleTo(s.orgId, row) && alertMatches(s.filter, row.record)) s.send(row)
    }
  }
}
