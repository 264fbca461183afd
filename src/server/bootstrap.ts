import { DragnetError } from '../core/errors.ts'
import type { SqlClient } from '../store/postgres/sql-client.ts'
import { createApiKey, createOrganisation, createUser, type Organisation, type User } from './db/organisations.ts'
import { migrateServerDb } from './db/server-migrations.ts'
import type { Role } from './permissions.ts'

/**
 * Creates the first organisation (a platform organisation, whose admins create the others), its admin user and
 * an API key, on an empty server. A server that has organisations already refuses with SERVER_CONFLICT.
 */
export async function bootstrapServer(
  db: SqlClient,
  input: { organisation: string; admin: string; email?: string | null },
): Promise<{ organisation: Organisation; user: User; key: string; keyId: string }> {
  await migrateServerDb(db)
  return db.transaction(async (tx) => {
    const r = await tx.query<{ n: string }>('SELECT count(*) AS n FROM organisations')
    if (Number(r.rows[0]?.n ?? 0) > 0) {
      throw new DragnetError('SERVER_CONFLICT', 'the server has organisations already: mint keys with an admin key', {
        details: { organisations: Number(r.rows[0]?.n) },
      })
    }
    const organisation = await createOrganisation(tx, null, { name: input.organisation, platform: true })
    const user = await createUser(tx, null, {
      orgId: organisation.id,
      name: input.admin,
      email: input.email ?? null,
      role: 'admin',
    })
    const { info, key } = await createApiKey(tx, null, { orgId: organisation.id, userId: user.id, label: 'bootstrap' })
    return { organisation, user, key, keyId: info.id }
  })
}

/** Creates an organisation with one user and a key, from the command line (no API key needed: the operator runs it). */
export async function createOrganisationWithUser(
  db: SqlClient,
  input: { organisation: string; user: string; role: Role; email?: string | null },
): Promise<{ organisation: Organisation; user: User; key: string; keyId: string }> {
  await migrateServerDb(db)
  return db.transaction(async (tx) => {
    const organisation = await createOrganisation(tx, null, { name: input.organisation })
    const user = await createUser(tx, null, {
      orgId: organisation.id,
      name: input.user,
      email: input.email ?? null,
      role: input.role,
    })
    const { info, key } = await createApiKey(tx, null, { orgId: organisation.id, userId: user.id, label: 'cli' })
    return { organisation, user, key, keyId: info.id }
  })
}
