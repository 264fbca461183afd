import { useCallback, useEffect, useState } from 'react'
import { ApiError } from './client.ts'
import { useApi } from './session.tsx'

export interface ApiData<T> {
  data: T | undefined
  error: ApiError | Error | undefined
  loading: boolean
  reload: () => void
}

/**
 * Loads `path` (with `query`) through the session and reloads when either changes. `path` null: nothing to load yet.
 * An answer that arrives after the inputs changed is dropped, so a slow old answer never overwrites a new one.
 */
export function useApiData<T>(path: string | null, query?: Record<string, string | number | undefined>): ApiData<T> {
  const api = useApi()
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<ApiError | Error | undefined>(undefined)
  const [loading, setLoading] = useState(path !== null)
  const [nonce, setNonce] = useState(0)
  const key = JSON.stringify(query ?? {})
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for query; nonce forces a reload
  useEffect(() => {
    if (path === null) return
    let live = true
    setLoading(true)
    setError(undefined)
    api
      .get<T>(path, query)
      .then((d) => {
        if (live) setData(d)
      })
      .catch((e: unknown) => {
        if (live) setError(e instanceof Error ? e : new Error(String(e)))
      })
      .finally(() => {
        if (live) setLoading(false)
      })
    return () => {
      live = false
    }
  }, [api, path, key, nonce])
  const reload = useCallback(() => setNonce((n) => n + 1), [])
  return { data, error, loading, reload }
}

export { ApiError }
