import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { createOrganisation, getOrganisation, listOrganisations } from '../db/organisations.ts'
import { publicSigningKey } from '../db/signing-keys.ts'
import { idParams, js } from '../json-schema.ts'
import { principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'

const orgBody = z.strictObject({ name: z.string().min(1).max(200), platform: z.boolean().optional() })
const NONE = js(z.strictObject({}))

/** Who the caller is, and organisations: listed for everyone (to share with), created by a platform admin. */
export function registerOrganisationRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['admin']
  app.get(
    '/v1/me',
    { config: { tenancy: 'own' }, schema: { tags, summary: 'Who this key is', querystring: NONE } },
    async (req) => principalOf(req.principal),
  )
  app.get(
    '/v1/organisations',
    {
      config: { tenancy: 'list' },
      schema: { tags, summary: 'The organisations on this server (id and name, to share with)', querystring: NONE },
    },
    async () => ({ organisations: (await listOrganisations(db)).map((o) => ({ id: o.id, name: o.name })) }),
  )
  app.post(
    '/v1/organisations',
    {
      config: { tenancy: 'own' },
      schema: { tags, summary: 'Create an organisation (platform admin)', body: js(orgBody) },
    },
    async (req, reply) => {
      const p = principalOf(req.principal)
      if (!p.platform || p.role !== 'admin') {
        throw new DragnetError('AUTH_FORBIDDEN', 'only a platform admin creates organisations')
      }
      const body = req.body as z.infer<typeof orgBody>
      const org = await db.transaction((tx) => createOrganisation(tx, p, body))
      return reply.status(201).send(org)
    },
  )
  app.get(
    '/v1/organisations/:orgId/signing-key',
    {
      // Public by nature: anyone who receives an evidence package needs the sender's key to check it.
      config: { tenancy: 'list' },
      schema: {
        tags,
        summary: "The organisation's Ed25519 public key that signs its evidence packages, and its fingerprint",
        params: js(idParams('orgId')),
        querystring: NONE,
      },
    },
    async (req) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'read')
      const { orgId } = req.params as { orgId: string }
      await getOrganisation(db, orgId)
      return db.transaction((tx) => publicSigningKey(tx, p, orgId))
    },
  )
}
