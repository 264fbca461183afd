import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { DragnetError } from '../../core/errors.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import { newId, nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import type { Principal, Role } from '../permissions.ts'

/** How long a session lasts from sign-in: a working day, then the key (or a new link) is asked for again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000
/** A sign-in link's default life, and the bounds an admin may choose from. */
export const LINK_TTL_S = { default: 900, min: 60, max: 86_400 }

/** A session as the routes see it: never its id, which only the browser's cookie holds. */
export interface WebSession {
  id: string
  principal: Principal
  csrfToken: string
  expiresAt: string
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')
/** 32 random bytes as base64url: the session id in the cookie, a link token, a CSRF token. */
export const secretToken = (): string => randomBytes(32).toString('base64url')

/** Whether the header's CSRF token is the session's, in constant time. */
export function csrfMatches(session: WebSession, header: unknown): boolean {
  if (typeof header !== 'string' || header.length === 0 || header.length > 200) return false
  const a = Buffer.from(header)
  const b = Buffer.from(session.csrfToken)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Opens a session acting as `principal`'s key: the cookie value is returned once, only its hash is stored.
 * Audited as `session.create` (`via`: key or link).
 */
export async function createSession(
  tx: SqlQuery,
  principal: Principal,
  via: 'key' | 'link',
  now = Date.now(),
): Promise<{ cookie: string; session: WebSession }> {
  const cookie = secretToken()
  const session: WebSession = {
    id: newId(),
    principal,
    csrfToken: secretToken(),
    expiresAt: new Date(now + SESSION_TTL_MS).toISOString(),
  }
  await tx.query(
    `INSERT INTO web_sessions (id, token_hash, key_id, org_id, user_id, csrf_token, via, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      session.id,
      sha256(cookie),
      principal.keyId,
      principal.orgId,
      principal.userId,
      session.csrfToken,
      via,
      new Date(now).toISOString(),
      session.expiresAt,
    ],
  )
  await writeAudit(tx, principal, {
    action: 'session.create',
    objectType: 'session',
    objectId: session.id,
    before: null,
    after: { keyId: principal.keyId, via, expiresAt: session.expiresAt },
  })
  return { cookie, session }
}

/** The live session a cookie value names: not expired, not signed out, its key not revoked; else null. */
export async function sessionFor(db: SqlQuery, cookie: string): Promise<WebSession | null> {
  if (cookie.length === 0 || cookie.length > 200) return null
  const r = await db.query<{
    id: string
    csrf_token: string
    expires_at: string
    key_id: string
    user_id: string
    org_id: string
    role: Role
    org_name: string
    platform: boolean
  }>(
    `SELECT s.id, s.csrf_token, s.expires_at, k.id AS key_id, k.user_id, k.org_id, u.role, o.name AS org_name,
       o.platform
     FROM web_sessions s JOIN api_keys k ON k.id = s.key_id JOIN users u ON u.id = k.user_id
       JOIN organisations o ON o.id = k.org_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND k.revoked_at IS NULL`,
    [sha256(cookie), nowIso()],
  )
  const row = r.rows[0]
  if (!row) return null
  return {
    id: row.id,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    principal: {
      orgId: row.org_id,
      orgName: row.org_name,
      platform: row.platform === true,
      userId: row.user_id,
      role: row.role,
      keyId: row.key_id,
    },
  }
}

/** Signs a session out (audited as `session.delete`); a second sign-out changes nothing. */
export async function revokeSession(tx: SqlQuery, session: WebSession): Promise<void> {
  const r = await tx.query('UPDATE web_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [
    session.id,
    nowIso(),
  ])
  if ((r.rowCount ?? 0) === 0) return
  await writeAudit(tx, session.principal, {
    action: 'session.delete',
    objectType: 'session',
    objectId: session.id,
    before: { expiresAt: session.expiresAt },
    after: null,
  })
}

/** Mints a one-time sign-in link acting as key `keyId` of `orgId`; the token is returned once. */
export async function createSignInLink(
  tx: SqlQuery,
  actor: Principal | null,
  input: { keyId: string; orgId: string; ttlSeconds: number },
): Promise<{ token: string; expiresAt: string; id: string }> {
  const token = secretToken()
  const id = newId()
  const expiresAt = new Date(Date.now() + input.ttlSeconds * 1000).toISOString()
  await tx.query(
    `INSERT INTO web_sign_in_links (id, token_hash, key_id, org_id, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, sha256(token), input.keyId, input.orgId, actor?.userId ?? null, nowIso(), expiresAt],
  )
  await writeAudit(tx, actor, {
    action: 'sign-in-link.create',
    objectType: 'sign-in-link',
    objectId: id,
    orgId: input.orgId,
    before: null,
    after: { keyId: input.keyId, expiresAt },
  })
  return { token, expiresAt, id }
}

const LINK_INVALID = () =>
  new DragnetError('AUTH_LINK_INVALID', 'this sign-in link is unknown, used or expired: ask for a new one')

/**
 * Spends a sign-in link: marks it used in the same statement that checks it is unused and unexpired, so two
 * racing requests cannot both sign in. Returns the key id it acts as; AUTH_LINK_INVALID otherwise.
 */
export async function spendSignInLink(tx: SqlQuery, token: string): Promise<{ keyId: string; linkId: string }> {
  if (token.length === 0 || token.length > 200) throw LINK_INVALID()
  const now = nowIso()
  const r = await tx.query<{ id: string; key_id: string }>(
    `UPDATE web_sign_in_links SET used_at = $2
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING id, key_id`,
    [sha256(token), now],
  )
  const row = r.rows[0]
  if (!row) throw LINK_INVALID()
  return { keyId: row.key_id, linkId: row.id }
}

/** Records the session a link opened, for the audit trail of the link. */
export async function linkOpened(tx: SqlQuery, linkId: string, sessionId: string): Promise<void> {
  await tx.query('UPDATE web_sign_in_links SET session_id = $2 WHERE id = $1', [linkId, sessionId])
}

/** The principal of a live (unrevoked) key by id, for signing in through a link; AUTH_LINK_INVALID otherwise. */
export async function principalOfKey(db: SqlQuery, keyId: string): Promise<Principal> {
  const r = await db.query<{ user_id: string; org_id: string; role: Role; org_name: string; platform: boolean }>(
    `SELECT k.user_id, k.org_id, u.role, o.name AS org_name, o.platform
     FROM api_keys k JOIN users u ON u.id = k.user_id JOIN organisations o ON o.id = k.org_id
     WHERE k.id = $1 AND k.revoked_at IS NULL`,
    [keyId],
  )
  const row = r.rows[0]
  if (!row) throw LINK_INVALID()
  return {
    orgId: row.org_id,
    orgName: row.org_name,
    platform: row.platform === true,
    userId: row.user_id,
    role: row.role,
    keyId,
  }
}

/** The organisation of a key (live or not), or null when there is no such key. */
export async function orgOfKey(db: SqlQuery, keyId: string): Promise<string | null> {
  const r = await db.query<{ org_id: string }>('SELECT org_id FROM api_keys WHERE id = $1 AND revoked_at IS NULL', [
    keyId,
  ])
  return r.rows[0]?.org_id ?? null
}
