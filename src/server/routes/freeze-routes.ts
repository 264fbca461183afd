import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import type { TraceResult } from '../../trace/trace-types.ts'
import { nowIso } from '../api-keys.ts'
import {
  draftFromTrace,
  listFreezeRequests,
  transitionFreezeRequest,
  visibleFreezeRequest,
} from '../db/freeze-requests.ts'
import { requireCollaborator } from '../db/incidents.ts'
import { traceResultText, visibleTraceJob } from '../db/trace-jobs.ts'
import { evidencePackage } from '../evidence-package.ts'
import { FREEZE_STATUSES } from '../freeze-status.ts'
import { amount, idParams, js, TLP } from '../json-schema.ts'
import { requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { tlpAllowsExport } from '../tlp.ts'
import { incidentAccess } from './incident-routes.ts'

const draftBody = z.strictObject({
  addresses: z
    .array(z.string().regex(/^0x[0-9a-fA-F]{40}$/))
    .min(1)
    .max(1000)
    .optional(),
  tlp: TLP.optional(),
})
const patchBody = z.strictObject({
  status: z.enum(FREEZE_STATUSES),
  amount: amount().optional(),
  note: z.string().max(2000).nullable().optional(),
})
const NONE = js(z.strictObject({}))

/** Freeze requests: drafted from a trace's freezable endpoints, moved along their status machine, exported as evidence. */
export function registerFreezeRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['freeze requests']
  const config = { tenancy: 'object' as const }
  const ids = (req: FastifyRequest) => req.params as { incidentId: string; traceId: string; freezeRequestId: string }
  const frParams = js(idParams('incidentId', 'freezeRequestId'))

  app.post(
    '/v1/incidents/:incidentId/traces/:traceId/freeze-requests',
    {
      config,
      schema: {
        tags,
        summary: 'Draft freeze requests for the freezable endpoints of a finished trace (all, or those at addresses)',
        params: js(idParams('incidentId', 'traceId')),
        body: js(draftBody),
      },
    },
    async (req, reply) => {
      const access = await incidentAccess(deps, req, ids(req).incidentId, 'freeze.write')
      requireCollaborator(access)
      const job = await visibleTraceJob(db, access, ids(req).traceId)
      const text = job.status === 'done' ? await traceResultText(db, job.id) : null
      if (text === null)
        throw new DragnetError('SERVER_CONFLICT', `the trace is ${job.status}, not done`, {
          details: { status: job.status },
        })
      const result = JSON.parse(text) as TraceResult
      const body = req.body as z.infer<typeof draftBody>
      const drafted = await db.transaction((tx) =>
        draftFromTrace(tx, access, job, result, {
          tlp: body.tlp ?? job.tlp,
          ...(body.addresses ? { addresses: body.addresses } : {}),
        }),
      )
      return reply.status(201).send({ freezeRequests: drafted })
    },
  )
  app.get(
    '/v1/incidents/:incidentId/freeze-requests',
    {
      config,
      schema: {
        tags,
        summary: "The incident's freeze requests",
        params: js(idParams('incidentId')),
        querystring: NONE,
      },
    },
    async (req) => ({
      freezeRequests: await listFreezeRequests(db, await incidentAccess(deps, req, ids(req).incidentId)),
    }),
  )
  app.get(
    '/v1/incidents/:incidentId/freeze-requests/:freezeRequestId',
    {
      config,
      schema: {
        tags,
        summary: 'One freeze request with its evidence and history',
        params: frParams,
        querystring: NONE,
      },
    },
    async (req) =>
      visibleFreezeRequest(db, await incidentAccess(deps, req, ids(req).incidentId), ids(req).freezeRequestId),
  )
  app.patch(
    '/v1/incidents/:incidentId/freeze-requests/:freezeRequestId',
    {
      config,
      schema: {
        tags,
        summary: 'Move along drafted → sent → acknowledged → frozen | declined → released | recovered (409 otherwise)',
        params: frParams,
        body: js(patchBody),
      },
    },
    async (req) => {
      const access = await incidentAccess(deps, req, ids(req).incidentId, 'freeze.write')
      requireCollaborator(access)
      const body = req.body as z.infer<typeof patchBody>
      return db.transaction(async (tx) => {
        const before = await visibleFreezeRequest(tx, access, ids(req).freezeRequestId)
        return transitionFreezeRequest(tx, access, before, {
          status: body.status,
          ...(body.amount !== undefined ? { amount: body.amount } : {}),
          ...(body.note !== undefined ? { note: body.note } : {}),
        })
      })
    },
  )
  app.get(
    '/v1/incidents/:incidentId/freeze-requests/:freezeRequestId/evidence',
    {
      config,
      schema: {
        tags,
        summary: 'Evidence package: the request as JSON, its transactions as CSV, a SHA-256 manifest',
        params: frParams,
        querystring: NONE,
      },
    },
    async (req) => {
      const access = await incidentAccess(deps, req, ids(req).incidentId)
      requirePermission(access.principal, 'evidence.export')
      const fr = await visibleFreezeRequest(db, access, ids(req).freezeRequestId)
      if (!tlpAllowsExport(access.incident.tlp, access.incident.orgId, access.principal.orgId)) {
        throw new DragnetError('AUTH_FORBIDDEN', 'a RED incident is exported by its owner only')
      }
      return evidencePackage(access.incident, fr, nowIso())
    },
  )
}
