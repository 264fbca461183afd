import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { silentLogger } from '../../src/core/logger.ts'
import { loadPolicy } from '../../src/screen/policy.ts'
import { buildServer } from '../../src/server/build-server.ts'
import { sampleAlert } from './alert-samples.ts'
import { type AlertWorld, alertWorld } from './alert-world.ts'
import { call, testLabels } from './server-kit.ts'
import { webhookReceiver } from './webhook-receiver.ts'

type Receiver = Awaited<ReturnType<typeof webhookReceiver>>
// biome-ignore lint/suspicious/noExplicitAny: delivery rows are read field by field and asserted
type Delivery = any

/** Retries after 1.1 s (a new webhook-timestamp second, so a new signature), then after a minute. */
const RETRIES = [1100, 60_000]

describe('webhooks', () => {
  let w: AlertWorld
  const receivers: Receiver[] = []
  const receiver = async (statuses: Parameters<typeof webhookReceiver>[0] = []) => {
    const r = await webhookReceiver(statuses)
    receivers.push(r)
    return r
  }
  let restarted: FastifyInstance | undefined
  before(async () => {
    w = await alertWorld(RETRIES)
  })
  after(async () => {
    await restarted?.close()
    await w.close()
    for (const r of receivers) await r.close()
  })

  const register = async (key: string, body: Record<string, unknown>, r?: Receiver) => {
    const res = await call(w.t.app, key, 'POST', '/v1/webhooks', body)
    assert.equal(res.status, 201, res.text)
    r?.setSecret(res.body.secret)
    return res.body as { id: string; secret: string }
  }
  const deliveries = async (key: string, id: string, app = w.t.app): Promise<Delivery[]> => {
    const res = await call(app, key, 'GET', `/v1/webhooks/${id}/deliveries`)
    assert.equal(res.status, 200, res.text)
    return res.body.deliveries
  }
  /** Reads the deliveries until `done` holds for them (what the dispatcher does in the background). */
  const until = async (key: string, id: string, done: (d: Delivery[]) => boolean, app = w.t.app) => {
    for (;;) {
      const d = await deliveries(key, id, app)
      if (done(d)) return d
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  test('bad input: a malformed URL, an unknown or hidden incident, a role without the right', async () => {
    const post = (key: string, body: unknown) => call(w.t.app, key, 'POST', '/v1/webhooks', body)
    for (const url of ['not a url', 'ftp://127.0.0.1/hook', 'http://user:pw@127.0.0.1/hook']) {
      const r = await post(w.a.adminKey, { url })
      assert.deepEqual([r.status, r.body.code], [400, 'WEBHOOK_URL_INVALID'], url)
    }
    const unknown = await post(w.a.adminKey, { url: 'http://127.0.0.1:9/x', incidents: [randomUUID()] })
    assert.deepEqual([unknown.status, unknown.body.code], [404, 'SERVER_NOT_FOUND'])
    const hidden = await post(w.c.adminKey, { url: 'http://127.0.0.1:9/x', incidents: [w.amber] })
    assert.deepEqual([hidden.status, hidden.body.code], [404, 'SERVER_NOT_FOUND'])
    for (const key of [w.a.investigatorKey, w.a.analystKey, w.a.viewerKey]) {
      const r = await post(key, { url: 'http://127.0.0.1:9/x' })
      assert.deepEqual([r.status, r.body.code], [403, 'AUTH_FORBIDDEN'])
      assert.equal((await call(w.t.app, key, 'GET', '/v1/webhooks')).body.code, 'AUTH_FORBIDDEN')
    }
    assert.deepEqual((await call(w.t.app, w.a.adminKey, 'GET', '/v1/webhooks')).body.webhooks, [])
  })

  test('signed deliveries to every webhook that may see the alert; a 500 is retried under the same webhook-id', async () => {
    // The first try of the AMBER alert fails (deliveries run side by side: which comes first is not fixed).
    let failed500 = false
    const ra = await receiver((body) => {
      if (failed500 || JSON.parse(body).data.id !== 'alert-1') return 204
      failed500 = true
      return 500
    })
    const rc = await receiver()
    const rf = await receiver()
    const rg = await receiver([410])
    const ha = await register(w.a.adminKey, { url: ra.url, description: 'Alpha desk' }, ra)
    assert.match(ha.secret, /^whsec_/)
    const hc = await register(w.c.adminKey, { url: rc.url }, rc)
    const hf = await register(w.a.adminKey, { url: rf.url, incidents: [w.green], minSeverity: 'medium' }, rf)
    const hg = await register(w.a.adminKey, { url: rg.url, kinds: ['freezable-arrival'] }, rg)
    const hx = await register(w.a.adminKey, { url: 'http://127.0.0.1:9/closed' })
    const listed = await call(w.t.app, w.a.adminKey, 'GET', '/v1/webhooks')
    assert.deepEqual(
      listed.body.webhooks.map((h: { id: string }) => h.id),
      [ha.id, hf.id, hg.id, hx.id],
    )
    assert.ok(!listed.text.includes('whsec_'), 'the secret is shown once')

    // One batch: the AMBER alert (high) and the GREEN one (medium) are queued together for every webhook.
    const [r1, r2] = await w.record([
      sampleAlert(1, w.amber),
      sampleAlert(2, w.green, { kind: 'bridge-entered', severity: 'medium', place: null, freezeRequest: null }),
    ])
    await ra.waitFor(3)
    assert.ok(
      ra.received.every((r) => r.verified),
      'every signature checks',
    )
    const byId = (r: Receiver, seq: number | undefined) => r.received.filter((x) => JSON.parse(x.body).data.seq === seq)
    const tries = byId(ra, r1?.seq)
    assert.equal(tries.length, 2)
    const [t1, t2] = tries
    assert.equal(t1?.status, 500)
    assert.equal(t2?.headers['webhook-id'], t1?.headers['webhook-id'])
    assert.ok(Number(t2?.headers['webhook-timestamp']) > Number(t1?.headers['webhook-timestamp']))
    assert.notEqual(t2?.headers['webhook-signature'], t1?.headers['webhook-signature'])
    assert.equal(t2?.body, t1?.body)
    const body = JSON.parse(t1?.body ?? '')
    assert.deepEqual(
      [body.type, body.data.id, body.data.amount, body.data.incident, body.data.tlp],
      ['alert.freezable-arrival', 'alert-1', '2500000000', w.amber, 'AMBER'],
    )
    assert.equal(byId(ra, r2?.seq).length, 1)

    const da = await until(w.a.adminKey, ha.id, (d) => d.every((x: Delivery) => x.status === 'delivered'))
    const d1 = da.find((x: Delivery) => x.alertId === 'alert-1')
    assert.deepEqual(
      d1.attempts.map((x: Delivery) => [x.attempt, x.status, x.error]),
      [
        [1, 500, null],
        [2, 204, null],
      ],
    )
    assert.equal(d1.messageId, t1?.headers['webhook-id'])

    // C is not shared on the AMBER incident: its webhook got the GREEN alert only.
    await rc.waitFor(1)
    assert.deepEqual(
      rc.received.map((r) => JSON.parse(r.body).data.id),
      ['alert-2'],
    )
    assert.ok(rc.received[0]?.verified)
    assert.deepEqual(
      (await deliveries(w.c.adminKey, hc.id)).map((d: Delivery) => d.alertId),
      ['alert-2'],
    )
    const leak = await w.t.db.query("SELECT 1 FROM webhook_deliveries WHERE webhook_id = $1 AND alert_id = 'alert-1'", [
      hc.id,
    ])
    assert.equal(leak.rows.length, 0)
    // The filtered webhook: the GREEN incident at medium or above.
    await rf.waitFor(1)
    assert.deepEqual(
      (await deliveries(w.a.adminKey, hf.id)).map((d: Delivery) => d.alertId),
      ['alert-2'],
    )
    // 410 Gone gives up at once; a closed port fails and waits for its retry: both visible.
    const dg = await until(w.a.adminKey, hg.id, (d) => d[0]?.status === 'failed')
    assert.deepEqual(
      [dg.length, dg[0].alertId, dg[0].attempts.length, dg[0].attempts[0].status],
      [1, 'alert-1', 1, 410],
    )
    const dx = await until(
      w.a.adminKey,
      hx.id,
      (d) => d.length === 2 && d.every((x: Delivery) => x.attempts.length === 2),
    )
    for (const d of dx) {
      assert.equal(d.status, 'pending')
      assert.ok(d.nextAttemptAt)
      for (const a of d.attempts) assert.deepEqual([a.status, typeof a.error], [null, 'string'])
    }
    const gone = await call(w.t.app, w.a.adminKey, 'GET', `/v1/webhooks/${hg.id}/deliveries?status=failed`)
    assert.equal(gone.body.deliveries.length, 1)

    // Removed: its pending deliveries cancelled, the webhook gone for everyone.
    assert.equal((await call(w.t.app, w.c.adminKey, 'DELETE', `/v1/webhooks/${hx.id}`)).status, 404)
    assert.equal((await call(w.t.app, w.a.adminKey, 'DELETE', `/v1/webhooks/${hx.id}`)).status, 204)
    assert.equal((await call(w.t.app, w.a.adminKey, 'GET', `/v1/webhooks/${hx.id}/deliveries`)).status, 404)
    const cancelled = await w.t.db.query<{ status: string }>(
      'SELECT DISTINCT status FROM webhook_deliveries WHERE webhook_id = $1',
      [hx.id],
    )
    assert.deepEqual(
      cancelled.rows.map((r) => r.status),
      ['cancelled'],
    )
    for (const h of [ha, hf, hg]) await call(w.t.app, w.a.adminKey, 'DELETE', `/v1/webhooks/${h.id}`)
    await call(w.t.app, w.c.adminKey, 'DELETE', `/v1/webhooks/${hc.id}`)
  })

  test('a server restarted on the same database resumes pending deliveries', async () => {
    const rr = await receiver([500, 500])
    const hr = await register(w.a.adminKey, { url: rr.url }, rr)
    await w.record([sampleAlert(3, w.amber)])
    // Two tries fail; the next is a minute away when the server stops.
    await until(w.a.adminKey, hr.id, (d) => d[0]?.attempts.length === 2)
    await w.t.app.close()
    // The minute passes while no server runs.
    await w.t.db.query(
      "UPDATE webhook_deliveries SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE webhook_id = $1",
      [hr.id],
    )
    restarted = await buildServer(
      { logger: silentLogger() },
      {
        db: w.t.db,
        labels: testLabels(),
        policy: loadPolicy(),
        authCacheMs: 0,
        alertDelivery: { webhooks: { pollMs: 50, retryDelaysMs: RETRIES } },
      },
    )
    const [d] = await until(w.a.adminKey, hr.id, (x) => x[0]?.status === 'delivered', restarted)
    assert.deepEqual(
      d.attempts.map((a: Delivery) => a.status),
      [500, 500, 204],
    )
    assert.equal(rr.received.length, 3)
    assert.ok(rr.received.every((r) => r.verified && r.headers['webhook-id'] === d.messageId))
  })
})
