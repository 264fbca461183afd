import { DragnetError } from '../core/errors.ts'

export const ROLES = ['admin', 'investigator', 'analyst', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export type Permission =
  | 'screen'
  | 'read'
  | 'incident.write'
  | 'trace.run'
  | 'freeze.write'
  | 'evidence.export'
  | 'audit.read'
  | 'org.admin'
  /** Register and remove webhooks, read their deliveries: alerts leave the server to the URL given. */
  | 'webhooks.manage'
  /** Check job applicants against the red flags and scan coding-test repositories (investigators' work). */
  | 'hire.check'

/** What each role may do, within the objects its organisation may see (docs/server.md, "Roles"). */
export const PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set([
    'screen',
    'read',
    'incident.write',
    'trace.run',
    'freeze.write',
    'evidence.export',
    'audit.read',
    'org.admin',
    'webhooks.manage',
    'hire.check',
  ]),
  investigator: new Set([
    'screen',
    'read',
    'incident.write',
    'trace.run',
    'freeze.write',
    'evidence.export',
    'hire.check',
  ]),
  analyst: new Set(['screen', 'read', 'trace.run', 'evidence.export']),
  viewer: new Set(['screen', 'read']),
}

/** Who is calling: resolved from the API key on every request. */
export interface Principal {
  orgId: string
  orgName: string
  /** Members of a platform organisation's admin role may create organisations and manage any organisation. */
  platform: boolean
  userId: string
  role: Role
  keyId: string
}

/** Throws AUTH_FORBIDDEN unless the principal's role grants `permission`. */
export function requirePermission(principal: Principal, permission: Permission): void {
  if (!PERMISSIONS[principal.role].has(permission)) {
    throw new DragnetError('AUTH_FORBIDDEN', `role ${principal.role} may not ${permission}`, {
      details: { role: principal.role, permission },
    })
  }
}

/** A platform admin acts on any organisation; an organisation's admin only on its own. */
export function requireOrgAdmin(principal: Principal, orgId: string): void {
  requirePermission(principal, 'org.admin')
  if (principal.platform || principal.orgId === orgId) return
  throw new DragnetError('TENANCY_CROSS_ORGANISATION', 'an organisation admin manages only its own organisation', {
    details: { orgId },
  })
}

/** The caller of an authenticated route; AUTH_REQUIRED if the route was reached without a key. */
export function principalOf(p: Principal | null): Principal {
  if (!p) throw new DragnetError('AUTH_REQUIRED', 'an API key is required')
  return p
}
