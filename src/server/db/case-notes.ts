import { DragnetError } from '../../core/errors.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import { newId, nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import type { Tlp } from '../tlp.ts'
import {
  actorOf,
  type CaseSubject,
  defaultTlp,
  removeOwned,
  subjectColumns,
  subjectVisible,
  subjectWhere,
} from './case-subject.ts'

/** A note of case work on an incident or an address, owned by the organisation whose user wrote it. */
export interface CaseNote {
  id: string
  orgId: string
  tlp: Tlp
  incidentId: string | null
  chain: string | null
  address: string | null
  body: string
  createdBy: string
  createdAt: string
}

const noteOf = (r: Record<string, unknown>): CaseNote => ({
  id: r.id as string,
  orgId: r.org_id as string,
  tlp: r.tlp as Tlp,
  incidentId: (r.incident_id as string | null) ?? null,
  chain: (r.chain as string | null) ?? null,
  address: (r.address as string | null) ?? null,
  body: r.body as string,
  createdBy: r.created_by as string,
  createdAt: r.created_at as string,
})

/** Adds a note (audited); its marking defaults to the incident's, or AMBER on an address. */
export async function addNote(tx: SqlQuery, s: CaseSubject, input: { body: string; tlp?: Tlp }): Promise<CaseNote> {
  const p = actorOf(s)
  const note: CaseNote = {
    id: newId(),
    orgId: p.orgId,
    tlp: input.tlp ?? defaultTlp(s),
    ...subjectColumns(s),
    body: input.body,
    createdBy: p.userId,
    createdAt: nowIso(),
  }
  await tx.query('INSERT INTO case_notes VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
    note.id,
    note.orgId,
    note.tlp,
    note.incidentId,
    note.chain,
    note.address,
    note.body,
    note.createdBy,
    note.createdAt,
  ])
  await writeAudit(tx, p, {
    action: 'note.create',
    objectType: 'note',
    objectId: note.id,
    incidentId: note.incidentId,
    before: null,
    after: note,
  })
  return note
}

/** The subject's notes the caller may see, oldest first. */
export async function listNotes(db: SqlQuery, s: CaseSubject): Promise<CaseNote[]> {
  const w = subjectWhere(s)
  const r = await db.query<Record<string, unknown>>(
    `SELECT * FROM case_notes WHERE ${w.sql} ORDER BY created_at, id`,
    w.params,
  )
  return r.rows.map(noteOf).filter((n) => subjectVisible(s, n))
}

/** Removes a note of the caller's own organisation (audited); another's is 404 if hidden, 403 if visible. */
export async function deleteNote(tx: SqlQuery, s: CaseSubject, id: string): Promise<void> {
  const w = subjectWhere(s, 2)
  const r = await tx.query<Record<string, unknown>>(`SELECT * FROM case_notes WHERE id = $1 AND ${w.sql}`, [
    id,
    ...w.params,
  ])
  const row = r.rows[0]
  const note = row ? noteOf(row) : undefined
  if (!note || !subjectVisible(s, note)) throw new DragnetError('SERVER_NOT_FOUND', 'no such note', { details: { id } })
  await removeOwned(
    tx,
    s,
    { table: 'case_notes', kind: 'note', forbidden: 'only the organisation that wrote a note removes it' },
    note,
  )
}
