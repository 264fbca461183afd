import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { ApiClient, ApiError, type Principal, type SessionInfo } from './client.ts'

interface SessionState {
  api: ApiClient
  /** undefined while the session is being looked up; null when nobody is signed in. */
  principal: Principal | null | undefined
  signIn: (apiKey: string) => Promise<void>
  signInWithLink: (token: string) => Promise<void>
  signOut: () => Promise<void>
}

const SessionContext = createContext<SessionState | null>(null)

/** Holds the signed-in principal and the API client that carries the session's CSRF token. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useMemo(() => new ApiClient(), [])
  const [principal, setPrincipal] = useState<Principal | null | undefined>(undefined)

  const adopt = useCallback(
    (s: SessionInfo) => {
      api.csrfToken = s.csrfToken
      setPrincipal(s.principal)
    },
    [api],
  )

  useEffect(() => {
    api
      .get<SessionInfo>('/v1/session')
      .then(adopt)
      .catch((e: unknown) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.error(e)
        setPrincipal(null)
      })
  }, [api, adopt])

  const value = useMemo<SessionState>(
    () => ({
      api,
      principal,
      signIn: async (apiKey) => adopt(await api.post<SessionInfo>('/v1/session', { apiKey })),
      signInWithLink: async (token) => adopt(await api.post<SessionInfo>('/v1/session/link', { token })),
      signOut: async () => {
        await api.delete('/v1/session').catch(() => undefined)
        api.csrfToken = null
        setPrincipal(null)
      },
    }),
    [api, principal, adopt],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionState {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside SessionProvider')
  return s
}

/** The API client of the signed-in session. */
export function useApi(): ApiClient {
  return useSession().api
}
