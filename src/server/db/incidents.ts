import { DragnetError } from '../../core/errors.ts'
import type { SqlParam, SqlQuery } from '../../store/postgres/sql-client.ts'
import { newId, nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import type { Principal } from '../permissions.ts'
import { type Tlp, tlpAllows, tlpForbidsSharing } from '../tlp.ts'

export const INCIDENT_STATUSES = ['open', 'contained', 'closed'] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

export interface Incident {
  id: string
  orgId: string
  title: string
  description: string
  status: IncidentStatus
  tlp: Tlp
  chain: string
  occurredAt: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
  /** Organisations the incident is shared with by name; shown to its owner only. */
  sharedWith: string[]
}

/** An incident as one organisation may see it, with the organisations that form its audience. */
export interface IncidentAccess {
  incident: Incident
  /** The owner plus the organisations the incident is shared with. */
  audience: ReadonlySet<string>
  principal: Principal
}

const incidentOf = (r: Record<string, unknown>, shares: string[]): Incident => ({
  id: r.id as string,
  orgId: r.org_id as string,
  title: r.title as string,
  description: r.description as string,
  status: r.status as IncidentStatus,
  tlp: r.tlp as Tlp,
  chain: r.chain as string,
  occurredAt: (r.occurred_at as string | null) ?? null,
  createdBy: r.created_by as string,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  sharedWith: shares,
})

/** What a caller sees of an incident: the share list only when the caller owns it. */
export function incidentView(access: IncidentAccess): Incident {
  const own = access.incident.orgId === access.principal.orgId
  return own ? access.incident : { ...access.incident, sharedWith: [] }
}

/** SQL that keeps the incidents organisation $1 may see (docs/server.md, "TLP"). */
export const VISIBLE_INCIDENT = `(i.org_id = $1 OR i.tlp IN ('CLEAR', 'GREEN') OR (i.tlp IN ('AMBER', 'RED')
  AND EXISTS (SELECT 1 FROM incident_shares s WHERE s.incident_id = i.id AND s.org_id = $1)))`

async function sharesOf(db: SqlQuery, id: string): Promise<string[]> {
  const r = await db.query<{ org_id: string }>(
    'SELECT org_id FROM incident_shares WHERE incident_id = $1 ORDER BY org_id',
    [id],
  )
  return r.rows.map((row) => row.org_id)
}

/**
 * The incident if the caller's organisation may see it; SERVER_NOT_FOUND otherwise, exactly as for an id that
 * does not exist, so nobody learns that an incident they may not see exists.
 */
export async function incidentFor(db: SqlQuery, principal: Principal, id: string): Promise<IncidentAccess> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM incidents WHERE id = $1', [id])
  const row = r.rows[0]
  const notFound = new DragnetError('SERVER_NOT_FOUND', 'no such incident', { details: { id } })
  if (!row) throw notFound
  const shares = await sharesOf(db, id)
  const incident = incidentOf(row, shares)
  const audience = new Set([incident.orgId, ...shares])
  if (!tlpAllows(incident.tlp, incident.orgId, principal.orgId, audience)) throw notFound
  return { incident, audience, principal }
}

/** Writes to an incident's work (seeds, traces, freeze requests) are for its owner and the organisations it is shared with. */
export function requireCollaborator(access: IncidentAccess): void {
  if (access.audience.has(access.principal.orgId)) return
  throw new DragnetError(
    'AUTH_FORBIDDEN',
    'only the owner and the organisations it is shared with work on an incident',
    {
      details: { incidentId: access.incident.id },
    },
  )
}

/** Changes to the incident itself (title, status, marking, sharing) are for its owner. */
export function requireOwner(access: IncidentAccess): void {
  if (access.incident.orgId === access.principal.orgId) return
  throw new DragnetError('AUTH_FORBIDDEN', 'only the owning organisation changes an incident', {
    details: { incidentId: access.incident.id },
  })
}

/** Whether the caller may see one object of the incident (its own marking and owner apply too). */
export function childVisible(access: IncidentAccess, child: { orgId: string; tlp: Tlp }): boolean {
  return tlpAllows(child.tlp, child.orgId, access.principal.orgId, access.audience)
}

export interface IncidentInput {
  title: string
  description?: string | undefined
  status?: IncidentStatus | undefined
  tlp: Tlp
  chain: string
  occurredAt?: string | null | undefined
}

