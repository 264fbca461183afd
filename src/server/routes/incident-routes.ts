import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { listAlerts } from '../db/alerts.ts'
import {
  createIncident,
  INCIDENT_STATUSES,
  type IncidentAccess,
  incidentFor,
  incidentView,
  listIncidents,
  requireCollaborator,
  requireOwner,
  setShares,
  updateIncident,
} from '../db/incidents.ts'
import { addSeeds, deleteSeed, listSeeds } from '../db/seeds.ts'
import { incidentFigures } from '../figures.ts'
import { chainName, id, idParams, js, TLP } from '../json-schema.ts'
import { type Permission, principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'

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
const seedsBody = z.strictObject({
  seeds: z.array(z.string().min(1).max(100)).min(1).max(1000),
  note: z.string().max(2000).nullable().optional(),
  tlp: TLP.optional(),
})
const NONE = js(z.strictObject({}))

/** The incident named in the route, if the caller may see it, after checking the role grants `permission`. */
export async function incidentAccess(
  deps: ServerDeps,
  req: FastifyRequest,
  incidentId: string,
  permission: Permission = 'read',
): Promise<IncidentAccess> {
  const p = principalOf(req.principal)
  // Visibility first: a caller who may not see the incident learns nothing, not even that its role falls short.
  const access = await incidentFor(deps.db, p, incidentId)
  requirePermission(p, permission)
  return access
}

/** Incidents: create, read, update, list and search; sharing; seeds; figures; alerts. */
export function registerIncidentRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['incidents']
  const object = { tenancy: 'object' as const }
  const params = js(idParams('incidentId'))
  const incidentIdOf = (req: FastifyRequest) => (req.params as { incidentId: string }).incidentId

  app.post(
    '/v1/incidents',
    { config: { tenancy: 'own' }, schema: { tags, summary: 'Open an incident', body: js(createBody) } },
    async (req, reply) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'incident.write')
      const body = req.body as z.infer<typeof createBody>
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
  app.get(
    '/v1/incidents/:incidentId/seeds',
    { config: object, schema: { tags, summary: "The incident's seeds", params, querystring: NONE } },
    async (req) => ({
      seeds: await listSeeds(db, await incidentAccess(deps, req, incidentIdOf(req))),
    }),
  )
  app.post(
    '/v1/incidents/:incidentId/seeds',
    {
      config: object,
      schema: { tags, summary: "Add the theft's addresses and transaction hashes", params, body: js(seedsBody) },
    },
    async (req, reply) => {
      const access = await incidentAccess(deps, req, incidentIdOf(req), 'incident.write')
      requireCollaborator(access)
      const body = req.body as z.infer<typeof seedsBody>
      const seeds = await db.transaction((tx) =>
        addSeeds(tx, access, {
          values: body.seeds,
          ...(body.note !== undefined ? { note: body.note } : {}),
          ...(body.tlp ? { tlp: body.tlp } : {}),
        }),
      )
      return reply.status(201).send({ seeds })
    },
  )
  app.delete(
    '/v1/incidents/:incidentId/seeds/:seedId',
    {
      config: object,
      schema: { tags, summary: 'Remove a seed', params: js(idParams('incidentId', 'seedId')), querystring: NONE },
    },
    async (req, reply) => {
      const access = await incidentAccess(deps, req, incidentIdOf(req), 'incident.write')
      requireCollaborator(access)
      await db.transaction((tx) => deleteSeed(tx, access, (req.params as { seedId: string }).seedId))
      return reply.status(204).send()
    },
  )
  app.get(
    '/v1/incidents/:incidentId/figures',
    {
      config: object,
      schema: {
        tags,
        summary: 'Stolen, traced, held, at exchanges, frozen, recovered, dark: per asset',
        params,
        querystring: NONE,
      },
    },
    async (req) => incidentFigures(db, await incidentAccess(deps, req, incidentIdOf(req))),
  )
  app.get(
    '/v1/incidents/:incidentId/alerts',
    { config: object, schema: { tags, summary: 'Alerts: freezable funds found by traces', params, querystring: NONE } },
    async (req) => ({ alerts: await listAlerts(db, await incidentAccess(deps, req, incidentIdOf(req))) }),
  )
}
