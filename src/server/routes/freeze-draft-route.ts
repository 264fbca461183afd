import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import type { TraceResult } from '../../trace/trace-types.ts'
import { draftFromTrace } from '../db/freeze-requests.ts'
import { requireCollaborator } from '../db/incidents.ts'
import { traceResultText, visibleTraceJob } from '../db/trace-jobs.ts'
import { idParams, js, TLP } from '../json-schema.ts'
import type { ServerDeps } from '../server-deps.ts'
import { incidentAccess } from './incident-access.ts'

const draftBody = z.strictObject({
  addresses: z
    .array(z.string().regex(/^0x[0-9a-fA-F]{40}$/))
    .min(1)
    .max(1000)
    .optional(),
  tlp: TLP.optional(),
})

/** Freeze requests created from a finished trace, pre-filled from its freezable endpoints. */
export function registerFreezeDraftRoute(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['freeze requests']
  const config = { tenancy: 'object' as const }
  const ids = (req: FastifyRequest) => req.params as { incidentId: string; traceId: string }

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
}
