import type { FastifyInstance } from 'fastify'
import { registerAlertRoutes } from '../routes/alert-routes.ts'
import { registerWebhookRoutes } from '../routes/webhook-routes.ts'
import type { ServerDeps } from '../server-deps.ts'
import { AlertFeed } from './alert-feed.ts'
import { AlertStreams } from './alert-stream.ts'
import { type DispatchOptions, WebhookDispatcher } from './webhook-dispatcher.ts'

export interface AlertDeliveryOptions {
  /** How often the stream's feed looks for new alerts (default 300 ms). */
  streamPollMs?: number
  /** Keep-alive comments on open streams (default 15 s). */
  keepAliveMs?: number
  /** Webhook dispatch: poll interval, retry schedule, timeout. */
  webhooks?: DispatchOptions
  /** false: no webhook dispatcher in this process (the routes still work; another server delivers). */
  dispatch?: boolean
}

/**
 * Where alerts go: GET /v1/alerts, the SSE stream and webhooks. Registers the routes, starts the stream feed and
 * the webhook dispatcher when the server is ready, ends open streams when it begins to close (else close would
 * wait for them) and stops both after.
 */
export function registerAlertDelivery(app: FastifyInstance, deps: ServerDeps, o: AlertDeliveryOptions = {}): void {
  const feed = new AlertFeed(deps.db, o.streamPollMs ?? 300, deps.logger)
  const streams = new AlertStreams(feed, { keepAliveMs: o.keepAliveMs ?? 15_000, maxBufferedBytes: 4 * 1024 * 1024 })
  const dispatcher = o.dispatch === false ? undefined : new WebhookDispatcher(deps.db, deps.logger, o.webhooks)
  registerAlertRoutes(app, deps, streams)
  registerWebhookRoutes(app, deps)
  app.addHook('onReady', async () => {
    feed.start()
    dispatcher?.start()
  })
  app.addHook('preClose', async () => {
    streams.endAll()
  })
  app.addHook('onClose', async () => {
    await feed.stop()
    await dispatcher?.stop()
  })
}
