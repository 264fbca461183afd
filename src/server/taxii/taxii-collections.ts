import { DragnetError } from '../../core/errors.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import { newId, nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import type { Principal } from '../permissions.ts'

/**
 * A TAXII collection. Without members it is its organisation's collection: every organisation of the server
 * reads it (TLP decides what each sees) and only the owner writes. With members it is a sharing group: only
 * the owner and the members read and write it, and its members are the audience of its AMBER objects.
 */
export interface Collection {
  id: string
  orgId: string
  title: string
  description: string
  members: string[]
  createdAt: string
}

async function membersOf(db: SqlQuery, id: string): Promise<string[]> {
  const r = await db.query<{ org_id: string }>(
    'SELECT org_id FROM taxii_collection_members WHERE collection_id = $1 ORDER BY org_id',
    [id],
  )
  return r.rows.map((x) => x.org_id)
}

const collectionOf = (r: Record<string, unknown>, members: string[]): Collection => ({
  id: r.id as string,
  orgId: r.org_id as string,
  title: r.title as string,
  description: r.description as string,
  members,
  createdAt: r.created_at as string,
})

export const canRead = (c: Collection, orgId: string) =>
  c.orgId === orgId || c.members.length === 0 || c.members.includes(orgId)
export const canWrite = (c: Collection, orgId: string) => c.orgId === orgId || c.members.includes(orgId)

/** Creates a collection for the caller's organisation; every member must exist. */
export async function createCollection(
  tx: SqlQuery,
  p: Principal,
  input: { title: string; description?: string | undefined; members?: readonly string[] | undefined },
): Promise<Collection> {
  const members = [...new Set(input.members ?? [])].filter((m) => m !== p.orgId).sort()
  if (members.length > 0) {
    const r = await tx.query<{ id: string }>('SELECT id FROM organisations WHERE id = ANY($1::TEXT[])', [members])
    const missing = members.filter((m) => !r.rows.some((x) => x.id === m))
    if (missing.length > 0)
      throw new DragnetError('SERVER_INVALID_REQUEST', 'unknown organisation', { details: { organisations: missing } })
  }
  const c: Collection = {
    id: newId(),
    orgId: p.orgId,
    title: input.title,
    description: input.description ?? '',
    members,
    createdAt: nowIso(),
  }
  await tx.query('INSERT INTO taxii_collections VALUES ($1, $2, $3, $4, $5)', [
    c.id,
    c.orgId,
    c.title,
    c.description,
    c.createdAt,
  ])
  for (const m of members) await tx.query('INSERT INTO taxii_collection_members VALUES ($1, $2)', [c.id, m])
  await writeAudit(tx, p, {
    action: 'collection.create',
    objectType: 'collection',
    objectId: c.id,
    before: null,
    after: c,
  })
  return c
}

/** The collections an organisation may read, oldest first. */
export async function readableCollections(db: SqlQuery, orgId: string): Promise<Collection[]> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM taxii_collections ORDER BY created_at, id')
  const out: Collection[] = []
  for (const row of r.rows) {
    const c = collectionOf(row, await membersOf(db, row.id as string))
    if (canRead(c, orgId)) out.push(c)
  }
  return out
}

/** The collection if the organisation may read it; SERVER_NOT_FOUND otherwise, as for one that does not exist. */
export async function readableCollection(db: SqlQuery, orgId: string, id: string): Promise<Collection> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM taxii_collections WHERE id = $1', [id])
  const row = r.rows[0]
  const c = row ? collectionOf(row, await membersOf(db, id)) : undefined
  if (!c || !canRead(c, orgId)) throw new DragnetError('SERVER_NOT_FOUND', 'no such collection', { details: { id } })
  return c
}
