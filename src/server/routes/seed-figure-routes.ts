import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { listAlerts } from '../db/alerts.ts'
import { requireCollaborator } from '../db/incidents.ts'
import { addSeeds, deleteSeed, listSeeds } from '../db/seeds.ts'
import { incidentFigures } from '../figures.ts'
import { idParams, js, TLP } from '../json-schema.ts'
import type { ServerDeps } from '../server-deps.ts'
import { figuresHistory } from '../web/figures-history.ts'
import { incidentAccess, incidentIdOf } from './incident-access.ts'

const seedsBody = z.strictObject({
  seeds: z.array(z.string().min(1).max(100)).min(1).max(1000),
  note: z.string().max(2000).nullable().optional(),
  tlp: TLP.optional(),
})
const NONE = js(z.strictObject({}))

/** An incident's seeds (the theft's addresses and transactions), its figures and its alerts. */
export function registerSeedAndFigureRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['incidents']
  const object = { tenancy: 'object' as const }
  const params = js(idParams('incidentId'))

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
    '/v1/incidents/:incidentId/figures/history',
    {
      config: object,
      schema: {
        tags,
        summary: 'The figures over time: per finished trace, per asset, with frozen and recovered as they stood then',
        params,
        querystring: NONE,
      },
    },
    async (req) => figuresHistory(db, await incidentAccess(deps, req, incidentIdOf(req))),
  )
  app.get(
    '/v1/incidents/:incidentId/alerts',
    {
      config: object,
      schema: { tags, summary: "The incident's alerts, raised by traces and by the watch", params, querystring: NONE },
    },
    async (req) => ({ alerts: await listAlerts(db, await incidentAccess(deps, req, incidentIdOf(req))) }),
  )
}
