import { createHash } from 'node:crypto'
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

/** The largest attachment stored: screenshots, exchange replies, PDFs of reports; not whole disk images. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024

/** An attachment's record; its bytes are read apart (attachmentContent). */
export interface CaseAttachment {
  id: string
  orgId: string
  tlp: Tlp
  incidentId: string | null
  chain: string | null
  address: string | null
  name: string
  mediaType: string
  bytes: number
  /** SHA-256 of the content, hex: computed by the server when stored. */
  sha256: string
  note: string | null
  createdBy: string
  createdAt: string
}

const COLUMNS =
  'id, org_id, tlp, incident_id, chain, address, name, media_type, bytes, sha256, note, created_by, created_at'

const attachmentOf = (r: Record<string, unknown>): CaseAttachment => ({
  id: r.id as string,
  orgId: r.org_id as string,
  tlp: r.tlp as Tlp,
  incidentId: (r.incident_id as string | null) ?? null,
  chain: (r.chain as string | null) ?? null,
  address: (r.address as string | null) ?? null,
  name: r.name as string,
  mediaType: r.media_type as string,
  bytes: Number(r.bytes),
  sha256: r.sha256 as string,
  note: (r.note as string | null) ?? null,
  createdBy: r.created_by as string,
  createdAt: r.created_at as string,
})

export interface AttachmentInput {
  name: string
  mediaType?: string
  /** The file, base64. */
  content: string
  /** The sender's SHA-256 of the file: when given, the stored bytes must match it. */
  sha256?: string
  note?: string | null
  tlp?: Tlp
}

/** Decodes strict base64 (padding included, no whitespace); anything else is SERVER_INVALID_REQUEST. */
function decodeBase64(text: string): Buffer {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new DragnetError('SERVER_INVALID_REQUEST', 'content must be base64 (RFC 4648, padded, no line breaks)', {
      details: { field: 'content' },
    })
  }
  return Buffer.from(text, 'base64')
}

/** Stores an attachment after checking its size and, when the sender gave one, its hash (audited, without content). */
export async function addAttachment(tx: SqlQuery, s: CaseSubject, input: AttachmentInput): Promise<CaseAttachment> {
  const bytes = decodeBase64(input.content)
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new DragnetError('SERVER_PAYLOAD_TOO_LARGE', `an attachment holds at most ${MAX_ATTACHMENT_BYTES} bytes`, {
      details: { bytes: bytes.length, limit: MAX_ATTACHMENT_BYTES },
    })
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  if (input.sha256 !== undefined && input.sha256.toLowerCase() !== sha256) {
    throw new DragnetError('SERVER_INVALID_REQUEST', 'the content does not match the sha256 sent with it', {
      details: { expected: input.sha256.toLowerCase(), actual: sha256 },
    })
  }
  const p = actorOf(s)
  const a: CaseAttachment = {
    id: newId(),
    orgId: p.orgId,
    tlp: input.tlp ?? defaultTlp(s),
    ...subjectColumns(s),
    name: input.name,
    mediaType: input.mediaType ?? 'application/octet-stream',
    bytes: bytes.length,
    sha256,
    note: input.note ?? null,
    createdBy: p.userId,
    createdAt: nowIso(),
  }
  // Both drivers pass text alike; decode() turns it into bytea inside PostgreSQL.
  await tx.query(
    `INSERT INTO case_attachments (${COLUMNS}, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, decode($14, 'base64'))`,
    [
      a.id,
      a.orgId,
      a.tlp,
      a.incidentId,
      a.chain,
      a.address,
      a.name,
      a.mediaType,
      a.bytes,
      a.sha256,
      a.note,
      a.createdBy,
      a.createdAt,
      input.content,
    ],
  )
  await writeAudit(tx, p, {
    action: 'attachment.create',
    objectType: 'attachment',
    objectId: a.id,
    incidentId: a.incidentId,
    before: null,
    after: a,
  })
  return a
}

/** The subject's attachments the caller may see, oldest first (records only). */
export async function listAttachments(db: SqlQuery, s: CaseSubject): Promise<CaseAttachment[]> {
  const w = subjectWhere(s)
  const r = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM case_attachments WHERE ${w.sql} ORDER BY created_at, id`,
    w.params,
  )
  return r.rows.map(attachmentOf).filter((a) => subjectVisible(s, a))
}

/** One attachment the caller may see, or SERVER_NOT_FOUND. */
export async function visibleAttachment(db: SqlQuery, s: CaseSubject, id: string): Promise<CaseAttachment> {
  const w = subjectWhere(s, 2)
  const r = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM case_attachments WHERE id = $1 AND ${w.sql}`,
    [id, ...w.params],
  )
  const row = r.rows[0]
  const a = row ? attachmentOf(row) : undefined
  if (!a || !subjectVisible(s, a)) throw new DragnetError('SERVER_NOT_FOUND', 'no such attachment', { details: { id } })
  return a
}

/** The stored bytes of an attachment the caller may see, checked against the hash recorded when it was stored. */
export async function attachmentContent(
  db: SqlQuery,
  s: CaseSubject,
  id: string,
): Promise<{ a: CaseAttachment; bytes: Buffer }> {
  const a = await visibleAttachment(db, s, id)
  const r = await db.query<{ b64: string }>(
    "SELECT encode(content, 'base64') AS b64 FROM case_attachments WHERE id = $1",
    [id],
  )
  const bytes = Buffer.from(r.rows[0]?.b64 ?? '', 'base64')
  if (createHash('sha256').update(bytes).digest('hex') !== a.sha256) {
    throw new DragnetError('STORE_ERROR', 'the stored attachment no longer matches its hash', { details: { id } })
  }
  return { a, bytes }
}

/** Removes an attachment of the caller's own organisation (audited, with its record). */
export async function deleteAttachment(tx: SqlQuery, s: CaseSubject, id: string): Promise<void> {
  const a = await visibleAttachment(tx, s, id)
  await removeOwned(
    tx,
    s,
    {
      table: 'case_attachments',
      kind: 'attachment',
      forbidden: 'only the organisation that attached a file removes it',
    },
    a,
  )
}
