import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { call } from '../server/server-kit.ts'
import { type ShareWorld, shareWorld, THIEF } from './share-world.ts'

// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field and every field asserted
type Obj = any

describe('share API: export as STIX or MISP, import, imported labels', () => {
  let w: ShareWorld
  before(async () => {
    w = await shareWorld()
  })
  after(async () => {
    await w?.close()
  })

  test('B imports the MISP event of A’s incident: an incident of its own, the seed, the labels with producer', async () => {
    const misp = await call(w.t.app, w.b.analystKey, 'GET', `/v1/incidents/${w.incidentId}/export?format=misp`)
    assert.equal(misp.status, 200, misp.text)
    assert.equal(misp.body.Event.Orgc.name, 'Alpha Exchange')
    const imp = await call(w.t.app, w.b.investigatorKey, 'POST', '/v1/share/import', misp.body)
    assert.equal(imp.status, 201, imp.text)
    assert.equal(imp.body.incidents[0].created, true)
    const copy = await call(w.t.app, w.b.viewerKey, 'GET', `/v1/incidents/${imp.body.incidents[0].id}`)
    assert.equal(copy.body.orgId, w.b.id)
    assert.equal(copy.body.tlp, 'AMBER')
    // Importing it again updates the same copy.
    const twice = await call(w.t.app, w.b.investigatorKey, 'POST', '/v1/share/import', misp.body)
    assert.equal(twice.body.incidents[0].id, imp.body.incidents[0].id)
    assert.equal(twice.body.incidents[0].created, false)
    const labels = await call(w.t.app, w.b.viewerKey, 'GET', '/v1/share/labels')
    assert.deepEqual(
      labels.body.labels.map((l: Obj) => [l.address, l.category, l.source, l.confidence, l.tlp, l.producer.name]),
      [[THIEF, 'dprk-attributed', 'fbi-psa250226', 90, 'AMBER', 'Alpha Exchange']],
    )
    // Dragnet -> MISP -> Dragnet on the server: B's STIX export of its copy has A's wallets, labels, amounts, markings.
    const wallets = (b: Obj) =>
      b.objects
        .filter((o: Obj) => o.type === 'cryptocurrency-wallet')
        .map((o: Obj) => [o.id, o.object_marking_refs, o.x_dragnet_labels ?? [], o.x_dragnet_endpoint ?? null])
        .sort()
    const fromA = await call(w.t.app, w.a.analystKey, 'GET', `/v1/incidents/${w.incidentId}/export`)
    const fromB = await call(w.t.app, w.b.analystKey, 'GET', `/v1/incidents/${imp.body.incidents[0].id}/export`)
    assert.equal(wallets(fromB.body).length, 3)
    assert.deepEqual(wallets(fromB.body), wallets(fromA.body))
    // C imported nothing and sees none of it.
    assert.deepEqual((await call(w.t.app, w.c.viewerKey, 'GET', '/v1/share/labels')).body.labels, [])
  })

  test('C may not export A’s incident; an oversized import is a 413 and stores nothing', async () => {
    const c = await call(w.t.app, w.c.analystKey, 'GET', `/v1/incidents/${w.incidentId}/export`)
    assert.equal(c.status, 404)
    const before = (await w.t.db.query('SELECT count(*) AS n FROM share_labels')).rows[0]
    const big = {
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      objects: [],
      pad: 'x'.repeat(1024 * 1024),
    }
    const r = await call(w.t.app, w.c.investigatorKey, 'POST', '/v1/share/import', big)
    assert.equal(r.status, 413)
    assert.equal(r.body.code, 'SERVER_PAYLOAD_TOO_LARGE')
    assert.deepEqual((await w.t.db.query('SELECT count(*) AS n FROM share_labels')).rows[0], before)
  })
})
