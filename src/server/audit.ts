import type { SqlQuery } from '../store/postgres/sql-client.ts'
import { nowIso } from './api-keys.ts'
import type { Principal } from './permissions.ts'

export interface AuditEntry {
  action: string
  objectType: string
  objectId: string
  /** The organisation the entry belongs to; defaults to the actor's. */
  orgId?: string
  incidentId?: string | null
  before: unknown
  after: unknown
}

/** Writes who did what, when, with the object before and after; called inside the write's own transaction. */
export async function writeAudit(tx: SqlQuery, actor: Principal | null, entry: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (at, org_id, user_id, key_id, action, object_type, object_id, incident_id, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::JSONB, $10::JSONB)`,
    [
      nowIso(),
      entry.orgId ?? actor?.orgId ?? 'system',
      actor?.userId ?? null,
      actor?.keyId ?? null,
      entry.action,
      entry.objectType,
      entry.objectId,
      entry.incidentId ?? null,
      entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  )
}
