import { DragnetError } from '../core/errors.ts'
import type { SqlQuery } from '../store/postgres/sql-client.ts'
import { hashApiKey } from './api-keys.ts'
import type { Principal, Role } from './permissions.ts'

interface Cached {
  principal: Principal
  until: number
}

const MAX_CACHED = 100_000

/**
 * Resolves `Authorization: Bearer <key>` (or `X-API-Key`) to a principal: SHA-256 of the key, looked up once
 * and then cached for `ttlMs`, so screening at thousands of requests a second costs no query per request.
 * Revoking a key in this process clears the cache at once; another process sees it within the TTL.
 */
export class Authenticator {
  private readonly cache = new Map<string, Cached>()

  constructor(
    private readonly db: SqlQuery,
    private readonly ttlMs = 5000,
  ) {}

  /** The key from the request headers, or AUTH_REQUIRED. */
  static keyFrom(headers: Record<string, string | string[] | undefined>): string {
    const auth = headers.authorization
    if (typeof auth === 'string' && auth.length > 0) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth)
      if (!m) throw new DragnetError('AUTH_INVALID_KEY', 'Authorization must be "Bearer <API key>"')
      return m[1] as string
    }
    const key = headers['x-api-key']
    if (typeof key === 'string' && key.length > 0) return key
    throw new DragnetError('AUTH_REQUIRED', 'an API key is required: Authorization: Bearer <key>')
  }

  async authenticate(key: string): Promise<Principal> {
    if (key.length > 200) throw new DragnetError('AUTH_INVALID_KEY', 'unknown or revoked API key')
    const hash = hashApiKey(key)
    const hit = this.cache.get(hash)
    const now = Date.now()
    if (hit && hit.until > now) return hit.principal
    const r = await this.db.query<{
      key_id: string
      user_id: string
      org_id: string
      role: Role
      org_name: string
      platform: boolean
    }>(
      `SELECT k.id AS key_id, k.user_id, k.org_id, u.role, o.name AS org_name, o.platform
       FROM api_keys k JOIN users u ON u.id = k.user_id JOIN organisations o ON o.id = k.org_id
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hash],
    )
    const row = r.rows[0]
    if (!row) {
      this.cache.delete(hash)
      throw new DragnetError('AUTH_INVALID_KEY', 'unknown or revoked API key')
    }
    const principal: Principal = {
      orgId: row.org_id,
      orgName: row.org_name,
      platform: row.platform === true,
      userId: row.user_id,
      role: row.role,
      keyId: row.key_id,
    }
    if (this.cache.size >= MAX_CACHED) this.cache.clear()
    this.cache.set(hash, { principal, until: now + this.ttlMs })
    return principal
  }

  /** Forgets every cached key (after a revocation or a role change). */
  invalidate(): void {
    this.cache.clear()
  }
}
