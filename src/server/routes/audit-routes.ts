import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { SqlParam } from '../../store/postgres/sql-client.ts'
import { requireOwner } from '../db/incidents.ts'
import { id, idParams, js } from '../json-schema.ts'
import { principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { incidentAccess } from './incident-access.ts'

const auditQuery = z.strictObject({
  objectId: id().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  /** Entries with ids below this (paging back in time). */
  before: z.number().int().min(1).optional(),
})

const entryOf = (r: Record<string, unknown>) => ({
  id: Number(r.id),
  at: r.at,
  orgId: r.org_id,
  userId: r.user_id,
  keyId: r.key_id,
  action: r.action,
  objectType: r.object_type,
  objectId: r.object_id,
  incidentId: r.incident_id,
  before: typeof r.before === 'string' ? JSON.parse(r.before) : r.before,
  after: typeof r.after === 'string' ? JSON.parse(r.after) : r.after,
})

/** The audit log: an organisation's admins read what its members did, and what anyone did on its incidents. */
export function registerAuditRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const tags = ['audit']
  const page = (q: z.infer<typeof auditQuery>, where: string, params: SqlParam[]) => {
    if (q.objectId) {
      params.push(q.objectId)
      where += ` AND object_id = $${params.length}`
    }
    if (q.before) {
      params.push(q.before)
      where += ` AND id < $${params.length}`
    }
    params.push(q.limit ?? 100)
    return deps.db.query<Record<string, unknown>>(
      `SELECT * FROM audit_log WHERE ${where} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    )
  }
  app.get(
    '/v1/audit',
    {
      config: { tenancy: 'list' },
      schema: { tags, summary: "What the caller's organisation did (admin)", querystring: js(auditQuery) },
    },
    async (req) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'audit.read')
      const r = await page(req.query as z.infer<typeof auditQuery>, 'org_id = $1', [p.orgId])
      return { entries: r.rows.map(entryOf) }
    },
  )
  app.get(
    '/v1/incidents/:incidentId/audit',
    {
      config: { tenancy: 'object' },
      schema: {
        tags,
        summary: 'Everything anyone did on the incident (owner admin)',
        params: js(idParams('incidentId')),
        querystring: js(auditQuery),
      },
    },
    async (req) => {
      const access = await incidentAccess(deps, req, (req.params as { incidentId: string }).incidentId, 'audit.read')
      requireOwner(access)
      const r = await page(req.query as z.infer<typeof auditQuery>, 'incident_id = $1', [access.incident.id])
      return { entries: r.rows.map(entryOf) }
    },
  )
}
