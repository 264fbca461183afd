import { DragnetError } from '../../core/errors.ts'
import { validateAddress } from '../../labels/chain-address.ts'
import type { SqlParam, SqlQuery } from '../../store/postgres/sql-client.ts'
import { writeAudit } from '../audit.ts'
import type { Principal } from '../permissions.ts'
import { type Tlp, tlpAllows } from '../tlp.ts'
import { childVisible, type IncidentAccess } from './incidents.ts'

/** What a note or attachment is about: an incident (its audience applies) or an address on a chain. */
export type CaseSubject =
  | { kind: 'incident'; access: IncidentAccess }
  | { kind: 'address'; chain: string; address: string; principal: Principal }

/** The principal acting on a subject. */
export const actorOf = (s: CaseSubject): Principal => (s.kind === 'incident' ? s.access.principal : s.principal)

/**
 * Whether the caller sees an object on the subject. Under an incident, as every child of it; on an address,
 * which has no audience, CLEAR and GREEN reach every organisation and the other markings only the owner.
 */
export function subjectVisible(s: CaseSubject, o: { orgId: string; tlp: Tlp }): boolean {
  if (s.kind === 'incident') return childVisible(s.access, o)
  return tlpAllows(o.tlp, o.orgId, s.principal.orgId, new Set([o.orgId]))
}

/** The WHERE clause (from parameter $`first`) selecting a subject's rows, with its parameters. */
export function subjectWhere(s: CaseSubject, first = 1): { sql: string; params: SqlParam[] } {
  if (s.kind === 'incident') return { sql: `incident_id = $${first}`, params: [s.access.incident.id] }
  return { sql: `chain = $${first} AND address = $${first + 1}`, params: [s.chain, s.address] }
}

/** The columns (incident_id, chain, address) a new row on the subject gets. */
export function subjectColumns(s: CaseSubject): {
  incidentId: string | null
  chain: string | null
  address: string | null
} {
  if (s.kind === 'incident') return { incidentId: s.access.incident.id, chain: null, address: null }
  return { incidentId: null, chain: s.chain, address: s.address }
}

/** The address as stored and as traces list it: validated for its chain, hex lowercased. */
export function caseAddress(chain: string, address: string): string {
  const a = validateAddress(chain, address)
  return /^0x[0-9a-fA-F]+$/.test(a) ? a.toLowerCase() : a
}

/** The default marking of a new object: its incident's, or AMBER (the owner only) on an address. */
export const defaultTlp = (s: CaseSubject): Tlp => (s.kind === 'incident' ? s.access.incident.tlp : 'AMBER')

/**
 * Removes a note or attachment the caller already sees (audited with its record): only the organisation that
 * wrote it may, anyone else who sees it gets AUTH_FORBIDDEN.
 */
export async function removeOwned(
  tx: SqlQuery,
  s: CaseSubject,
  what: { table: 'case_notes' | 'case_attachments'; kind: 'note' | 'attachment'; forbidden: string },
  o: { id: string; orgId: string; incidentId: string | null },
): Promise<void> {
  const p = actorOf(s)
  if (o.orgId !== p.orgId) throw new DragnetError('AUTH_FORBIDDEN', what.forbidden, { details: { id: o.id } })
  await tx.query(`DELETE FROM ${what.table} WHERE id = $1`, [o.id])
  await writeAudit(tx, p, {
    action: `${what.kind}.delete`,
    objectType: what.kind,
    objectId: o.id,
    incidentId: o.incidentId,
    before: o,
    after: null,
  })
}
