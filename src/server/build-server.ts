import swagger from '@fastify/swagger'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify'
import type { Context } from '../core/context.ts'
import type { Logger } from '../core/logger.ts'
import { DuckDbLabelStore } from '../labels/duckdb-label-store.ts'
import type { EndpointLabels } from '../labels/endpoint-labels.ts'
import type { LabelIndex } from '../labels/label-index.ts'
import type { LabelSourceInfo, LabelStore } from '../labels/label-store.ts'
import { RegistryEndpointLabels } from '../labels/registry-endpoint-labels.ts'
import { chainsOfIndex } from '../screen/chain-labels.ts'
import type { Policy } from '../screen/policy.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import type { TraceStore } from '../store/edges/trace-index.ts'
import type { SqlClient } from '../store/postgres/sql-client.ts'
import type { Store } from '../store/store.ts'
import { addProbableLayer } from '../trace/through-mixers/add-probable-layer.ts'
import { type AlertDeliveryOptions, registerAlertDelivery } from './alerts/alert-delivery.ts'
import { Authenticator } from './authenticator.ts'
import { migrateServerDb } from './db/server-migrations.ts'
import { errorBody, installErrorHandlers } from './error-handler.ts'
import { Lock } from './lock.ts'
import { Metrics } from './metrics.ts'
import { OPENAPI_OPTIONS } from './openapi-options.ts'
import type { Principal } from './permissions.ts'
import { refreshed } from './refreshed.ts'
import { installRequestHooks } from './request-hooks.ts'
import { registerAddressCaseRoutes } from './routes/address-case-routes.ts'
import { registerAddressLabelRoutes } from './routes/address-label-routes.ts'
import { registerAddressTransferRoutes } from './routes/address-transfer-routes.ts'
import { registerAuditRoutes } from './routes/audit-routes.ts'
import { registerExplainRoute } from './routes/explain-route.ts'
import { registerFreezeDraftRoute } from './routes/freeze-draft-route.ts'
import { registerFreezeRoutes } from './routes/freeze-routes.ts'
import { registerHireRoutes } from './routes/hire-routes.ts'
import { registerIncidentCaseRoutes } from './routes/incident-case-routes.ts'
import { registerIncidentRoutes } from './routes/incident-routes.ts'
import { registerOrganisationRoutes } from './routes/organisation-routes.ts'
import { registerScreenRoutes } from './routes/screen-routes.ts'
import { registerSeedAndFigureRoutes } from './routes/seed-figure-routes.ts'
import { registerSessionRoutes } from './routes/session-routes.ts'
import { registerShareRoutes } from './routes/share-routes.ts'
import { registerSystemRoutes } from './routes/system-routes.ts'
import { registerTraceRoutes } from './routes/trace-routes.ts'
import { registerUserKeyRoutes } from './routes/user-key-routes.ts'
import { registerWatchRoutes } from './routes/watch-routes.ts'
import type { ServerDeps, Tenancy } from './server-deps.ts'
import { registerTaxiiServer } from './taxii/taxii-server.ts'
import { type AddProbableLayer, TraceRunner } from './trace-runner.ts'
import { ServerWatcher, type ServerWatchOptions } from './watch/server-watcher.ts'
import { defaultWebRoot, serveApp } from './web/static-app.ts'

export interface ServerOptions {
  /** Server state: organisations, users, keys, incidents, traces, freeze requests, alerts, audit. */
  db: SqlClient
  /** Chain data for traces and exposure; without it traces fail with SERVER_NOT_READY and screening is direct only. */
  chainStore?: TraceStore
  /**
   * How long what the chain store holds (its chains, screening's edge sources) is kept before it is read again.
   * Undefined: while the server runs, for a DuckDB file only this process writes; a PostgreSQL chain store that
   * `ingest evm` writes while the server runs is read again after this many milliseconds.
   */
  chainRefreshMs?: number
  /** The label registry, indexed, for screening and (by default) for traces. */
  labels: LabelIndex
  /** The label sources `labels` was built from (source, list date, labels listed); default: none stated. */
  labelSources?: readonly LabelSourceInfo[]
  policy: Policy
  /** Labels a trace of `chain` stops at; default: the registry's labels. */
  labelsFor?: (chain: string) => EndpointLabels
  /** Overrides ctx.logger (the serve command passes one that redacts secrets). */
  logger?: Logger
  authCacheMs?: number
  defaultHops?: number
  bodyLimit?: number
  /** Alert streams and webhook dispatch: poll intervals, retry schedule (tests shorten them). */
  alertDelivery?: AlertDeliveryOptions
  /**
   * `serve --watch`: follow this node into `store` (the chain store itself) and carry the incidents marked for
   * watching forward as blocks arrive; stopped when the server closes.
   */
  watch?: { store: TraceStore & Store; options: ServerWatchOptions }
  /**
   * The built web app served at `/` (docs/server.md, "The web app"); default: web/dist beside the sources. Null
   * serves no app: every path outside the API answers the API's 404.
   */
  webRoot?: string | null
  /** Folders whose repositories `POST /v1/hire/scan` may scan by path; none by default (archives only). */
  hireScanRoots?: readonly string[]
  /** The label registry with its history, for the address page; default: a DuckDB chain store's own. */
  labelStore?: LabelStore
  /** How trace jobs asking for it (throughMixers) get the probable layer past mixer pools; default addProbableLayer. */
  addProbableLayer?: AddProbableLayer
}

