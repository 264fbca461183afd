import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { DEFAULT_MIN_CONFIDENCE, MIXER_RULES, type MixerRule } from '../../mixer/mixer-types.ts'
import { parseSeeds, validateRequest } from '../../trace/trace-request.ts'
import { listSeeds } from '../db/seeds.ts'
import {
  createTraceJob,
  listTraceJobs,
  type StoredTraceRequest,
  traceResultText,
  visibleTraceJob,
} from '../db/trace-jobs.ts'
import { amount, idParams, js, TLP } from '../json-schema.ts'
import type { ServerDeps } from '../server-deps.ts'
import { engineRequest } from '../trace-runner.ts'
import { incidentAccess } from './incident-access.ts'

const traceBody = z.strictObject({
  seeds: z.array(z.string().min(1).max(100)).min(1).max(1000).optional(),
  model: z.enum(['poison', 'haircut', 'fifo']).optional(),
  direction: z.enum(['forward', 'backward']).optional(),
  hops: z.number().int().min(1).max(100).optional(),
  minAmount: amount().optional(),
  maxAddresses: z.number().int().min(1).max(1_000_000).optional(),
  fromBlock: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  toBlock: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  asset: z
    .string()
    .regex(/^(native|0x[0-9a-fA-F]{40})$/)
    .optional(),
  tlp: TLP.optional(),
  throughMixers: z
    .boolean()
    .describe('Follow the taint past mixer pools into a probable layer, never part of the exact totals')
    .optional(),
  minConfidence: z
    .number()
    .gt(0)
    .max(1)
    .describe('The lowest confidence of a mixer link the probable layer follows (default 0.5)')
    .optional(),
  mixerRulesOff: z
    .array(z.enum(MIXER_RULES as [MixerRule, ...MixerRule[]]))
    .max(MIXER_RULES.length)
    .describe('Mixer rules switched off, by name; the others vote')
    .optional(),
})
const NONE = js(z.strictObject({}))

/** The request as stored with the job, defaults filled; the engine's own checks run on it before it is queued. */
function storedRequest(chain: string, body: z.infer<typeof traceBody>, values: readonly string[]): StoredTraceRequest {
  const seeds = parseSeeds(values)
  const stored: StoredTraceRequest = {
    chain,
    seedAddresses: seeds.addresses.map((a) => a.toLowerCase()),
    seedTxs: seeds.txs.map((h) => h.toLowerCase()),
    model: body.model ?? 'haircut',
    direction: body.direction ?? 'forward',
    asset: body.asset?.toLowerCase() ?? null,
    limits: {
      hops: body.hops ?? 10,
      minAmount: body.minAmount ?? '0',
      maxAddresses: body.maxAddresses ?? 100_000,
      fromBlock: body.fromBlock ?? null,
      toBlock: body.toBlock ?? null,
    },
    throughMixers: body.throughMixers ?? false,
    minConfidence: body.minConfidence ?? DEFAULT_MIN_CONFIDENCE,
    mixerRulesOff: [...new Set(body.mixerRulesOff ?? [])].sort(),
  }
  validateRequest(engineRequest(stored))
  // Past a pool the layer follows withdrawals onward; backward there is nothing of the kind to follow.
  if (stored.throughMixers && stored.direction !== 'forward') {
    throw new DragnetError('SERVER_INVALID_REQUEST', 'throughMixers applies to forward traces only', {
      details: { direction: stored.direction },
    })
  }
  return stored
}

/** Trace jobs: started on an incident, run in the background, their result the trace JSON (docs/trace-format.md). */
export function registerTraceRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['traces']
  const config = { tenancy: 'object' as const }
  const params = js(idParams('incidentId'))
  const traceParams = js(idParams('incidentId', 'traceId'))
  const ids = (req: FastifyRequest) => req.params as { incidentId: string; traceId: string }

  app.post(
    '/v1/incidents/:incidentId/traces',
    {
      config,
      schema: {
        tags,
        summary: "Start a trace of the incident's seeds (or those given): 202 and a job to poll",
        params,
        body: js(traceBody),
      },
    },
    async (req, reply) => {
      const access = await incidentAccess(deps, req, ids(req).incidentId, 'trace.run')
      const body = req.body as z.infer<typeof traceBody>
      const values = body.seeds ?? (await listSeeds(db, access)).map((s) => s.value)
      if (values.length === 0)
        throw new DragnetError('SERVER_INVALID_REQUEST', 'the incident has no seeds: add some or pass seeds')
      const stored = storedRequest(access.incident.chain, body, values)
      const job = await db.transaction((tx) => createTraceJob(tx, access, stored, body.tlp ?? access.incident.tlp))
      deps.runner.enqueue(job.id)
      void reply.header('location', `/v1/incidents/${job.incidentId}/traces/${job.id}`)
      return reply.status(202).send(job)
    },
  )
  app.get(
    '/v1/incidents/:incidentId/traces',
    { config, schema: { tags, summary: "The incident's trace jobs", params, querystring: NONE } },
    async (req) => ({
      traces: await listTraceJobs(db, await incidentAccess(deps, req, ids(req).incidentId)),
    }),
  )
  app.get(
    '/v1/incidents/:incidentId/traces/:traceId',
    {
      config,
      schema: {
        tags,
        summary: 'A trace job: status, phase, progress, summary',
        params: traceParams,
        querystring: NONE,
      },
    },
    async (req) => visibleTraceJob(db, await incidentAccess(deps, req, ids(req).incidentId), ids(req).traceId),
  )
  app.get(
    '/v1/incidents/:incidentId/traces/:traceId/result',
    {
      config,
      schema: {
        tags,
        summary: 'The trace JSON of a finished job (format dragnet.trace/1)',
        params: traceParams,
        querystring: NONE,
      },
    },
    async (req, reply) => {
      const job = await visibleTraceJob(db, await incidentAccess(deps, req, ids(req).incidentId), ids(req).traceId)
      if (job.status !== 'done') {
        throw new DragnetError('SERVER_CONFLICT', `the trace is ${job.status}, not done`, {
          details: { status: job.status, phase: job.phase },
        })
      }
      const text = await traceResultText(db, job.id)
      return reply.type('application/json; charset=utf-8').send(text)
    },
  )
}
