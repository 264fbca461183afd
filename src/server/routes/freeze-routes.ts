import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { nowIso } from '../api-keys.ts'
import { listFreezeRequests, transitionFreezeRequest, visibleFreezeRequest } from '../db/freeze-requests.ts'
import { requireCollaborator } from '../db/incidents.ts'
import { evidencePackage } from '../evidence-package.ts'
import { FREEZE_STATUSES } from '../freeze-status.ts'
import { amount, idParams, js } from '../json-schema.ts'
import { requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { tlpAllowsExport } from '../tlp.ts'
import { incidentAccess } from './incident-access.ts'

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
