import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  createApiKey,
  createUser,
  getOrganisation,
  getUser,
  listApiKeys,
  listUsers,
  revokeApiKey,
} from '../db/organisations.ts'
import { idParams, js } from '../json-schema.ts'
import { principalOf, requireOrgAdmin } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'

const userBody = z.strictObject({
  name: z.string().min(1).max(200),
  email: z.string().max(320).nullable().optional(),
  role: z.enum(['admin', 'investigator', 'analyst', 'viewer']),
})
const keyBody = z.strictObject({ label: z.string().max(200).nullable().optional() })
const NONE = js(z.strictObject({}))

/** An organisation's users and API keys, managed by its admins (or a platform admin). */
export function registerUserKeyRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['admin']
  const orgParams = js(idParams('orgId'))
  app.get(
    '/v1/organisations/:orgId/users',
    {
      config: { tenancy: 'object' },
      schema: { tags, summary: "An organisation's users", params: orgParams, querystring: NONE },
    },
    async (req) => {
      const { orgId } = req.params as { orgId: string }
      requireOrgAdmin(principalOf(req.principal), orgId)
      return { users: await listUsers(db, orgId) }
    },
  )
  app.post(
    '/v1/organisations/:orgId/users',
    { config: { tenancy: 'object' }, schema: { tags, summary: 'Add a user', params: orgParams, body: js(userBody) } },
    async (req, reply) => {
      const { orgId } = req.params as { orgId: string }
      const p = principalOf(req.principal)
      requireOrgAdmin(p, orgId)
      const body = req.body as z.infer<typeof userBody>
      const user = await db.transaction((tx) => createUser(tx, p, { orgId, ...body }))
      return reply.status(201).send(user)
    },
  )
  app.get(
    '/v1/organisations/:orgId/keys',
    {
      config: { tenancy: 'object' },
      schema: {
        tags,
        summary: "An organisation's API keys (never the keys themselves)",
        params: orgParams,
        querystring: NONE,
      },
    },
    async (req) => {
      const { orgId } = req.params as { orgId: string }
      requireOrgAdmin(principalOf(req.principal), orgId)
      return { keys: await listApiKeys(db, orgId) }
    },
  )
  app.post(
    '/v1/organisations/:orgId/users/:userId/keys',
    {
      config: { tenancy: 'object' },
      schema: {
        tags,
        summary: 'Mint an API key for a user: shown once, stored as SHA-256',
        params: js(idParams('orgId', 'userId')),
        body: js(keyBody),
      },
    },
    async (req, reply) => {
      const { orgId, userId } = req.params as { orgId: string; userId: string }
      const p = principalOf(req.principal)
      requireOrgAdmin(p, orgId)
      await getOrganisation(db, orgId)
      await getUser(db, orgId, userId)
      const body = req.body as z.infer<typeof keyBody>
      const { info, key } = await db.transaction((tx) =>
        createApiKey(tx, p, { orgId, userId, label: body.label ?? null }),
      )
      return reply.status(201).send({ ...info, key })
    },
  )
  app.delete(
    '/v1/organisations/:orgId/keys/:keyId',
    {
      config: { tenancy: 'object' },
      schema: { tags, summary: 'Revoke an API key', params: js(idParams('orgId', 'keyId')), querystring: NONE },
    },
    async (req) => {
      const { orgId, keyId } = req.params as { orgId: string; keyId: string }
      const p = principalOf(req.principal)
      requireOrgAdmin(p, orgId)
      const key = await db.transaction((tx) => revokeApiKey(tx, p, orgId, keyId))
      deps.auth.invalidate()
      return key
    },
  )
}