/** A DuckDB chain store holds the label registry (with listing history) the server's labels came from. */
function duckDbLabelStoreOf(store: TraceStore | undefined): LabelStore | undefined {
  const s = store as { kind?: unknown; connection?: DuckDbStore['connection'] } | undefined
  return s?.kind === 'duckdb' && s.connection ? new DuckDbLabelStore(s.connection) : undefined
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
    dragnet: { routes: RouteInfo[]; runner: TraceRunner; metrics: Metrics; watcher: ServerWatcher | undefined }
  }
}

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
    addProbableLayer: options.addProbableLayer ?? addProbableLayer,
  })
  // A DuckDB chain store is this process's alone while it serves, so what it holds is read once; a shared
  // PostgreSQL one is read again after chainRefreshMs.
  const knownChains = refreshed(options.chainRefreshMs, () =>
    chainLock.run(async () => ({
      data: options.chainStore ? await options.chainStore.chainsWithData() : [],
      labelled: chainsOfIndex(options.labels),
    })),
  )
  const deps: ServerDeps = {
    db: options.db,
    chainStore: options.chainStore,
    chainLock,
    labels: options.labels,
    labelSources: options.labelSources ?? [],
    knownChains,
    chainRefreshMs: options.chainRefreshMs,
    policy: options.policy,
    auth: new Authenticator(options.db, options.authCacheMs ?? 5000),
    runner,
    metrics,
    logger,
    defaultHops: options.defaultHops ?? 2,
  }
  const routes: RouteInfo[] = []
  const watcher = options.watch
    ? new ServerWatcher(
        { db: options.db, chainStore: options.watch.store, chainLock, labelsFor, logger, metrics },
        options.watch.options,
      )
    : undefined
  app.decorate('dragnet', { routes, runner, metrics, watcher })
  app.decorateRequest('principal', null)
  app.decorateRequest('webSession', null)
  app.setReplySerializer(stringify)
  // TAXII answers in its own media type and error format, with Basic auth: it sits before the /v1 hooks.
  await registerTaxiiServer(app, deps)
  const webRoot = options.webRoot === undefined ? defaultWebRoot() : options.webRoot
  installErrorHandlers(app, webRoot === null ? undefined : (request, reply) => serveApp(webRoot, request, reply))
  installRequestHooks(app, deps, routes)
  await app.register(swagger, OPENAPI_OPTIONS)
  registerSystemRoutes(app, deps)
  registerSessionRoutes(app, deps)
  registerOrganisationRoutes(app, deps)
  registerUserKeyRoutes(app, deps)
  registerScreenRoutes(app, deps)
  registerIncidentRoutes(app, deps)
  registerSeedAndFigureRoutes(app, deps)
  registerTraceRoutes(app, deps)
  registerExplainRoute(app, deps)
  registerFreezeDraftRoute(app, deps)
  registerFreezeRoutes(app, deps)
  registerIncidentCaseRoutes(app, deps)
  registerAddressCaseRoutes(app, deps)
  registerAddressTransferRoutes(app, deps)
  registerAddressLabelRoutes(app, deps, options.labelStore ?? duckDbLabelStoreOf(options.chainStore))
  registerAuditRoutes(app, deps)
  registerHireRoutes(app, deps, options.hireScanRoots ? { scanRoots: options.hireScanRoots } : {})
  registerAlertDelivery(app, deps, options.alertDelivery)
  registerWatchRoutes(app, deps)
  registerShareRoutes(app, deps)
  if (watcher) app.addHook('onClose', () => watcher.stop())
  await app.ready()
  await runner.resume()
  watcher?.start()
  return app
}
