import type { FastifyRequest } from 'fastify'
import { type IncidentAccess, incidentFor } from '../db/incidents.ts'
import { type Permission, principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'

/** The incident named in the route, if the caller may see it, after checking the role grants `permission`. */
export async function incidentAccess(
  deps: ServerDeps,
  req: FastifyRequest,
  incidentId: string,
  permission: Permission = 'read',
): Promise<IncidentAccess> {
  const p = principalOf(req.principal)
  // Visibility first: a caller who may not see the incident learns nothing, not even that its role falls short.
  const access = await incidentFor(deps.db, p, incidentId)
  requirePermission(p, permission)
  return access
}

/** The `incidentId` route parameter. */
export const incidentIdOf = (req: FastifyRequest): string => (req.params as { incidentId: string }).incidentId
