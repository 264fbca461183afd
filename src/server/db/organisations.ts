import { DragnetError } from '../../core/errors.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import { generateApiKey, newId, nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import type { Principal, Role } from '../permissions.ts'

export interface Organisation {
  id: string
  name: string
  platform: boolean
  createdAt: string
}

export interface User {
  id: string
  orgId: string
  name: string
  email: string | null
  role: Role
  createdAt: string
}

export interface ApiKeyInfo {
  id: string
  orgId: string
  userId: string
  prefix: string
  label: string | null
  createdAt: string
  revokedAt: string | null
}

const orgOf = (r: Record<string, unknown>): Organisation => ({
  id: r.id as string,
  name: r.name as string,
  platform: r.platform === true,
  createdAt: r.created_at as string,
})

const userOf = (r: Record<string, unknown>): User => ({
  id: r.id as string,
  orgId: r.org_id as string,
  name: r.name as string,
  email: (r.email as string | null) ?? null,
  role: r.role as Role,
  createdAt: r.created_at as string,
})

const keyOf = (r: Record<string, unknown>): ApiKeyInfo => ({
  id: r.id as string,
  orgId: r.org_id as string,
  userId: r.user_id as string,
  prefix: r.prefix as string,
  label: (r.label as string | null) ?? null,
  createdAt: r.created_at as string,
  revokedAt: (r.revoked_at as string | null) ?? null,
})

/** Creates an organisation; a name already taken is SERVER_CONFLICT. */
export async function createOrganisation(
  tx: SqlQuery,
  actor: Principal | null,
  input: { name: string; platform?: boolean | undefined },
): Promise<Organisation> {
  const taken = await tx.query('SELECT 1 FROM organisations WHERE name = $1', [input.name])
  if (taken.rows.length > 0) {
    throw new DragnetError('SERVER_CONFLICT', `an organisation named ${input.name} exists`, {
      details: { name: input.name },
    })
  }
  const org: Organisation = { id: newId(), name: input.name, platform: input.platform === true, createdAt: nowIso() }
  await tx.query('INSERT INTO organisations VALUES ($1, $2, $3, $4)', [org.id, org.name, org.platform, org.createdAt])
  await writeAudit(tx, actor, {
    action: 'organisation.create',
    objectType: 'organisation',
    objectId: org.id,
    orgId: org.id,
    before: null,
    after: org,
  })
  return org
}

export async function listOrganisations(db: SqlQuery): Promise<Organisation[]> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM organisations ORDER BY name')
  return r.rows.map(orgOf)
}

/** The organisation, or SERVER_NOT_FOUND. */
export async function getOrganisation(db: SqlQuery, id: string): Promise<Organisation> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM organisations WHERE id = $1', [id])
  const row = r.rows[0]
  if (!row) throw new DragnetError('SERVER_NOT_FOUND', 'no such organisation', { details: { id } })
  return orgOf(row)
}

export async function createUser(
  tx: SqlQuery,
  actor: Principal | null,
  input: { orgId: string; name: string; email?: string | null | undefined; role: Role },
): Promise<User> {
  await getOrganisation(tx, input.orgId)
  const user: User = {
    id: newId(),
    orgId: input.orgId,
    name: input.name,
    email: input.email ?? null,
    role: input.role,
    createdAt: nowIso(),
  }
  await tx.query('INSERT INTO users VALUES ($1, $2, $3, $4, $5, $6)', [
    user.id,
    user.orgId,
    user.name,
    user.email,
    user.role,
    user.createdAt,
  ])
  await writeAudit(tx, actor, {
    action: 'user.create',
    objectType: 'user',
    objectId: user.id,
    orgId: user.orgId,
    before: null,
    after: user,
  })
  return user
}

export async function listUsers(db: SqlQuery, orgId: string): Promise<User[]> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM users WHERE org_id = $1 ORDER BY created_at, id', [
    orgId,
  ])
  return r.rows.map(userOf)
}

/** The user of an organisation, or SERVER_NOT_FOUND (also when the user belongs to another organisation). */
export async function getUser(db: SqlQuery, orgId: string, userId: string): Promise<User> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM users WHERE id = $1 AND org_id = $2', [
    userId,
    orgId,
  ])
  const row = r.rows[0]
  if (!row) throw new DragnetError('SERVER_NOT_FOUND', 'no such user', { details: { id: userId } })
  return userOf(row)
}

/** Mints a key for a user; the key itself is returned here once and never stored. */
export async function createApiKey(
  tx: SqlQuery,
  actor: Principal | null,
  input: { orgId: string; userId: string; label?: string | null },
): Promise<{ info: ApiKeyInfo; key: string }> {
  await getUser(tx, input.orgId, input.userId)
  const { key, prefix, hash } = generateApiKey()
  const info: ApiKeyInfo = {
    id: newId(),
    orgId: input.orgId,
    userId: input.userId,
    prefix,
    label: input.label ?? null,
    createdAt: nowIso(),
    revokedAt: null,
  }
  await tx.query('INSERT INTO api_keys VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)', [
    info.id,
    info.orgId,
    info.userId,
    hash,
    info.prefix,
    info.label,
    info.createdAt,
  ])
  await writeAudit(tx, actor, {
    action: 'api-key.create',
    objectType: 'api-key',
    objectId: info.id,
    orgId: info.orgId,
    before: null,
    after: info,
  })
  return { info, key }
}

export async function listApiKeys(db: SqlQuery, orgId: string): Promise<ApiKeyInfo[]> {
  const r = await db.query<Record<string, unknown>>(
    'SELECT * FROM api_keys WHERE org_id = $1 ORDER BY created_at, id',
    [orgId],
  )
  return r.rows.map(keyOf)
}

export async function revokeApiKey(tx: SqlQuery, actor: Principal, orgId: string, keyId: string): Promise<ApiKeyInfo> {
  const r = await tx.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1 AND org_id = $2', [
    keyId,
    orgId,
  ])
  const row = r.rows[0]
  if (!row) throw new DragnetError('SERVER_NOT_FOUND', 'no such API key', { details: { id: keyId } })
  const before = keyOf(row)
  if (before.revokedAt !== null) return before
  const after = { ...before, revokedAt: nowIso() }
  await tx.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2', [after.revokedAt, keyId])
  await writeAudit(tx, actor, {
    action: 'api-key.revoke',
    objectType: 'api-key',
    objectId: keyId,
    orgId,
    before,
    after,
  })
  return after
}
