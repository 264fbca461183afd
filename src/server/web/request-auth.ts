import type { FastifyRequest } from 'fastify'
import { DragnetError } from '../../core/errors.ts'
import { Authenticator } from '../authenticator.ts'
import type { Principal } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { cookieValue } from './session-cookie.ts'
import { csrfMatches, sessionFor, type WebSession } from './web-sessions.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The browser session the request came with, when it authenticated by cookie. */
    webSession: WebSession | null
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD'])

/**
 * Who the request is: an API key (`Authorization: Bearer`, `X-API-Key`) as before, else the session cookie. A
 * cookie is sent by the browser on its own, so a cookie-authenticated write must also carry the session's CSRF
 * token in `x-csrf-token`, which only the app's own pages can read (403 AUTH_CSRF otherwise).
 */
export async function authenticateRequest(deps: ServerDeps, request: FastifyRequest): Promise<Principal> {
  const h = request.headers
  if (h.authorization !== undefined || h['x-api-key'] !== undefined) {
    return deps.auth.authenticate(Authenticator.keyFrom(h))
  }
  const cookie = cookieValue(h.cookie)
  if (cookie === undefined) return deps.auth.authenticate(Authenticator.keyFrom(h))
  const session = await sessionFor(deps.db, cookie)
  if (!session) {
    throw new DragnetError('AUTH_SESSION_INVALID', 'the session has ended (expired, signed out or its key revoked)')
  }
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(session, h['x-csrf-token'])) {
    throw new DragnetError('AUTH_CSRF', 'a request with the session cookie must carry its x-csrf-token')
  }
  request.webSession = session
  return session.principal
}
