import type { FastifyInstance } from 'fastify'
import type { RouteInfo } from './build-server.ts'
import { labelText } from './metrics.ts'
import type { ServerDeps } from './server-deps.ts'
import { authenticateRequest } from './web/request-auth.ts'

const NO_QUERY = { type: 'object', properties: {}, additionalProperties: false }

/** The one error shape, documented on every route (docs/server.md, "Errors"). */
const ERROR = {
  description: 'An error: a stable code, a message, details',
  type: 'object',
  required: ['code', 'message', 'details'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
  },
}

/**
 * The hooks every request passes: the route table (and a strict query schema by default), authentication by
 * API key or browser session on every non-public route, request metrics, and stopping trace jobs on close.
 */
export function installRequestHooks(app: FastifyInstance, deps: ServerDeps, routes: RouteInfo[]): void {
  const { metrics, runner } = deps
  app.addHook('onRoute', (r) => {
    // A route that names no query parameters takes none: an unknown one is a 400, not silently ignored.
    if (!r.schema?.querystring) r.schema = { ...r.schema, querystring: NO_QUERY }
    r.schema = { ...r.schema, response: { '4xx': ERROR, '5xx': ERROR, ...(r.schema.response as object | undefined) } }
    const methods = Array.isArray(r.method) ? r.method : [r.method]
    for (const m of methods) if (m !== 'HEAD') routes.push({ method: m, url: r.url, tenancy: r.config?.tenancy })
  })
  app.addHook('onRequest', async (request) => {
    const tenancy = request.routeOptions.config.tenancy
    // Unknown routes (no tenancy) fall through to the 404 handler without asking for a key.
    // Session routes read the key, link or cookie themselves: signing in needs none yet.
    if (tenancy === undefined || tenancy === 'public' || tenancy === 'session') return
    request.principal = await authenticateRequest(deps, request)
  })
  // Label texts formatted once per (method, route, status): this hook runs on every request.
  const seriesText = new Map<string, [string, string]>()
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched'
    const key = `${request.method} ${route} ${reply.statusCode}`
    let texts = seriesText.get(key)
    if (!texts) {
      texts = [labelText({ method: request.method, route, status: String(reply.statusCode) }), labelText({ route })]
      if (seriesText.size < 10_000) seriesText.set(key, texts)
    }
    metrics.inc('dragnet_http_requests_total', texts[0])
    metrics.observe('dragnet_http_request_duration_seconds', reply.elapsedTime / 1000, texts[1])
  })
  app.addHook('onClose', async () => {
    await runner.stop()
  })
}
