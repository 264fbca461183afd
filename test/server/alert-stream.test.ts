import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { retraction, sampleAlert } from './alert-samples.ts'
import { type AlertWorld, alertWorld, recordElsewhere } from './alert-world.ts'
import { EXCHANGE } from './fixture-world.ts'
import { call } from './server-kit.ts'
import { openSse, type SseEvent } from './sse-client.ts'

const ids = (body: { alerts: { id: string }[] }) => body.alerts.map((a) => a.id)
const seqs = (events: SseEvent[]) => events.map((e) => e.id)
const alertIds = (events: SseEvent[]) => events.map((e) => JSON.parse(e.data).id as string)

describe('alerts: the list and the live stream', () => {
  let w: AlertWorld
  let traceAlert: string
  before(async () => {
    w = await alertWorld()
  })
  after(async () => {
    await w.close()
  })

  test('GET /v1/alerts: the trace-raised alert in the same shape, filters, pages, and only what the caller may see', async () => {
    const first = await call(w.t.app, w.a.viewerKey, 'GET', '/v1/alerts')
    assert.equal(first.status, 200, first.text)
    // The fixture trace: 600 wei reach Harbor Exchange's wallet, freezable; the alert's seq is the first.
    const [trace] = first.body.alerts
    traceAlert = trace.id
    assert.deepEqual(
      [trace.seq, trace.kind, trace.severity, trace.chain, trace.block, trace.addresses, trace.amount],
      [1, 'freezable-funds', 'high', 'ethereum', null, [EXCHANGE], '600'],
    )
    assert.equal(trace.amountFormatted, '0.0000000000000006')
    assert.ok(trace.traceId)

    const a1 = sampleAlert(1, w.amber)
    const a2 = sampleAlert(2, w.amber, { kind: 'funds-moved', severity: 'low', place: null, freezeRequest: null })
    const a3 = sampleAlert(3, w.amber, { kind: 'swap', severity: 'severe' })
    const g1 = sampleAlert(4, w.green, { kind: 'bridge-entered', severity: 'medium' })
    assert.deepEqual(
      (await w.record([a1, a2, a3, g1])).map((r) => r.seq),
      [2, 3, 4, 5],
    )
    const all = await call(w.t.app, w.a.viewerKey, 'GET', '/v1/alerts')
    assert.deepEqual(ids(all.body), ['alert-4', 'alert-3', 'alert-2', 'alert-1', traceAlert])
    const got1 = all.body.alerts[3]
    assert.deepEqual(got1, {
      ...a1,
      seq: 2,
      orgId: w.a.id,
      tlp: 'AMBER',
      traceId: null,
      retracted: false,
      retractedAt: null,
      retractedBy: null,
      amountFormatted: '2500',
      message: got1.message,
      recordedAt: got1.recordedAt,
    })
    const q = async (query: string, key = w.a.viewerKey) => {
      const r = await call(w.t.app, key, 'GET', `/v1/alerts?${query}`)
      assert.equal(r.status, 200, `${query}: ${r.text}`)
      return r.body
    }
    assert.deepEqual(ids(await q('minSeverity=high')), ['alert-3', 'alert-1', traceAlert])
    assert.deepEqual(ids(await q('kind=swap&kind=funds-moved')), ['alert-3', 'alert-2'])
    assert.deepEqual(ids(await q(`incident=${w.green}`)), ['alert-4'])
    assert.deepEqual(ids(await q('chain=base')), [])
    assert.deepEqual(ids(await q('afterSeq=3')), ['alert-4', 'alert-3'])
    // The trace's alert was raised today, after the watch alerts' March times.
    assert.deepEqual(ids(await q('since=2026-03-01T00:00:03.000Z')), ['alert-4', 'alert-3', traceAlert])
    const p1 = await q('limit=2')
    assert.deepEqual([ids(p1), p1.nextCursor], [['alert-4', 'alert-3'], '4'])
    const p2 = await q('limit=2&cursor=4')
    assert.deepEqual([ids(p2), p2.nextCursor], [['alert-2', 'alert-1'], '2'])
    const p3 = await q('limit=2&cursor=2')
    assert.deepEqual([ids(p3), p3.nextCursor], [[traceAlert], null])
    const asc = await q('order=asc&limit=2&cursor=2')
    assert.deepEqual(ids(asc), ['alert-2', 'alert-3'])

    // Retracted: withdrawn from the live list, its retraction in it.
    await w.record([retraction(a2, 1)])
    assert.deepEqual(ids(await q('retracted=true')), ['alert-2'])
    assert.deepEqual(ids(await q('retracted=false&kind=retracted&kind=funds-moved')), ['retract-alert-2'])

    // Tenancy: B (shared) sees the AMBER incident's alerts; C sees only the GREEN one, and nothing of the rest.
    assert.deepEqual(ids(await q('', w.b.viewerKey)), [
      'retract-alert-2',
      'alert-4',
      'alert-3',
      'alert-2',
      'alert-1',
      traceAlert,
    ])
    const forC = await q('', w.c.adminKey)
    assert.deepEqual(ids(forC), ['alert-4'])
    assert.ok(!JSON.stringify(forC).includes(w.amber))
    const hidden = await call(w.t.app, w.c.adminKey, 'GET', `/v1/alerts?incident=${w.amber}`)
    const ghostId = randomUUID()
    const ghost = await call(w.t.app, w.c.adminKey, 'GET', `/v1/alerts?incident=${ghostId}`)
    assert.deepEqual([hidden.status, hidden.body.code], [404, 'SERVER_NOT_FOUND'])
    assert.equal(hidden.text.replace(w.amber, '<id>'), ghost.text.replace(ghostId, '<id>'))

    // The incident's own route still lists every alert of it, the trace's with its message.
    const own = await call(w.t.app, w.a.viewerKey, 'GET', `/v1/incidents/${w.amber}/alerts`)
    assert.equal(own.status, 200)
    const oldShape = own.body.alerts.find((x: { id: string }) => x.id === traceAlert)
    assert.deepEqual([oldShape.kind, oldShape.address, oldShape.amount], ['freezable-funds', EXCHANGE, '600'])
    assert.equal(own.body.alerts.length, 5)
  })

  test('the stream: live alerts by seq, resumed with Last-Event-ID without loss or repeat, retractions and re-raises, only what the caller may see', async () => {
    const url = `${w.base}/v1/alerts/stream`
    const auth = (key: string) => ({ authorization: `Bearer ${key}` })
    const sa = await openSse(url, auth(w.a.viewerKey))
    const sb = await openSse(url, auth(w.b.viewerKey))
    const sc = await openSse(url, auth(w.c.adminKey))
    assert.equal(sa.status, 200)
    assert.match(String(sa.headers['content-type']), /^text\/event-stream/)
    // After seq 6 (the retraction above), from now on.
    const a5 = sampleAlert(5, w.amber)
    await w.record([a5, sampleAlert(6, w.amber), sampleAlert(7, w.green, { severity: 'low' })])
    const first = await sa.waitFor(3)
    assert.deepEqual(seqs(first), ['7', '8', '9'])
    assert.deepEqual(
      first.map((e) => e.event),
      ['alert', 'alert', 'alert'],
    )
    assert.equal(JSON.parse(first[0]?.data ?? '').amount, '2500000000')
    assert.deepEqual(alertIds(await sb.waitFor(3)), ['alert-5', 'alert-6', 'alert-7'])
    // C's first event is the GREEN alert, the last of the three: it passed the two AMBER ones without them.
    assert.deepEqual(alertIds(await sc.waitFor(1)), ['alert-7'])

    // The client goes away after what it has received; one alert is recorded meanwhile, by another process
    // when the database is PostgreSQL.
    sa.close()
    const lastSeen = sa.events[sa.events.length - 1]?.id as string
    const a8 = sampleAlert(8, w.amber)
    const elsewhere = w.t.db.driver === 'pg'
    assert.deepEqual(
      (elsewhere ? await recordElsewhere(w, [a8]) : await w.record([a8])).map((r) => r.seq),
      [10],
    )
    const resumed = await openSse(url, { ...auth(w.a.viewerKey), 'last-event-id': lastSeen })
    await resumed.waitFor(1)
    await w.record([sampleAlert(9, w.amber)])
    const live = sampleAlert(10, w.amber)
    if (elsewhere) await recordElsewhere(w, [live])
    else await w.record([live])
    await resumed.waitFor(3)
    const union = [...seqs(sa.events), ...seqs(resumed.events)]
    assert.deepEqual(union, ['7', '8', '9', '10', '11', '12'], 'every alert once, in order')

    // A retraction and the re-raise of the same alert reach the stream as two more events.
    await w.record([retraction(a5, 2)])
    await w.record([a5])
    const more = (await resumed.waitFor(5)).slice(3)
    assert.deepEqual(
      more.map((e) => [e.id, JSON.parse(e.data).kind, JSON.parse(e.data).id]),
      [
        ['13', 'retracted', 'retract-alert-5'],
        ['14', 'freezable-arrival', 'alert-5'],
      ],
    )
    assert.deepEqual(alertIds(sc.events), ['alert-7'], 'C saw nothing of the AMBER incident')

    // ?lastEventId= replays from the start: for C, the GREEN alerts only.
    const replay = await openSse(`${url}?lastEventId=0`, auth(w.c.viewerKey))
    assert.deepEqual(alertIds(await replay.waitFor(2)), ['alert-4', 'alert-7'])
    replay.close()
    // Keep-alive comments arrive while nothing happens.
    while (!resumed.comments.includes('keep-alive')) await new Promise((r) => setTimeout(r, 50))
    resumed.close()
    sb.close()
    sc.close()
  })

  test('stream errors answer as JSON before the stream starts; a revoked key ends an open stream', async () => {
    const url = `${w.base}/v1/alerts/stream`
    const none = await openSse(url, {})
    assert.deepEqual([none.status, JSON.parse(await none.body()).code], [401, 'AUTH_REQUIRED'])
    const bad = await openSse(url, { authorization: `Bearer ${w.a.viewerKey}`, 'last-event-id': 'abc' })
    assert.deepEqual([bad.status, JSON.parse(await bad.body()).code], [400, 'SERVER_INVALID_REQUEST'])
    const hidden = await openSse(`${url}?incident=${w.amber}`, { authorization: `Bearer ${w.c.viewerKey}` })
    assert.deepEqual([hidden.status, JSON.parse(await hidden.body()).code], [404, 'SERVER_NOT_FOUND'])

    const me = await call(w.t.app, w.c.adminKey, 'GET', '/v1/me')
    const key = await call(
      w.t.app,
      w.c.adminKey,
      'POST',
      `/v1/organisations/${w.c.id}/users/${me.body.userId}/keys`,
      {},
    )
    const s = await openSse(url, { authorization: `Bearer ${key.body.key}` })
    assert.equal(s.status, 200)
    await call(w.t.app, w.c.adminKey, 'DELETE', `/v1/organisations/${w.c.id}/keys/${key.body.id}`)
    await s.ended
  })

  test('a browser session opens the stream by its cookie alone; signing out ends it', async () => {
    const signIn = await call(w.t.app, null, 'POST', '/v1/session', { apiKey: w.b.viewerKey })
    assert.equal(signIn.status, 200)
    const cookie = /^dragnet_session=([^;]*)/.exec(String(signIn.headers['set-cookie']))?.[1] as string
    const s = await openSse(`${w.base}/v1/alerts/stream`, { cookie: `dragnet_session=${cookie}` })
    assert.equal(s.status, 200)
    const out = await call(w.t.app, null, 'DELETE', '/v1/session', undefined, {
      cookie: `dragnet_session=${cookie}`,
      'x-csrf-token': signIn.body.csrfToken,
    })
    assert.equal(out.status, 204)
    await s.ended
  })

  test('closing the server ends open streams and does not wait for them', async () => {
    const s = await openSse(`${w.base}/v1/alerts/stream`, { authorization: `Bearer ${w.b.viewerKey}` })
    assert.equal(s.status, 200)
    await w.t.app.close()
    await s.ended
  })
})
