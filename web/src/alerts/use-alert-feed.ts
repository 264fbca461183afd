import { useCallback, useEffect, useRef, useState } from 'react'
import { useApi } from '../api/session.tsx'
import { type AlertFilters, type AlertPage, type AlertRecord, filterQuery } from './alert-types.ts'
import { mergeAlerts } from './merge-alerts.ts'

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed'

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
    let source: EventSource | null = null
    setAlerts([])
    setCursor(null)
    setError(null)
    setLoading(true)
    setStream('connecting')
    const query = filterQuery(filters)
    api
      .get<AlertPage>('/v1/alerts', { ...query, limit: PAGE })
      .then((page) => {
        if (!live) return
        setAlerts(page.alerts)
        setCursor(page.nextCursor)
        const newest = page.alerts.reduce((m, a) => Math.max(m, a.seq), 0)
        source = new EventSource(api.url('/v1/alerts/stream', { ...query, lastEventId: newest }))
        source.addEventListener('open', () => live && setStream('live'))
        source.addEventListener('error', () => {
          if (live) setStream(source?.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting')
        })
        source.addEventListener('alert', (e) => {
          if (!live) return
          const a = JSON.parse((e as MessageEvent<string>).data) as AlertRecord
          setAlerts((feed) => mergeAlerts(feed, [a]))
        })
      })
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false))
    return () => {
      live = false
      source?.close()
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
