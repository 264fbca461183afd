import assert from 'node:assert/strict'
import { test } from 'node:test'
import { migrateServerDb, SERVER_MIGRATIONS } from '../../src/server/db/server-migrations.ts'
import { openTestSqlClient } from '../../src/store/postgres/open-sql-client.ts'

test('a database that has migration 6 but not 5 gets 5: every missing migration runs, in order', async () => {
  const { client, drop } = await openTestSqlClient()
  try {
    await migrateServerDb(client)
    // As a database migrated by a build that had 6 and not yet 5 stands.
    await client.query('DROP TABLE web_sign_in_links')
    await client.query('DROP TABLE web_sessions')
    await client.query('DELETE FROM server_migrations WHERE version = 5')
    await migrateServerDb(client)
    const versions = await client.query<{ version: number }>('SELECT version FROM server_migrations ORDER BY version')
    assert.deepEqual(
      versions.rows.map((r) => Number(r.version)),
      SERVER_MIGRATIONS.map((m) => m.version).sort((a, b) => a - b),
    )
    const n = await client.query<{ n: string }>('SELECT count(*) AS n FROM web_sessions')
    assert.equal(Number(n.rows[0]?.n), 0)
    // And a third run changes nothing.
    await migrateServerDb(client)
  } finally {
    await drop()
  }
})
