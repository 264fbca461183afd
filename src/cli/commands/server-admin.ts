import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { bootstrapServer, createOrganisationWithUser } from '../../server/bootstrap.ts'
import { createApiKey, getUser } from '../../server/db/organisations.ts'
import { migrateServerDb } from '../../server/db/server-migrations.ts'
import { ROLES, type Role } from '../../server/permissions.ts'
import { serverDbTarget } from '../../server/serve.ts'
import { openSqlClient } from '../../store/postgres/open-sql-client.ts'
import type { SqlClient } from '../../store/postgres/sql-client.ts'
import { cliIO } from '../io.ts'
import { choiceOption, printJson } from '../options.ts'
import { resolveServerDb } from './serve.ts'

async function withDb<T>(db: string | undefined, fn: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await openSqlClient(serverDbTarget(resolveServerDb(db)))
  try {
    return await fn(client)
  } finally {
    await client.close()
  }
}

function printKey(
  r: { organisation: { id: string; name: string }; user: { id: string; role: string }; key: string; keyId: string },
  json?: boolean,
) {
  if (json) {
    printJson(r)
    return
  }
  cliIO().out(
    `organisation ${r.organisation.name} (${r.organisation.id})\nuser ${r.user.id} (${r.user.role})\n` +
      `API key (shown once, store it now): ${r.key}\n`,
  )
}

const DB_HELP =
  'server state: postgres://… or the embedded PostgreSQL directory (default $DRAGNET_SERVER_DB or ./dragnet-data/server)'

/** `dragnet server init|create-org|create-key`: the operator's way to the first keys, without an API key. */
export function registerServerAdmin(program: Command): void {
  const server = program
    .command('server')
    .description('Set up the API server: the first organisation and its keys (see docs/server.md)')
  server
    .command('init')
    .description('On an empty server: create the platform organisation, its admin user and an API key (printed once)')
    .requiredOption('--org <name>', 'name of the platform organisation')
    .requiredOption('--admin <name>', "the admin user's name")
    .option('--email <email>', "the admin's email")
    .option('--db <url|dir>', DB_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (o: { org: string; admin: string; email?: string; db?: string; json?: boolean }) => {
      const r = await withDb(o.db, (db) =>
        bootstrapServer(db, { organisation: o.org, admin: o.admin, email: o.email ?? null }),
      )
      printKey(r, o.json)
    })
  server
    .command('create-org')
    .description('Create an organisation with one user and an API key (printed once)')
    .requiredOption('--name <name>', 'organisation name')
    .requiredOption('--user <name>', "the first user's name")
    .option('--role <role>', `the user's role: ${ROLES.join(', ')}`, choiceOption('--role', ROLES), 'admin')
    .option('--db <url|dir>', DB_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (o: { name: string; user: string; role: Role; db?: string; json?: boolean }) => {
      const r = await withDb(o.db, (db) =>
        createOrganisationWithUser(db, { organisation: o.name, user: o.user, role: o.role }),
      )
      printKey(r, o.json)
    })
  server
    .command('create-key')
    .description('Mint another API key for an existing user (printed once), e.g. when an admin lost theirs')
    .requiredOption('--org <id>', 'organisation id')
    .requiredOption('--user <id>', 'user id')
    .option('--label <text>', 'what the key is for')
    .option('--db <url|dir>', DB_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (o: { org: string; user: string; label?: string; db?: string; json?: boolean }) => {
      const r = await withDb(o.db, async (db) => {
        await migrateServerDb(db)
        await getUser(db, o.org, o.user).catch(() => {
          throw new DragnetError('SERVER_NOT_FOUND', `no user ${o.user} in organisation ${o.org}`)
        })
        return db.transaction((tx) => createApiKey(tx, null, { orgId: o.org, userId: o.user, label: o.label ?? 'cli' }))
      })
      if (o.json) printJson({ ...r.info, key: r.key })
      else cliIO().out(`API key ${r.info.id} for user ${o.user} (shown once, store it now): ${r.key}\n`)
    })
}
