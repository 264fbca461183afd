import {
  generateSigningKey,
  keyFingerprint,
  publicKeyBase64,
  type SigningKeyPair,
} from '../../cases/evidence/signing-key.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import { newId, nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import type { Principal } from '../permissions.ts'

/** What anyone may know of an organisation's signing key. */
export interface PublicSigningKey {
  orgId: string
  keyId: string
  algorithm: 'ed25519'
  /** SPKI PEM, for `dragnet evidence verify --public-key`. */
  publicKeyPem: string
  /** DER SubjectPublicKeyInfo, base64: as evidence packages carry it. */
  publicKey: string
  fingerprint: string
  createdAt: string
}

const publicOf = (r: Record<string, unknown>): PublicSigningKey => {
  const pem = r.public_key as string
  const der = publicKeyBase64(pem)
  return {
    orgId: r.org_id as string,
    keyId: r.id as string,
    algorithm: 'ed25519',
    publicKeyPem: pem,
    publicKey: der,
    fingerprint: keyFingerprint(der),
    createdAt: r.created_at as string,
  }
}

async function activeRow(db: SqlQuery, orgId: string): Promise<Record<string, unknown> | undefined> {
  const r = await db.query<Record<string, unknown>>(
    'SELECT * FROM signing_keys WHERE org_id = $1 AND retired_at IS NULL',
    [orgId],
  )
  return r.rows[0]
}

/**
 * The organisation's active Ed25519 key, created on first use (audited); two servers creating one at once end
 * with the same key, since only one active key per organisation can be stored.
 */
export async function signingKeyOf(tx: SqlQuery, actor: Principal | null, orgId: string): Promise<SigningKeyPair> {
  let row = await activeRow(tx, orgId)
  if (!row) {
    const key = generateSigningKey(newId())
    const created = await tx.query(
      `INSERT INTO signing_keys (id, org_id, algorithm, public_key, private_key, created_at)
       VALUES ($1, $2, 'ed25519', $3, $4, $5) ON CONFLICT DO NOTHING`,
      [key.id, orgId, key.publicKeyPem, key.privateKeyPem, nowIso()],
    )
    row = await activeRow(tx, orgId)
    if (created.rowCount === 1 && row) {
      await writeAudit(tx, actor, {
        action: 'signing-key.create',
        objectType: 'signing-key',
        objectId: key.id,
        orgId,
        before: null,
        after: publicOf(row),
      })
    }
  }
  if (!row) throw new Error(`no signing key for ${orgId} after creating one`)
  return { id: row.id as string, publicKeyPem: row.public_key as string, privateKeyPem: row.private_key as string }
}

/** The organisation's public signing key, created on first use. */
export async function publicSigningKey(
  tx: SqlQuery,
  actor: Principal | null,
  orgId: string,
): Promise<PublicSigningKey> {
  await signingKeyOf(tx, actor, orgId)
  return publicOf((await activeRow(tx, orgId)) as Record<string, unknown>)
}
