import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { MAX_HOPS } from '../../trace/trace-request.ts'
import { TAINT_MODELS } from '../../trace/trace-types.ts'
import { deleteIncidentWatch, incidentWatch, setIncidentWatch } from '../db/incident-watches.ts'
import { requireCollaborator } from '../db/incidents.ts'
import { idParams, js } from '../json-schema.ts'
import type { ServerDeps } from '../server-deps.ts'
import { incidentAccess, incidentIdOf } from './incident-access.ts'

const watchBody = z.strictObject({
  model: z.enum(TAINT_MODELS as [string, ...string[]]).optional(),
  hops: z.number().int().min(1).max(MAX_HOPS).optional(),
  fromBlock: z
    .string()
    .regex(/^\d{1,19}$/)
    .nullable()
    .optional(),
})
const NONE = js(z.strictObject({}))

/**
 * Marking an incident for watching: `serve --watch` (and `dragnet watch --server-db`) carries the taint of its
 * seeds forward block by block under the model given, and raises its alerts. Marking needs trace.run and a place
 * in the incident's audience, as running a trace does.
 */
export function registerWatchRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['incidents']
  const object = { tenancy: 'object' as const }
  const params = js(idParams('incidentId'))

  app.put(
    '/v1/incidents/:incidentId/watch',
    {
      config: object,
      schema: {
        tags,
        summary: 'Watch the incident: carry its taint forward as blocks arrive (model, hops, first block)',
        params,
        body: js(watchBody),
      },
    },
    async (req) => {
      const access = await incidentAccess(deps, req, incidentIdOf(req), 'trace.run')
      requireCollaborator(access)
      const body = req.body as z.infer<typeof watchBody>
      return db.transaction((tx) =>
        setIncidentWatch(tx, access, {
          model: (body.model ?? 'haircut') as (typeof TAINT_MODELS)[number],
          hops: body.hops ?? 10,
          fromBlock: body.fromBlock ?? null,
        }),
      )
    },
  )
  app.get(
    '/v1/incidents/:incidentId/watch',
    {
      config: object,
      schema: { tags, summary: 'How the incident is watched, and how far', params, querystring: NONE },
    },
    async (req) => {
      const w = await incidentWatch(db, await incidentAccess(deps, req, incidentIdOf(req)))
      if (!w)
        throw new DragnetError('SERVER_NOT_FOUND', 'the incident is not watched', {
          details: { id: incidentIdOf(req) },
        })
      return w
    },
  )
  app.delete(
    '/v1/incidents/:incidentId/watch',
    { config: object, schema: { tags, summary: 'Stop watching the incident', params } },
    async (req, reply) => {
      const access = await incidentAccess(deps, req, incidentIdOf(req), 'trace.run')
      requireCollaborator(access)
      await db.transaction((tx) => deleteIncidentWatch(tx, access))
      return reply.status(204).send()
    },
  )
}
