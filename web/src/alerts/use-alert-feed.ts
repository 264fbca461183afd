import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiClient } from '../api/client.ts'
import { useApi } from '../api/session.tsx'
import { type AlertFilters, type AlertPage, type AlertRecord, filterQuery } from './alert-types.ts'
import { mergeAlerts } from './merge-alerts.ts'

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'polling'

export interface AlertFeed {
  alerts: AlertRecord[]
  stream: StreamState
  error: unknown
  loading: boolean
  /** Null when there are no older alerts to load. */
  loadOlder: (() => void) | null
}

const PAGE = 50

/**
 * The alert feed: the newest page of GET /v1/alerts, then GET /v1/alerts/stream for what comes after. The stream
 * starts after the newest alert the page holds (`lastEventId`), so nothing recorded between the two is lost; when
 * the connection drops, the browser resumes it with Last-Event-ID by itself. Same origin: the session cookie goes
 * along with the stream as with every request.
 */
export function useAlertFeed(filters: AlertFilters): AlertFeed {
  const api = useApi()
  const [alerts, setAlerts] = useState<AlertRecord[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [stream, setStream] = useState<StreamState>('connecting')
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(true)
  const key = JSON.stringify(filters)
  const current = useRef(key)
  current.current = key

  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for filters
  useEffect(() => {
    let live = true
    setAlerts([])
    setCursor(null)
    setError(null)
    setLoading(true)
    setStream('connecting')
    const query = filterQuery(filters)
    const follow = new Follower(api, query, {
      state: (st) => live && setStream(st),
      alerts: (list) => live && setAlerts((feed) => mergeAlerts(feed, list)),
      error: (e) => live && setError(e),
    })
    api
      .get<AlertPage>('/v1/alerts', { ...query, limit: PAGE })
      .then((page) => {
        if (!live) return
        setAlerts(page.alerts)
        setCursor(page.nextCursor)
        follow.newest = page.alerts.reduce((m, a) => Math.max(m, a.seq), 0)
        follow.start()
      })
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false))
    return () => {
      live = false
      follow.stop()
    }
  }, [api, key])

  const loadOlder = useCallback(() => {
    if (!cursor) return
    const asked = current.current
    setLoading(true)
    api
      .get<AlertPage>('/v1/alerts', { ...filterQuery(filters), limit: PAGE, cursor })
      .then((page) => {
        if (current.current !== asked) return
        setAlerts((feed) => mergeAlerts(feed, page.alerts))
        setCursor(page.nextCursor)
      })
      .catch(setError)
      .finally(() => setLoading(false))
  }, [api, cursor, filters])

  return { alerts, stream, error, loading, loadOlder: cursor ? loadOlder : null }
}

const POLL_MS = 5000

/**
 * Follows the feed after `newest`: the alert stream, resumed by the browser with Last-Event-ID; when the stream is
 * refused outright (the EventSource gives up, as behind a proxy that breaks event streams), GET /v1/alerts after
 * the newest seq seen, every few seconds, so the feed still moves and says how.
 */
class Follower {
  newest = 0
  private source: EventSource | null = null
  private timer: ReturnType<typeof setInterval> | null = null

  constructor(
    private readonly api: ApiClient,
    private readonly query: Record<string, string | string[]>,
    private readonly on: {
      state: (s: StreamState) => void
      alerts: (a: AlertRecord[]) => void
      error: (e: unknown) => void
    },
  ) {}

  start(): void {
    const source = new EventSource(this.api.url('/v1/alerts/stream', { ...this.query, lastEventId: this.newest }))
    this.source = source
    source.addEventListener('open', () => this.on.state('live'))
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) return this.on.state('reconnecting')
      this.on.state('polling')
      this.timer ??= setInterval(() => void this.poll(), POLL_MS)
    })
    source.addEventListener('alert', (e) => this.take([JSON.parse((e as MessageEvent<string>).data) as AlertRecord]))
  }

  stop(): void {
    this.source?.close()
    if (this.timer) clearInterval(this.timer)
  }

  private take(list: AlertRecord[]): void {
    for (const a of list) this.newest = Math.max(this.newest, a.seq)
    if (list.length > 0) this.on.alerts(list)
  }

  private async poll(): Promise<void> {
    try {
      const page = await this.api.get<AlertPage>('/v1/alerts', {
        ...this.query,
        afterSeq: this.newest,
        order: 'asc',
        limit: 500,
      })
      this.take(page.alerts)
    } catch (e) {
      this.on.error(e)
    }
  }
}
