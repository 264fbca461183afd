import type { ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AlertFeed, FeedSubscriber } from './alert-feed.ts'
import { type AlertFilter, type AlertRow, alertMatches, alertVisibleTo } from './alert-record.ts'

export interface StreamOptions {
  /** How often a comment line keeps proxies from closing an idle stream, and the caller's key is checked again. */
  keepAliveMs: number
  /** A stream whose client reads slower than this many bytes behind is closed; the client resumes by id. */
  maxBufferedBytes: number
}

export interface StreamRequest {
  orgId: string
  filter: AlertFilter
  /** Resume after this seq; absent: only alerts recorded from now on. */
  lastEventId: number | undefined
  /** Throws when the caller's key no longer holds (revoked): the stream ends. */
  recheck: () => Promise<void>
}

/** `id`, `event`, `data` of one alert; the JSON is on one line, as SSE data must be. */
export const eventText = (row: AlertRow): string =>
  `id: ${row.record.seq}\nevent: alert\ndata: ${JSON.stringify(row.record)}\n\n`

/** The open streams of one server, so that closing the server ends them (app.close would wait for them). */
export class AlertStreams {
  private readonly open = new Set<() => void>()

  constructor(
    private readonly feed: AlertFeed,
    private readonly options: StreamOptions,
  ) {}

  endAll(): void {
    for (const end of [...this.open]) end()
  }

  /**
   * Takes over the response: replays the caller's visible alerts after `lastEventId` page by page, then joins
   * the feed for live ones. Errors before this point answer as JSON; after it the stream just ends.
   */
  async serve(request: FastifyRequest, reply: FastifyReply, s: StreamRequest): Promise<void> {
    const cursor = s.lastEventId ?? (await this.feed.latestSeq())
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    res.write('retry: 2000\n: dragnet alerts\n\n')
    let closed = false
    const sub: FeedSubscriber = { orgId: s.orgId, filter: s.filter, cursor, send: (row) => write(row) }
    const write = (row: AlertRow) => {
      if (closed) return
      res.write(eventText(row))
      if (res.writableLength > this.options.maxBufferedBytes) end()
    }
    const keepAlive = setInterval(() => {
      if (closed) return
      res.write(': keep-alive\n\n')
      s.recheck().catch(() => end())
    }, this.options.keepAliveMs)
    keepAlive.unref()
    const end = () => {
      if (closed) return
      closed = true
      clearInterval(keepAlive)
      this.feed.leave(sub)
      this.open.delete(end)
      res.end()
    }
    this.open.add(end)
    res.on('close', end)
    res.on('error', end)
    try {
      await this.replay(sub, res, () => closed)
    } catch (err) {
      request.log.warn({ err }, 'alert stream replay failed')
      end()
    }
  }

  /** Sends what the subscriber missed until it has caught up with the feed, then joins it. */
  private async replay(sub: FeedSubscriber, res: ServerResponse, closed: () => boolean): Promise<void> {
    for (;;) {
      const rows = await this.feed.read(sub.cursor)
      if (closed()) return
      for (const row of rows) {
        sub.cursor = row.record.seq
        if (!alertVisibleTo(sub.orgId, row) || !alertMatches(sub.filter, row.record)) continue
        if (!res.write(eventText(row)))
          await new Promise((resolve) => res.once('drain', resolve).once('close', resolve))
        if (closed()) return
      }
      // No await between the feed's check and the join: nothing the feed reads can fall between them.
      if (rows.length === 0 && this.feed.join(sub)) return
    }
  }
}