export async function createIncident(tx: SqlQuery, actor: Principal, input: IncidentInput): Promise<Incident> {
  const now = nowIso()
  const incident: Incident = {
    id: newId(),
    orgId: actor.orgId,
    title: input.title,
    description: input.description ?? '',
    status: input.status ?? 'open',
    tlp: input.tlp,
    chain: input.chain,
    occurredAt: input.occurredAt ?? null,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
    sharedWith: [],
  }
  await tx.query('INSERT INTO incidents VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', [
    incident.id,
    incident.orgId,
    incident.title,
    incident.description,
    incident.status,
    incident.tlp,
    incident.chain,
    incident.occurredAt,
    incident.createdBy,
    incident.createdAt,
    incident.updatedAt,
  ])
  await writeAudit(tx, actor, {
    action: 'incident.create',
    objectType: 'incident',
    objectId: incident.id,
    incidentId: incident.id,
    before: null,
    after: incident,
  })
  return incident
}

export async function updateIncident(
  tx: SqlQuery,
  access: IncidentAccess,
  patch: { [K in keyof Omit<IncidentInput, 'chain'>]?: IncidentInput[K] | undefined },
): Promise<Incident> {
  const before = access.incident
  const after: Incident = {
    ...before,
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.tlp !== undefined ? { tlp: patch.tlp } : {}),
    ...(patch.occurredAt !== undefined ? { occurredAt: patch.occurredAt } : {}),
    updatedAt: nowIso(),
  }
  if (tlpForbidsSharing(after.tlp) && before.sharedWith.length > 0) {
    throw new DragnetError('TENANCY_SHARING_FORBIDDEN', `an incident shared with others cannot become ${after.tlp}`, {
      details: { tlp: after.tlp, sharedWith: before.sharedWith.length },
    })
  }
  await tx.query(
    `UPDATE incidents SET title = $2, description = $3, status = $4, tlp = $5, occurred_at = $6, updated_at = $7
     WHERE id = $1`,
    [after.id, after.title, after.description, after.status, after.tlp, after.occurredAt, after.updatedAt],
  )
  await writeAudit(tx, access.principal, {
    action: 'incident.update',
    objectType: 'incident',
    objectId: after.id,
    incidentId: after.id,
    before,
    after,
  })
  return after
}

/** Replaces the organisations an incident is shared with; every one must exist. */
export async function setShares(tx: SqlQuery, access: IncidentAccess, orgIds: readonly string[]): Promise<Incident> {
  const before = access.incident
  const wanted = [...new Set(orgIds)].filter((id) => id !== before.orgId).sort()
  if (wanted.length > 0 && tlpForbidsSharing(before.tlp)) {
    throw new DragnetError('TENANCY_SHARING_FORBIDDEN', `an incident marked ${before.tlp} is not shared`, {
      details: { tlp: before.tlp },
    })
  }
  if (wanted.length > 0) {
    const r = await tx.query<{ id: string }>('SELECT id FROM organisations WHERE id = ANY($1::TEXT[])', [wanted])
    const found = new Set(r.rows.map((row) => row.id))
    const missing = wanted.filter((id) => !found.has(id))
    if (missing.length > 0) {
      throw new DragnetError('SERVER_INVALID_REQUEST', 'unknown organisation', { details: { organisations: missing } })
    }
  }
  await tx.query('DELETE FROM incident_shares WHERE incident_id = $1', [before.id])
  const now = nowIso()
  for (const orgId of wanted) {
    await tx.query('INSERT INTO incident_shares VALUES ($1, $2, $3)', [before.id, orgId, now])
  }
  const after = { ...before, sharedWith: wanted }
  await writeAudit(tx, access.principal, {
    action: 'incident.share',
    objectType: 'incident',
    objectId: before.id,
    incidentId: before.id,
    before: { sharedWith: before.sharedWith },
    after: { sharedWith: wanted },
  })
  return after
}

export interface IncidentFilter {
  status?: IncidentStatus
  tlp?: Tlp
  /** Words that must appear in the title or description (case-insensitive). */
  q?: string
  limit: number
  offset: number
}

/** The incidents the caller's organisation may see, newest first. */
export async function listIncidents(db: SqlQuery, principal: Principal, f: IncidentFilter): Promise<Incident[]> {
  const params: SqlParam[] = [principal.orgId]
  const where = [VISIBLE_INCIDENT]
  if (f.status) {
    params.push(f.status)
    where.push(`i.status = $${params.length}`)
  }
  if (f.tlp) {
    params.push(f.tlp)
    where.push(`i.tlp = $${params.length}`)
  }
  if (f.q) {
    params.push(`%${f.q.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_')}%`)
    where.push(`(i.title ILIKE $${params.length} OR i.description ILIKE $${params.length})`)
  }
  params.push(f.limit, f.offset)
  const r = await db.query<Record<string, unknown>>(
    `SELECT i.* FROM incidents i WHERE ${where.join(' AND ')} ORDER BY i.created_at DESC, i.id
     LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  )
  const out: Incident[] = []
  for (const row of r.rows) {
    const own = row.org_id === principal.orgId
    out.push(incidentOf(row, own ? await sharesOf(db, row.id as string) : []))
  }
  return out
}
