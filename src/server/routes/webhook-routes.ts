import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, webhookFor } from '../alerts/webhooks-db.ts'
import { id, idParams, js } from '../json-schema.ts'
import { principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { ALERT_KIND, ALERT_SEVERITY } from './alert-routes.ts'

const createBody = z.strictObject({
  // Checked by checkWebhookUrl, so a malformed URL answers WEBHOOK_URL_INVALID rather than a schema error.
  url: z.string().min(1).max(2000),
  description: z.string().max(500).optional(),
  incidents: z.array(id()).max(100).optional(),
  kinds: z.array(ALERT_KIND).max(10).optional(),
  minSeverity: ALERT_SEVERITY.optional(),
})
const deliveriesQuery = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']).optional(),
  limit: z.number().int().min(1).max(500).optional(),
})
const NONE = js(z.strictObject({}))

const CREATE_DESCRIPTION = `Alerts the organisation may see, matching the filter, are POSTed to the URL per the
Standard Webhooks convention (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of
id.timestamp.body>) with the body {type, timestamp, data: the alert}. A try that gets no 2xx is retried with
backoff under the same webhook-id; 410 Gone stops. The secret (whsec_...) is in this answer only.`

/** Webhooks of the caller's organisation: register, list, remove, and every delivery with its tries. */
export function registerWebhookRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['webhooks']
  const params = js(idParams('webhookId'))
  const hookId = (req: { params: unknown }) => (req.params as { webhookId: string }).webhookId

  app.post(
    '/v1/webhooks',
    {
      config: { tenancy: 'own' },
      schema: {
        tags,
        summary: 'Register a webhook for alerts; the signing secret is returned once',
        description: CREATE_DESCRIPTION,
        body: js(createBody),
        querystring: NONE,
      },
    },
    async (req, reply) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'webhooks.manage')
      const hook = await db.transaction((tx) => createWebhook(tx, p, req.body as z.infer<typeof createBody>))
      return reply.status(201).send(hook)
    },
  )
  app.get(
    '/v1/webhooks',
    { config: { tenancy: 'list' }, schema: { tags, summary: "The organisation's webhooks", querystring: NONE } },
    async (req) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'webhooks.manage')
      return { webhooks: await listWebhooks(db, p) }
    },
  )
  app.delete(
    '/v1/webhooks/:webhookId',
    {
      config: { tenancy: 'object' },
      schema: { tags, summary: 'Remove a webhook; its pending deliveries are cancelled', params, querystring: NONE },
    },
    async (req, reply) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'webhooks.manage')
      await db.transaction((tx) => deleteWebhook(tx, p, hookId(req)))
      return reply.status(204).send()
    },
  )
  app.get(
    '/v1/webhooks/:webhookId/deliveries',
    {
      config: { tenancy: 'object' },
      schema: {
        tags,
        summary: "A webhook's deliveries, newest first, each try with its status, error and time",
        params,
        querystring: js(deliveriesQuery),
      },
    },
    async (req) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'webhooks.manage')
      const hook = await webhookFor(db, p, hookId(req))
      const q = req.query as z.infer<typeof deliveriesQuery>
      return {
        deliveries: await listDeliveries(db, hook, {
          limit: q.limit ?? 100,
          ...(q.status ? { status: q.status } : {}),
        }),
      }
    },
  )
}
