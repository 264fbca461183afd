import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { pullObjects } from '../../src/share/taxii/taxii-client.ts'
import { EXCHANGE, type ShareWorld, shareWorld, THIEF } from '../share/share-world.ts'
import { HOLDER } from './fixture-world.ts'
import { call, createOrg, type OrgSetup, startTestServer, type TestServer } from './server-kit.ts'

// biome-ignore lint/suspicious/noExplicitAny: bundle objects are read field by field and every field asserted
type Obj = any

describe('two Dragnet servers on loopback: A publishes, B pulls over TAXII and imports, C sees nothing', () => {
  let a: ShareWorld
  let serverB: TestServer
  let bravo: OrgSetup
  let apiRoot: string
  let collection: string
  before(async () => {
    a = await shareWorld()
    serverB = await startTestServer()
    bravo = await createOrg(serverB, 'Bravo CERT')
    await a.t.app.listen({ port: 0, host: '127.0.0.1' })
    apiRoot = `http://127.0.0.1:${(a.t.app.server.address() as AddressInfo).port}/taxii2/api/`
    const c = await call(a.t.app, a.a.adminKey, 'POST', '/v1/share/collections', { title: 'Alpha outbox' })
    collection = c.body.id
    const pub = await call(a.t.app, a.a.investigatorKey, 'POST', `/v1/incidents/${a.incidentId}/publish`, {
      collection,
    })
    assert.equal(pub.status, 202, pub.text)
  })
  after(async () => {
    await serverB?.close()
    await a?.close()
  })

  test('B pulls page by page to the end and imports exactly what TLP allows', async () => {
    let seen = 0
    const pulled = await pullObjects(
      { apiRoot, collection, key: a.b.viewerKey },
      { addedAfter: null },
      (objs) => {
        seen += objs.length
      },
      5,
    )
    assert.ok(pulled.pages > 1)
    assert.equal(seen, pulled.objects.length)
    const exported = await call(a.t.app, a.a.analystKey, 'GET', `/v1/incidents/${a.incidentId}/export`)
    assert.deepEqual(
      pulled.objects.map((o) => o.id).sort(),
      exported.body.objects.map((o: Obj) => o.id).sort(),
      'B, with whom the AMBER incident is shared, gets every object',
    )
    const bundle = { type: 'bundle', id: 'bundle--8f3f6c3e-0a55-4a4e-a9a3-1b2f7f0f1a01', objects: pulled.objects }
    const imp = await call(serverB.app, bravo.investigatorKey, 'POST', '/v1/share/import', bundle)
    assert.equal(imp.status, 201, imp.text)
    assert.equal(imp.body.incidents.length, 1)
    const copy = imp.body.incidents[0].id
    const seeds = await call(serverB.app, bravo.viewerKey, 'GET', `/v1/incidents/${copy}/seeds`)
    assert.deepEqual(
      seeds.body.seeds.map((s: Obj) => [s.value, s.tlp]),
      [[THIEF, 'AMBER']],
    )
    // Round trip: B's export of its copy names the same objects, addresses, labels, amounts and markings.
    const again = await call(serverB.app, bravo.analystKey, 'GET', `/v1/incidents/${copy}/export`)
    assert.equal(again.status, 200, again.text)
    const pick = (objs: Obj[]) =>
      objs
        .filter((o) => o.type === 'cryptocurrency-wallet')
        .map((o) => [o.value, o.object_marking_refs, o.x_dragnet_labels ?? [], o.x_dragnet_endpoint ?? null])
        .sort()
    assert.deepEqual(pick(again.body.objects), pick(exported.body.objects))
    assert.deepEqual(
      pick(again.body.objects)
        .map((x: Obj) => x[0])
        .sort(),
      [THIEF, EXCHANGE, HOLDER].sort(),
    )
    assert.deepEqual(
      again.body.objects.map((o: Obj) => o.id).sort(),
      exported.body.objects.map((o: Obj) => o.id).sort(),
    )
    const figures = again.body.objects.find((o: Obj) => o.abstract === 'Trace figures')
    assert.equal(figures.x_dragnet_trace.totals.native.exchange, '600')
    // A second pull from where the first stopped brings nothing new.
    const more = await pullObjects({ apiRoot, collection, key: a.b.viewerKey }, pulled.state)
    assert.deepEqual(more.objects, [])
  })

  test('C, outside the incident, pulls only the public objects: no incident, no wallet', async () => {
    const pulled = await pullObjects({ apiRoot, collection, key: a.c.viewerKey }, { addedAfter: null })
    const types = new Set(pulled.objects.map((o) => o.type))
    assert.ok(
      !types.has('incident') && !types.has('cryptocurrency-wallet') && !types.has('indicator') && !types.has('note'),
    )
    assert.ok(!JSON.stringify(pulled.objects).includes(THIEF))
  })

  test('a bundle failing the schema is refused naming the object, and nothing is stored', async () => {
    const count = async () =>
      Number((await serverB.db.query<{ n: string }>('SELECT count(*) AS n FROM incidents')).rows[0]?.n)
    const before = await count()
    const exported = await call(a.t.app, a.a.analystKey, 'GET', `/v1/incidents/${a.incidentId}/export`)
    const objects = exported.body.objects.map((o: Obj) => (o.type === 'indicator' ? { ...o, pattern_type: 7 } : o))
    const bad = await call(serverB.app, bravo.investigatorKey, 'POST', '/v1/share/import', {
      ...exported.body,
      objects,
    })
    assert.equal(bad.status, 400)
    assert.match(bad.body.details.objectId, /^indicator--/)
    assert.equal(await count(), before)
  })
})
