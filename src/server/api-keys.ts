import { createHash, randomBytes, randomUUID } from 'node:crypto'

/**
 * A new API key: 32 random bytes, so a plain SHA-256 is a sound stored form (nothing to brute-force) and
 * checking it costs microseconds, where a password hash on every request would cap throughput.
 */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `dn_${randomBytes(32).toString('base64url')}`
  return { key, prefix: key.slice(0, 10), hash: hashApiKey(key) }
}

/** The stored form of a key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** A fresh object id. */
export function newId(): string {
  return randomUUID()
}

/** Now, as the ISO-8601 text every table stores. */
export function nowIso(): string {
  return new Date().toISOString()
}
