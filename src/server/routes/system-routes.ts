import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { labelBasis } from '../../screen/label-basis.ts'
import { js } from '../json-schema.ts'
import type { ServerDeps } from '../server-deps.ts'

const NONE = js(z.strictObject({}))

/** Liveness, readiness, Prometheus metrics and the OpenAPI document: no key needed. */
export function registerSystemRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const config = { tenancy: 'public' as const }
  app.get(
    '/health',
    { config, schema: { tags: ['system'], summary: 'The process answers', querystring: NONE } },
    async () => ({
      status: 'ok',
    }),
  )
  app.get(
    '/ready',
    {
      config,
      schema: {
        tags: ['system'],
        summary: 'The database answers and the server takes work; the label sources and list dates screening rests on',
        querystring: NONE,
      },
    },
    async () => {
      try {
        await deps.db.query('SELECT 1')
      } catch (cause) {
        throw new DragnetError('SERVER_NOT_READY', 'the database does not answer', { cause })
      }
      return {
        status: 'ready',
        chainStore: deps.chainStore !== undefined,
        labels: deps.labels.size,
        labelSources: labelBasis(deps.labelSources),
      }
    },
  )
  app.get(
    '/metrics',
    { config, schema: { tags: ['system'], summary: 'Prometheus metrics (text format)', querystring: NONE } },
    async (_request, reply) => {
      void reply.type('text/plain; version=0.0.4')
      return deps.metrics.render()
    },
  )
  app.get(
    '/openapi.json',
    { config, schema: { tags: ['system'], summary: 'This API as OpenAPI 3.1', hide: true, querystring: NONE } },
    async () => app.swagger(),
  )
}
