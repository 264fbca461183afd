// Another process writing alerts to the server's database, as the watcher does: argv[2] is the schema, stdin the
// alerts as JSON; prints what recordAlerts returned.
import { recordAlerts } from '../../src/server/alerts/record-alerts.ts'
import { openSqlClient } from '../../src/store/postgres/open-sql-client.ts'

const chunks: Buffer[] = []
for await (const c of process.stdin) chunks.push(c as Buffer)
const db = await openSqlClient(process.env.DATABASE_URL as string, process.argv[2])
try {
  process.stdout.write(JSON.stringify(await recordAlerts(db, JSON.parse(Buffer.concat(chunks).toString('utf8')))))
} finally {
  await db.close()
}
