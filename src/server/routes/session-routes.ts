import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { id, js } from '../json-schema.ts'
import { principalOf, requireOrgAdmin, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { clearedSessionCookie, cookieValue, overHttps, sessionCookie } from '../web/session-cookie.ts'
import type { SessionResponse, SignInLinkResponse } from '../web/web-api-types.ts'
import {
  createSession,
  createSignInLink,
  csrfMatches,
  LINK_TTL_S,
  linkOpened,
  orgOfKey,
  principalOfKey,
  revokeSession,
  SESSION_TTL_MS,
  sessionFor,
  spendSignInLink,
  type WebSession,
} from '../web/web-sessions.ts'

const keyBody = z.strictObject({ apiKey: z.string().min(1).max(200) })
const linkBody = z.strictObject({ token: z.string().min(1).max(200) })
const mintBody = z.strictObject({
  keyId: id().optional(),
  ttlSeconds: z.number().int().min(LINK_TTL_S.min).max(LINK_TTL_S.max).optional(),
})
const NONE = js(z.strictObject({}))

const bodyOf = (s: WebSession): SessionResponse => ({
  csrfToken: s.csrfToken,
  principal: s.principal,
  expiresAt: s.expiresAt,
})

/** The live session of the request's cookie: AUTH_REQUIRED without a cookie, AUTH_SESSION_INVALID for a dead one. */
async function cookieSession(deps: ServerDeps, req: FastifyRequest): Promise<WebSession> {
  const cookie = cookieValue(req.headers.cookie)
  if (cookie === undefined) throw new DragnetError('AUTH_REQUIRED', 'no session: sign in with POST /v1/session')
  const session = await sessionFor(deps.db, cookie)
  if (!session) {
    throw new DragnetError('AUTH_SESSION_INVALID', 'the session has ended (expired, signed out or its key revoked)')
  }
  return session
}

/**
 * Browser sessions: an API key or a one-time sign-in link exchanged for an httpOnly, SameSite=Strict cookie and a
 * CSRF token (docs/decisions/0022-web-sessions-and-app-serving.md); admins mint sign-in links.
 */
export function registerSessionRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['sessions']
  const config = { tenancy: 'session' as const }
  const answer = (req: FastifyRequest, reply: FastifyReply, cookie: string, session: WebSession) => {
    void reply.header('set-cookie', sessionCookie(cookie, Math.floor(SESSION_TTL_MS / 1000), overHttps(req)))
    void reply.header('cache-control', 'no-store')
    return reply.send(bodyOf(session))
  }

  app.post(
    '/v1/session',
    {
      config,
      schema: { tags, summary: 'Sign in with an API key: a session cookie and its CSRF token', body: js(keyBody) },
    },
    async (req, reply) => {
      const principal = await deps.auth.authenticate((req.body as z.infer<typeof keyBody>).apiKey)
      const { cookie, session } = await db.transaction((tx) => createSession(tx, principal, 'key'))
      return answer(req, reply, cookie, session)
    },
  )
  app.post(
    '/v1/session/link',
    {
      config,
      schema: {
        tags,
        summary: 'Sign in with a one-time sign-in link: a session cookie and its CSRF token',
        body: js(linkBody),
      },
    },
    async (req, reply) => {
      const { token } = req.body as z.infer<typeof linkBody>
      const { cookie, session } = await db.transaction(async (tx) => {
        const link = await spendSignInLink(tx, token)
        const principal = await principalOfKey(tx, link.keyId)
        const opened = await createSession(tx, principal, 'link')
        await linkOpened(tx, link.linkId, opened.session.id)
        return opened
      })
      return answer(req, reply, cookie, session)
    },
  )
  app.get(
    '/v1/session',
    { config, schema: { tags, summary: 'The live session of the cookie', querystring: NONE } },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store')
      return bodyOf(await cookieSession(deps, req))
    },
  )
  app.delete(
    '/v1/session',
    { config, schema: { tags, summary: 'Sign out: the session ends', querystring: NONE } },
    async (req, reply) => {
      const session = await cookieSession(deps, req)
      if (!csrfMatches(session, req.headers['x-csrf-token'])) {
        throw new DragnetError('AUTH_CSRF', 'a request with the session cookie must carry its x-csrf-token')
      }
      await db.transaction((tx) => revokeSession(tx, session))
      void reply.header('set-cookie', clearedSessionCookie(overHttps(req)))
      return reply.status(204).send()
    },
  )
  app.post(
    '/v1/session/links',
    {
      config: { tenancy: 'own' },
      schema: {
        tags,
        summary: 'Mint a one-time sign-in link for a key of the organisation (admin)',
        body: js(mintBody),
      },
    },
    async (req, reply) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'org.admin')
      const body = req.body as z.infer<typeof mintBody>
      const keyId = body.keyId ?? p.keyId
      const orgId = await orgOfKey(db, keyId)
      if (orgId === null) throw new DragnetError('SERVER_NOT_FOUND', 'no such key', { details: { id: keyId } })
      requireOrgAdmin(p, orgId)
      const link = await db.transaction((tx) =>
        createSignInLink(tx, p, { keyId, orgId, ttlSeconds: body.ttlSeconds ?? LINK_TTL_S.default }),
      )
      void reply.header('cache-control', 'no-store')
      return reply
        .status(201)
        .send({ token: link.token, expiresAt: link.expiresAt, keyId } satisfies SignInLinkResponse)
    },
  )
}
