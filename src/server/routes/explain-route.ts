import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { parseAddress } from '../../core/hex.ts'
import type { TraceResult } from '../../trace/trace-types.ts'
import { traceResultText, visibleTraceJob } from '../db/trace-jobs.ts'
import { idParams, js } from '../json-schema.ts'
import type { ServerDeps } from '../server-deps.ts'
import { explainView } from '../web/explain-view.ts'
import { parseStoredTrace } from '../web/stored-trace.ts'
import { incidentAccess } from './incident-access.ts'

// The address is checked after the trace is found visible, so a caller who may not see it learns nothing more.
const query = z.strictObject({
  address: z.string().min(1).max(200).optional(),
  asset: z
    .string()
    .regex(/^(native|0x[0-9a-fA-F]{40})$/)
    .optional(),
})

/** Finished results never change: the last few parsed are kept, as the app explains one node after another. */
const CACHED_RESULTS = 4

/**
 * The explanation of one address of a finished trace: the paths and transactions behind its figure as
 * `dragnet trace --explain` computes them, its endpoints, freeze windows and labels. Tenancy as the result's.
 */
export function registerExplainRoute(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const cache = new Map<string, TraceResult>()
  const resultOf = async (traceId: string): Promise<TraceResult> => {
    const hit = cache.get(traceId)
    if (hit) return hit
    const text = await traceResultText(db, traceId)
    if (text === null) throw new DragnetError('SERVER_CONFLICT', 'the trace has no result', { details: { traceId } })
    const result = parseStoredTrace(text)
    if (cache.size >= CACHED_RESULTS) cache.delete(cache.keys().next().value as string)
    cache.set(traceId, result)
    return result
  }

  app.get(
    '/v1/incidents/:incidentId/traces/:traceId/explain',
    {
      config: { tenancy: 'object' },
      schema: {
        tags: ['traces'],
        summary:
          'One address of a finished trace explained: the paths and transactions behind its figure (as --explain)',
        params: js(idParams('incidentId', 'traceId')),
        querystring: js(query),
      },
    },
    async (req) => {
      const { incidentId, traceId } = req.params as { incidentId: string; traceId: string }
      const job = await visibleTraceJob(db, await incidentAccess(deps, req, incidentId), traceId)
      const q = req.query as z.infer<typeof query>
      if (q.address === undefined) throw new DragnetError('SERVER_INVALID_REQUEST', 'address is required: ?address=0x…')
      const address = parseAddress(q.address).toLowerCase()
      if (job.status !== 'done') {
        throw new DragnetError('SERVER_CONFLICT', `the trace is ${job.status}, not done`, {
          details: { status: job.status, phase: job.phase },
        })
      }
      const result = await resultOf(job.id)
      const view = explainView({
        incidentId,
        traceId,
        result,
        address,
        asset: q.asset?.toLowerCase() ?? null,
        registryLabels: deps.labels.lookup(result.chain, address),
      })
      if (!view) {
        throw new DragnetError('TRACE_ADDRESS_NOT_REACHED', 'the trace did not reach this address', {
          details: { address, listedNodes: result.listed.nodes, nodesTotal: result.listed.nodesTotal },
        })
      }
      return view
    },
  )
}
