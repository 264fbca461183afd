import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { renderLetterHtml } from '../../cases/letters/letter-html.ts'
import { renderLetterPdf } from '../../cases/letters/letter-pdf.ts'
import { listFreezeRequests, transitionFreezeRequest, visibleFreezeRequest } from '../db/freeze-requests.ts'
import { requireCollaborator } from '../db/incidents.ts'
import { exportEvidence, exportLetter } from '../freeze-export.ts'
import { FREEZE_STATUSES } from '../freeze-status.ts'
import { amount, idParams, js } from '../json-schema.ts'
import type { ServerDeps } from '../server-deps.ts'
import { incidentAccess } from './incident-access.ts'

const patchBody = z.strictObject({
  status: z.enum(FREEZE_STATUSES),
  amount: amount().optional(),
  note: z.string().max(2000).nullable().optional(),
})
const NONE = js(z.strictObject({}))
const letterQuery = z.strictObject({ format: z.enum(['html', 'pdf']).optional() })

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
        summary:
          "Evidence package: the request (JSON), transactions (CSV), the letter (HTML, PDF), a manifest signed with the organisation's Ed25519 key",
        params: frParams,
        querystring: NONE,
      },
    },
    async (req) => exportEvidence(db, await incidentAccess(deps, req, ids(req).incidentId), ids(req).freezeRequestId),
  )
  app.get(
    '/v1/incidents/:incidentId/freeze-requests/:freezeRequestId/letter',
    {
      config,
      schema: {
        tags,
        summary: "The freeze request as a letter to the exchange's or issuer's compliance desk (format html or pdf)",
        params: frParams,
        querystring: js(letterQuery),
      },
    },
    async (req, reply) => {
      const format = (req.query as z.infer<typeof letterQuery>).format ?? 'html'
      const access = await incidentAccess(deps, req, ids(req).incidentId)
      const letter = await exportLetter(db, access, ids(req).freezeRequestId, format)
      const name = `freeze-request-${letter.reference}.${format}`
      void reply.header('content-disposition', `${format === 'pdf' ? 'attachment' : 'inline'}; filename="${name}"`)
      if (format === 'html') return reply.type('text/html; charset=utf-8').send(renderLetterHtml(letter))
      return reply.type('application/pdf').send(Buffer.from(await renderLetterPdf(letter)))
    },
  )
}
