import type { FastifyRequest } from 'fastify'

/** The session cookie's name. */
export const SESSION_COOKIE = 'dragnet_session'

/** The value of cookie `name` in a Cookie header, or undefined. */
export function cookieValue(header: string | string[] | undefined, name = SESSION_COOKIE): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header
  if (!text) return undefined
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/**
 * Whether the browser reached the server over https: the socket itself, or a proxy in front saying so. Believing
 * the proxy's header costs nothing: a false one only adds `Secure`, which keeps that client's cookie off http.
 */
export function overHttps(request: FastifyRequest): boolean {
  if (request.protocol === 'https') return true
  const forwarded = request.headers['x-forwarded-proto']
  return typeof forwarded === 'string' && forwarded.split(',')[0]?.trim().toLowerCase() === 'https'
}

/** Set-Cookie for a new session: unreadable by scripts, never sent cross-site, for the whole origin. */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  const attrs = [`${SESSION_COOKIE}=${value}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${maxAgeSeconds}`]
  if (secure) attrs.push('Secure')
  return attrs.join('; ')
}

/** Set-Cookie that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure)
}
