import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { ALERT_KINDS } from '../../watch/alert-types.ts'
import { TRACE_ALERT_KIND } from '../alerts/alert-record.ts'
import type { AlertStreams } from '../alerts/alert-stream.ts'
import { checkIncidentFilter, listVisibleAlerts } from '../alerts/list-alerts.ts'
import { chainName, id, js } from '../json-schema.ts'
import { principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { authenticateRequest } from '../web/request-auth.ts'

export const ALERT_KIND = z.enum([...ALERT_KINDS, TRACE_ALERT_KIND])
export const ALERT_SEVERITY = z.enum(['low', 'medium', 'high', 'severe'])
const seq = () => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const filterFields = {
  incident: z.array(id()).max(100).optional(),
  kind: z.array(ALERT_KIND).max(10).optional(),
  minSeverity: ALERT_SEVERITY.optional(),
  chain: chainName().optional(),
}
const listQuery = z.strictObject({
  ...filterFields,
  afterSeq: seq().optional(),
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/)
    .optional(),
  retracted: z.boolean().optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
})
const streamQuery = z.strictObject({ ...filterFields, lastEventId: seq().optional() })

const filterOf = (q: {
  incident?: string[] | undefined
  kind?: string[] | undefined
  minSeverity?: string | undefined
  chain?: string | undefined
}) => ({
  ...(q.incident ? { incidents: q.incident } : {}),
  ...(q.kind ? { kinds: q.kind as z.infer<typeof ALERT_KIND>[] } : {}),
  ...(q.minSeverity ? { minSeverity: q.minSeverity as z.infer<typeof ALERT_SEVERITY> } : {}),
  ...(q.chain ? { chain: q.chain } : {}),
})

/** Last-Event-ID (the header a browser's EventSource sends on reconnecting) or ?lastEventId=. */
function lastEventIdOf(header: string | string[] | undefined, query: number | undefined): number | undefined {
  const h = Array.isArray(header) ? header[0] : header
  if (h === undefined || h === '') return query
  if (!/^\d{1,15}$/.test(h)) {
    throw new DragnetError('SERVER_INVALID_REQUEST', 'Last-Event-ID is not an event id of this stream', {
      details: { lastEventId: h.slice(0, 40) },
    })
  }
  return Number(h)
}

const STREAM_DESCRIPTION = `Server-Sent Events: one event per alert the caller's organisation may see, \`id\` its seq,
\`event: alert\`, \`data\` the alert as GET /v1/alerts gives it. Resumes after Last-Event-ID (or ?lastEventId=),
replaying what was missed; without it, alerts recorded from now on. Comments keep the connection alive.`

/** Alerts across the incidents the caller may see: a filtered list and a live stream. */
export function registerAlertRoutes(app: FastifyInstance, deps: ServerDeps, streams: AlertStreams): void {
  registerAlertList(app, deps)
  registerAlertStream(app, deps, streams)
}

const tags = ['alerts']

function registerAlertList(app: FastifyInstance, deps: ServerDeps): void {
  app.get(
    '/v1/alerts',
    {
      config: { tenancy: 'list' },
      schema: {
        tags,
        summary: 'Alerts the caller may see, by seq: filter by incident, kind, minimum severity, chain, seq, time',
        description:
          'Newest first unless order=asc; a page holds `limit` alerts and `nextCursor` continues it. ' +
          'retracted=false keeps live alerts only. Amounts are base units as decimal strings.',
        querystring: js(listQuery),
      },
    },
    async (req) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'read')
      const q = req.query as z.infer<typeof listQuery>
      return listVisibleAlerts(deps.db, p, {
        ...filterOf(q),
        ...(q.afterSeq !== undefined ? { afterSeq: q.afterSeq } : {}),
        ...(q.since ? { since: q.since } : {}),
        ...(q.retracted !== undefined ? { retracted: q.retracted } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        order: q.order ?? 'desc',
        limit: q.limit ?? 100,
      })
    },
  )
}

function registerAlertStream(app: FastifyInstance, deps: ServerDeps, streams: AlertStreams): void {
  app.get(
    '/v1/alerts/stream',
    {
      config: { tenancy: 'list' },
      schema: {
        tags,
        summary: 'Live alerts as Server-Sent Events, resumable with Last-Event-ID',
        description: STREAM_DESCRIPTION,
        querystring: js(streamQuery),
        headers: {
          type: 'object',
          properties: { 'last-event-id': { type: 'string', description: 'Resume after this event id (a seq)' } },
        },
        response: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: {} } } } },
      },
    },
    async (req, reply) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'read')
      const q = req.query as z.infer<typeof streamQuery>
      const lastEventId = lastEventIdOf(req.headers['last-event-id'], q.lastEventId)
      await checkIncidentFilter(deps.db, p, q.incident)
      await streams.serve(req, reply, {
        orgId: p.orgId,
        filter: filterOf(q),
        lastEventId,
        // The same check as the request's own, again: a revoked key or an ended browser session ends the stream.
        recheck: async () => {
          await authenticateRequest(deps, req)
        },
      })
    },
  )
}
