import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { retraction, sampleAlert } from '../../../test/server/alert-samples.ts'
import { openTestSqlClient } from '../../store/postgres/open-sql-client.ts'
import type { SqlClient } from '../../store/postgres/sql-client.ts'
import { migrateServerDb } from '../db/server-migrations.ts'
import { ALERT_ROW_SELECT, alertRowOf } from './alert-record.ts'
import { recordAlerts } from './record-alerts.ts'

const INCIDENT = '11111111-1111-4111-8111-111111111111'
let db: SqlClient
let drop: () => Promise<void>

before(async () => {
  ;({ client: db, drop } = await openTestSqlClient())
  await migrateServerDb(db)
  await db.query("INSERT INTO organisations VALUES ('org-a', 'Alpha', false, '2026-01-01T00:00:00.000Z')")
  await db.query(
    `INSERT INTO incidents VALUES ($1, 'org-a', 'Heist', '', 'open', 'AMBER', 'ethereum', NULL, 'u', $2, $2)`,
    [INCIDENT, '2026-01-01T00:00:00.000Z'],
  )
})
after(async () => {
  await drop()
})

const state = async (id: string) =>
  (
    await db.query<{ seq: string; retracted_at: string | null; retracted_by: string | null; tlp: string }>(
      'SELECT seq, retracted_at, retracted_by, tlp, org_id FROM alerts WHERE id = $1',
      [id],
    )
  ).rows[0]

test('recorded once per id, in order, with the incident owner and marking; a retraction withdraws, a re-raise returns with a new seq', async () => {
  const a1 = sampleAlert(1, INCIDENT)
  const a2 = sampleAlert(2, INCIDENT)
  // A fresh schema: the sequence starts at 1.
  assert.deepEqual(await recordAlerts(db, [a1, a2]), [
    { id: 'alert-1', seq: 1, outcome: 'recorded' },
    { id: 'alert-2', seq: 2, outcome: 'recorded' },
  ])
  assert.deepEqual(await recordAlerts(db, [a1]), [{ id: 'alert-1', seq: 1, outcome: 'unchanged' }])
  assert.equal((await state('alert-1'))?.tlp, 'AMBER')
  // As read back for the API, the stream and webhooks: the freeze window the alert opened, field for field.
  const read = await db.query<Record<string, unknown>>(`${ALERT_ROW_SELECT} WHERE a.id = $1`, ['alert-1'])
  assert.deepEqual(alertRowOf(read.rows[0] as Record<string, unknown>).record.freezeWindow, a1.freezeWindow)
  assert.equal(a1.freezeWindow?.arrived.block, '1001')

  const r1 = retraction(a1, 1)
  assert.deepEqual(await recordAlerts(db, [r1]), [{ id: 'retract-alert-1', seq: 3, outcome: 'recorded' }])
  assert.deepEqual(
    [(await state('alert-1'))?.retracted_at, (await state('alert-1'))?.retracted_by],
    [r1.raisedAt, 'retract-alert-1'],
  )
  assert.equal((await recordAlerts(db, [r1]))[0]?.outcome, 'unchanged')

  // The new chain does the same: the alert is live again, after the retraction in delivery order.
  assert.deepEqual(await recordAlerts(db, [a1]), [{ id: 'alert-1', seq: 4, outcome: 'reraised' }])
  assert.equal((await state('alert-1'))?.retracted_at, null)
  // A second reorg withdraws it again under the same retraction id: a new event.
  assert.deepEqual(await recordAlerts(db, [r1]), [{ id: 'retract-alert-1', seq: 5, outcome: 'recorded' }])
  assert.equal((await state('alert-1'))?.retracted_by, 'retract-alert-1')
  assert.equal((await state('alert-2'))?.retracted_at, null)
})

test('an unknown incident or a malformed alert stores nothing of the batch', async () => {
  const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM alerts')).rows[0]?.n)
  const before = await count()
  await assert.rejects(
    recordAlerts(db, [sampleAlert(10, INCIDENT), sampleAlert(11, '22222222-2222-4222-8222-222222222222')]),
    { code: 'SERVER_NOT_FOUND' },
  )
  await assert.rejects(recordAlerts(db, [sampleAlert(12, INCIDENT, { amount: '1.5' })]), {
    code: 'INVALID_ARGUMENT',
  })
  assert.equal(await count(), before)
})

test('an alert inserted the way trace jobs do (no seq given) takes the next seq too', async () => {
  await db.query(
    `INSERT INTO alerts VALUES ('trace-alert', $1, NULL, 'org-a', 'AMBER', 'freezable-funds', '0xec01', 'native',
      600, '600 wei at 0xec01', '2026-01-02T00:00:00.000Z', 'ETH', 18)`,
    [INCIDENT],
  )
  assert.equal((await state('trace-alert'))?.seq, '6')
})
