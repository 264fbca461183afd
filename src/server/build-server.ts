import swagger from '@fastify/swagger'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify'
import type { Context } from '../core/context.ts'
import { DragnetError } from '../core/errors.ts'
import type { Logger } from '../core/logger.ts'
import type { LabelIndex } from '../labels/label-index.ts'
import { RegistryEndpointLabels } from '../labels/registry-endpoint-labels.ts'
import type { Policy } from '../screen/policy.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import type { SqlClient } from '../store/postgres/sql-client.ts'
import type { EndpointLabels } from '../trace/endpoint-labels.ts'
import { Authenticator } from './authenticator.ts'
import { migrateServerDb } from './db/server-migrations.ts'
import { errorBody, installErrorHandlers } from './error-handler.ts'
import { Lock } from './lock.ts'
import { labelText, Metrics } from './metrics.ts'
import type { Principal } from './permissions.ts'
import { registerAdminRoutes } from './routes/admin-routes.ts'
import { registerAuditRoutes } from './routes/audit-routes.ts'
import { registerFreezeRoutes } from './routes/freeze-routes.ts'
import { registerIncidentRoutes } from './routes/incident-routes.ts'
import { registerScreenRoutes } from './routes/screen-routes.ts'
import { registerSystemRoutes } from './routes/system-routes.ts'
import { registerTraceRoutes } from './routes/trace-routes.ts'
import type { ServerDeps, Tenancy } from './server-deps.ts'
import { TraceRunner } from './trace-runner.ts'

export interface ServerOptions {
  /** Server state: organisations, users, keys, incidents, traces, freeze requests, alerts, audit. */
  db: SqlClient
  /** Chain data for traces and exposure; without it traces fail with SERVER_NOT_READY and screening is direct only. */
  chainStore?: DuckDbStore
  /** The label registry, indexed, for screening and (by default) for traces. */
  labels: LabelIndex
  policy: Policy
  /** Labels a trace of `chain` stops at; default: the registry's labels. */
  labelsFor?: (chain: string) => EndpointLabels
  /** Overrides ctx.logger (the serve command passes one that redacts secrets). */
  logger?: Logger
  authCacheMs?: number
  defaultHops?: number
  bodyLimit?: number
}

export interface RouteInfo {
  method: string
  url: string
  tenancy: Tenancy | undefined
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyInstance {
    dragnet: { routes: RouteInfo[]; runner: TraceRunner; metrics: Metrics }
  }
}

const NO_QUERY = { type: 'object', properties: {}, additionalProperties: false }

const stringify = (payload: unknown): string => {
  try {
    return JSON.stringify(payload)
  } catch {
    // Only bigints make JSON.stringify throw here; the replacer costs a call per key, so it runs only then.
    return JSON.stringify(payload, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
  }
}

/**
 * The HTTP API as a Fastify instance: migrations applied, routes registered, background trace jobs resumed.
 * Nothing listens until the caller calls `listen`; `close` stops the jobs too.
 */
export async function buildServer(ctx: Context, options: ServerOptions): Promise<FastifyInstance> {
  await migrateServerDb(options.db)
  const logger = options.logger ?? ctx.logger
  const app = Fastify({
    // pino's Logger and Fastify's logger type differ only in typing; the instance is the same pino.
    loggerInstance: logger as unknown as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 256 },
    // Router errors (a malformed URL, a parameter over maxParamLength) answer in the API's error shape too.
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = errorBody(error)
      void (reply as FastifyReply).status(status).send(body)
    },
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  })
  const metrics = new Metrics()
  const chainLock = new Lock()
  const labelsFor = options.labelsFor ?? ((chain: string) => new RegistryEndpointLabels(options.labels, chain))
  const runner = new TraceRunner({
    db: options.db,
    chainStore: options.chainStore,
    chainLock,
    labelsFor,
    logger,
    metrics,
  })
  const deps: ServerDeps = {
    db: options.db,
    chainStore: options.chainStore,
    chainLock,
    labels: options.labels,
    policy: options.policy,
    auth: new Authenticator(options.db, options.authCacheMs ?? 5000),
    runner,
    metrics,
    logger,
    defaultHops: options.defaultHops ?? 2,
  }
  const routes: RouteInfo[] = []
  app.decorate('dragnet', { routes, runner, metrics })
  app.decorateRequest('principal', null)
  app.setReplySerializer(stringify)
  installErrorHandlers(app)
  app.addHook('onRoute', (r) => {
    // A route that names no query parameters takes none: an unknown one is a 400, not silently ignored.
    if (!r.schema?.querystring) r.schema = { ...r.schema, querystring: NO_QUERY }
    const methods = Array.isArray(r.method) ? r.method : [r.method]
    for (const m of methods) if (m !== 'HEAD') routes.push({ method: m, url: r.url, tenancy: r.config?.tenancy })
  })
  app.addHook('onRequest', async (request) => {
    const tenancy = request.routeOptions.config.tenancy
    // Unknown routes (no tenancy) fall through to the 404 handler without asking for a key.
    if (tenancy === undefined || tenancy === 'public') return
    request.principal = await deps.auth.authenticate(Authenticator.keyFrom(request.headers))
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
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dragnet API',
        version: '1',
        description:
          'Trace stolen funds, raise freeze requests, screen addresses; organisations, roles and TLP. See docs/server.md.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer dn_...' },
        },
      },
      security: [{ apiKey: [] }],
    },
  })
  registerSystemRoutes(app, deps)
  registerAdminRoutes(app, deps)
  registerScreenRoutes(app, deps)
  registerIncidentRoutes(app, deps)
  registerTraceRoutes(app, deps)
  registerFreezeRoutes(app, deps)
  registerAuditRoutes(app, deps)
  await app.ready()
  await runner.resume()
  return app
}

export { DragnetError }
