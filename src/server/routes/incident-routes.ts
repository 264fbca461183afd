import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { assertKnownChain } from '../../labels/known-chains.ts'
import {
  createIncident,
  INCIDENT_STATUSES,
  incidentView,
  listIncidents,
  requireOwner,
  setShares,
  updateIncident,
} from '../db/incidents.ts'
import { chainName, id, idParams, js, TLP } from '../json-schema.ts'
import { principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { incidentAccess, incidentIdOf } from './incident-access.ts'

const status = z.enum(INCIDENT_STATUSES)
const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/)
const createBody = z.strictObject({
  title: z.string().min(1).max(300),
  description: z.string().max(20_000).optional(),
  status: status.optional(),
  tlp: TLP,
  chain: chainName(),
  occurredAt: isoTime.nullable().optional(),
})
const patchBody = z.strictObject({
  title: z.string().min(1).max(300).optional(),
  description: z.string().max(20_000).optional(),
  status: status.optional(),
  tlp: TLP.optional(),
  occurredAt: isoTime.nullable().optional(),
})
const listQuery = z.strictObject({
  status: status.optional(),
  tlp: TLP.optional(),
  q: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  offset: z.number().int().min(0).max(1_000_000).optional(),
})
const sharesBody = z.strictObject({ organisations: z.array(id()).max(500) })
const NONE = js(z.strictObject({}))

/** Incidents: create, read, update, list and search; sharing. */
export function registerIncidentRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['incidents']
  const object = { tenancy: 'object' as const }
  const params = js(idParams('incidentId'))

  app.post(
    '/v1/incidents',
    { config: { tenancy: 'own' }, schema: { tags, summary: 'Open an incident', body: js(createBody) } },
    async (req, reply) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'incident.write')
      const body = req.body as z.infer<typeof createBody>
      // Seeds and traces of the incident are on its chain: a name the store does not know is refused here.
      assertKnownChain(body.chain, await deps.knownChains(), 'name')
      const incident = await db.transaction((tx) => createIncident(tx, p, body))
      return reply.status(201).send(incident)
    },
  )
  app.get(
    '/v1/incidents',
    {
      config: { tenancy: 'list' },
      schema: {
        tags,
        summary: 'Incidents the caller may see; filter by status, tlp, words (q)',
        querystring: js(listQuery),
      },
    },
    async (req) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'read')
      const q = req.query as z.infer<typeof listQuery>
      const filter = {
        limit: q.limit ?? 100,
        offset: q.offset ?? 0,
        ...(q.status ? { status: q.status } : {}),
        ...(q.tlp ? { tlp: q.tlp } : {}),
        ...(q.q ? { q: q.q } : {}),
      }
      return { incidents: await listIncidents(db, p, filter) }
    },
  )
  app.get(
    '/v1/incidents/:incidentId',
    { config: object, schema: { tags, summary: 'One incident', params, querystring: NONE } },
    async (req) => incidentView(await incidentAccess(deps, req, incidentIdOf(req))),
  )
  app.patch(
    '/v1/incidents/:incidentId',
    {
      config: object,
      schema: { tags, summary: 'Change title, description, status, marking (owner)', params, body: js(patchBody) },
    },
    async (req) => {
      const access = await incidentAccess(deps, req, incidentIdOf(req), 'incident.write')
      requireOwner(access)
      return db.transaction((tx) => updateIncident(tx, access, req.body as z.infer<typeof patchBody>))
    },
  )
  app.put(
    '/v1/incidents/:incidentId/shares',
    {
      config: object,
      schema: {
        tags,
        summary: 'Set the organisations the incident is shared with (owner)',
        params,
        body: js(sharesBody),
      },
    },
    async (req) => {
      const access = await incidentAccess(deps, req, incidentIdOf(req), 'incident.write')
      requireOwner(access)
      return db.transaction((tx) => setShares(tx, access, (req.body as z.infer<typeof sharesBody>).organisations))
    },
  )
}
