import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { THIEF } from './fixture-world.ts'
import { call } from './server-kit.ts'
import { fillUrl, snapshot, type TenancyWorld, tenancyWorld } from './tenancy-world.ts'

/** A valid body for every route that takes one, so a refusal below is tenancy's, not validation's. */
const BODIES: Record<string, unknown> = {
  'POST /v1/organisations': { name: 'Delta' },
  'POST /v1/organisations/:orgId/users': { name: 'intruder', role: 'admin' },
  'POST /v1/organisations/:orgId/users/:userId/keys': {},
  'POST /v1/screen': { address: THIEF },
  'POST /v1/incidents': { title: 'Charlie incident', tlp: 'RED', chain: 'ethereum' },
  'PATCH /v1/incidents/:incidentId': { title: 'taken over' },
  'PUT /v1/incidents/:incidentId/shares': { organisations: [] },
  'POST /v1/incidents/:incidentId/seeds': { seeds: [THIEF] },
  'POST /v1/incidents/:incidentId/traces': {},
  'POST /v1/incidents/:incidentId/traces/:traceId/freeze-requests': {},
  'PATCH /v1/incidents/:incidentId/freeze-requests/:freezeRequestId': { status: 'sent' },
  'POST /v1/incidents/:incidentId/notes': { body: 'a note' },
  'POST /v1/incidents/:incidentId/attachments': { name: 'a.txt', content: 'YQ==' },
  'POST /v1/addresses/:chain/:address/notes': { body: 'a note' },
  'POST /v1/addresses/:chain/:address/attachments': { name: 'a.txt', content: 'YQ==' },
  'POST /v1/webhooks': { url: 'http://127.0.0.1:9/charlie' },
  'PUT /v1/incidents/:incidentId/watch': { model: 'poison' },
  'POST /v1/session': { apiKey: 'dn_unknown' },
  'POST /v1/session/link': { token: 'unknown' },
  'POST /v1/session/links': {},
  'POST /v1/hire/applicants/check': {
    applicant: { id: 'c1', identity: { name: 'x', claimedLocation: { country: 'US', timeZone: 'UTC' } } },
  },
  // An empty tar archive: two zero blocks.
  'POST /v1/hire/scan': { archive: Buffer.alloc(1024).toString('base64') },
  'POST /v1/share/collections': { title: 'Charlie outbox' },
  'POST /v1/incidents/:incidentId/publish': { collection: '00000000-0000-4000-8000-000000000000' },
  'POST /v1/share/import': { type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [] },
}
/** Sign-in and sign-out: they take a key, a link or the cookie, and act as that key's organisation only. */
const SESSION = ['DELETE /v1/session', 'GET /v1/session', 'POST /v1/session', 'POST /v1/session/link']
/** A stream never ends by itself: test/server/alert-delivery.test.ts reads it over a socket, tenancy included. */
const STREAMS = ['/v1/alerts/stream']
const PUBLIC = ['GET /health', 'GET /ready', 'GET /metrics', 'GET /openapi.json']

describe('tenancy, route by route', () => {
  let w: TenancyWorld
  before(async () => {
    w = await tenancyWorld()
  })
  after(async () => {
    await w.close()
  })

  test('every route states how it treats organisations; only the four system routes need no key', () => {
    const routes = w.t.app.dragnet.routes
    assert.ok(routes.length >= 30)
    for (const r of routes) assert.ok(r.tenancy, `${r.method} ${r.url} has no tenancy`)
    assert.deepEqual(
      routes
        .filter((r) => r.tenancy === 'public')
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
      [...PUBLIC].sort(),
    )
    assert.deepEqual(
      routes
        .filter((r) => r.tenancy === 'session')
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
      SESSION,
    )
    for (const r of routes) {
      if (['POST', 'PUT', 'PATCH'].includes(r.method))
        assert.ok(`${r.method} ${r.url}` in BODIES, `sample body for ${r.method} ${r.url}`)
    }
  })

  test("another organisation's users get 404 or 403 on every route naming one of A's objects, and change nothing", async () => {
    const before = await snapshot(w.t)
    let tried = 0
    // The same route with ids that exist nowhere: C's answer about A's objects must be the same answer.
    const ghost = Object.fromEntries(
      Object.entries(w.params).map(([k, v]) => [k, /^[0-9a-f-]{36}$/.test(v) ? randomUUID() : v]),
    )
    const mask = (text: string, params: Record<string, string>) =>
      Object.values(params).reduce((acc, v) => acc.replaceAll(v, '<id>'), text)
    for (const r of w.t.app.dragnet.routes.filter((x) => x.tenancy === 'object')) {
      for (const key of [w.c.adminKey, w.c.investigatorKey, w.c.viewerKey]) {
        const body = BODIES[`${r.method} ${r.url}`]
        const res = await call(w.t.app, key, r.method as 'GET', fillUrl(r.url, w.params), body)
        assert.ok([403, 404].includes(res.status), `${r.method} ${r.url}: ${res.status} ${res.text}`)
        const masked = mask(res.text, w.params)
        for (const s of w.secrets) assert.ok(!masked.includes(s), `${r.method} ${r.url} leaks ${s}`)
        const none = await call(w.t.app, key, r.method as 'GET', fillUrl(r.url, ghost), body)
        assert.equal(masked, mask(none.text, ghost), `${r.method} ${r.url} tells A's object from none`)
        tried++
      }
    }
    assert.ok(tried >= 60)
    assert.equal(await snapshot(w.t), before)
  })

  test("list and search routes answer another organisation without any of A's objects", async () => {
    for (const r of w.t.app.dragnet.routes.filter((x) => x.tenancy === 'list' && !STREAMS.includes(x.url))) {
      const res = await call(w.t.app, w.c.adminKey, r.method as 'GET', fillUrl(r.url, w.params))
      assert.equal(res.status, 200, `${r.method} ${r.url}: ${res.text}`)
      for (const s of w.secrets) assert.ok(!res.text.includes(s), `${r.method} ${r.url} leaks ${s}`)
    }
    // The same searches do find A's incident for A and for B, with whom it is shared.
    for (const key of [w.a.viewerKey, w.b.viewerKey]) {
      const list = await call(w.t.app, key, 'GET', '/v1/incidents?q=secret')
      assert.deepEqual(
        list.body.incidents.map((i: { id: string }) => i.id),
        [w.params.incidentId],
      )
      const look = await call(w.t.app, key, 'GET', `/v1/addresses/ethereum/${THIEF}?hops=0`)
      assert.deepEqual(look.body.incidents, [w.params.incidentId])
    }
  })

  test("routes on the caller's own organisation answer another organisation without any of A's objects", async () => {
    for (const r of w.t.app.dragnet.routes.filter((x) => x.tenancy === 'own')) {
      const res = await call(
        w.t.app,
        w.c.adminKey,
        r.method as 'GET',
        fillUrl(r.url, w.params),
        BODIES[`${r.method} ${r.url}`],
      )
      assert.ok(res.status < 300 || res.status === 403, `${r.method} ${r.url}: ${res.status} ${res.text}`)
      for (const s of w.secrets) assert.ok(!res.text.includes(s), `${r.method} ${r.url} leaks ${s}`)
    }
  })

  test("a session acts as its key's organisation: C's sees nothing of A's, by cookie, on the routes that list", async () => {
    const signIn = await call(w.t.app, null, 'POST', '/v1/session', { apiKey: w.c.adminKey })
    assert.equal(signIn.status, 200)
    assert.equal(signIn.body.principal.orgId, w.c.id)
    const cookie = /^dragnet_session=([^;]+)/.exec(signIn.headers['set-cookie'] as string)?.[1] as string
    const headers = { cookie: `dragnet_session=${cookie}` }
    for (const r of w.t.app.dragnet.routes.filter((x) => x.tenancy === 'list' && !STREAMS.includes(x.url))) {
      const res = await call(w.t.app, null, r.method as 'GET', fillUrl(r.url, w.params), undefined, headers)
      assert.equal(res.status, 200, `${r.method} ${r.url}: ${res.text}`)
      for (const s of w.secrets) assert.ok(!res.text.includes(s), `${r.method} ${r.url} leaks ${s}`)
    }
    for (const r of w.t.app.dragnet.routes.filter((x) => x.tenancy === 'object' && x.method === 'GET')) {
      const res = await call(w.t.app, null, 'GET', fillUrl(r.url, w.params), undefined, headers)
      assert.ok([403, 404].includes(res.status), `${r.method} ${r.url}: ${res.status} ${res.text}`)
      // A 404 names the id asked for, as it would for one that exists nowhere; nothing else of A's.
      const masked = Object.values(w.params).reduce((acc, v) => acc.replaceAll(v, '<id>'), res.text)
      for (const s of w.secrets) assert.ok(!masked.includes(s), `${r.method} ${r.url} leaks ${s}`)
    }
    // A link minted by C's admin signs in as C, never as another organisation.
    const link = await call(w.t.app, w.c.adminKey, 'POST', '/v1/session/links', {})
    const byLink = await call(w.t.app, null, 'POST', '/v1/session/link', { token: link.body.token })
    assert.equal(byLink.body.principal.orgId, w.c.id)
    const foreign = await call(w.t.app, w.c.adminKey, 'POST', '/v1/session/links', { keyId: w.params.keyId })
    assert.equal(foreign.body.code, 'TENANCY_CROSS_ORGANISATION')
  })

  test('the organisation it is shared with works on it but does not change it; its strict objects stay its own', async () => {
    const { incidentId, traceId } = w.params
    assert.equal((await call(w.t.app, w.b.viewerKey, 'GET', `/v1/incidents/${incidentId}`)).status, 200)
    const own = await call(w.t.app, w.b.viewerKey, 'GET', `/v1/incidents/${incidentId}`)
    assert.deepEqual(own.body.sharedWith, [], 'the share list is the owner’s to see')
    const patch = await call(w.t.app, w.b.investigatorKey, 'PATCH', `/v1/incidents/${incidentId}`, { title: 'x' })
    assert.equal(patch.body.code, 'AUTH_FORBIDDEN')
    const seed = await call(w.t.app, w.b.investigatorKey, 'POST', `/v1/incidents/${incidentId}/seeds`, {
      seeds: ['0x00000000000000000000000000000000000000b0'],
      tlp: 'AMBER+STRICT',
    })
    assert.equal(seed.status, 201)
    const seedsForA = await call(w.t.app, w.a.viewerKey, 'GET', `/v1/incidents/${incidentId}/seeds`)
    assert.deepEqual(
      seedsForA.body.seeds.map((s: { value: string }) => s.value),
      [THIEF],
    )
    const seedsForB = await call(w.t.app, w.b.viewerKey, 'GET', `/v1/incidents/${incidentId}/seeds`)
    assert.equal(seedsForB.body.seeds.length, 2)
    const evidence = await call(
      w.t.app,
      w.b.analystKey,
      'GET',
      `/v1/incidents/${incidentId}/freeze-requests/${w.params.freezeRequestId}/evidence`,
    )
    assert.equal(evidence.status, 200, 'AMBER: a recipient may export')
    assert.equal(
      (await call(w.t.app, w.b.viewerKey, 'GET', `/v1/incidents/${incidentId}/traces/${traceId}`)).status,
      200,
    )
  })

  test('GREEN is seen by every organisation but worked on only by its audience; AMBER+STRICT is never shared', async () => {
    const green = await call(w.t.app, w.a.investigatorKey, 'POST', '/v1/incidents', {
      title: 'Advisory',
      tlp: 'GREEN',
      chain: 'ethereum',
    })
    assert.equal((await call(w.t.app, w.c.viewerKey, 'GET', `/v1/incidents/${green.body.id}`)).status, 200)
    const add = await call(w.t.app, w.c.investigatorKey, 'POST', `/v1/incidents/${green.body.id}/seeds`, {
      seeds: [THIEF],
    })
    assert.equal(add.status, 403)
    const strict = await call(w.t.app, w.a.investigatorKey, 'POST', '/v1/incidents', {
      title: 'Inside',
      tlp: 'AMBER+STRICT',
      chain: 'ethereum',
    })
    const share = await call(w.t.app, w.a.investigatorKey, 'PUT', `/v1/incidents/${strict.body.id}/shares`, {
      organisations: [w.b.id],
    })
    assert.equal(share.status, 409)
    assert.equal(share.body.code, 'TENANCY_SHARING_FORBIDDEN')
    const tighten = await call(w.t.app, w.a.investigatorKey, 'PATCH', `/v1/incidents/${w.params.incidentId}`, {
      tlp: 'AMBER+STRICT',
    })
    assert.equal(tighten.body.code, 'TENANCY_SHARING_FORBIDDEN')
    const red = await call(w.t.app, w.a.investigatorKey, 'PATCH', `/v1/incidents/${w.params.incidentId}`, {
      tlp: 'RED',
    })
    assert.equal(red.status, 200)
    const evidence = await call(
      w.t.app,
      w.b.analystKey,
      'GET',
      `/v1/incidents/${w.params.incidentId}/freeze-requests/${w.params.freezeRequestId}/evidence`,
    )
    assert.equal(evidence.status, 403, 'RED: only the owner exports')
    await call(w.t.app, w.a.investigatorKey, 'PATCH', `/v1/incidents/${w.params.incidentId}`, { tlp: 'AMBER' })
  })

  test('an organisation admin manages only its own organisation; a revoked key stops at once', async () => {
    const other = await call(w.t.app, w.c.adminKey, 'GET', `/v1/organisations/${w.a.id}/users`)
    assert.equal(other.body.code, 'TENANCY_CROSS_ORGANISATION')
    const u = await call(w.t.app, w.c.adminKey, 'POST', `/v1/organisations/${w.c.id}/users`, {
      name: 'temp',
      role: 'viewer',
    })
    const k = await call(w.t.app, w.c.adminKey, 'POST', `/v1/organisations/${w.c.id}/users/${u.body.id}/keys`, {
      label: 'temp',
    })
    assert.equal((await call(w.t.app, k.body.key, 'GET', '/v1/me')).body.userId, u.body.id)
    const listed = await call(w.t.app, w.c.adminKey, 'GET', `/v1/organisations/${w.c.id}/keys`)
    assert.ok(!listed.text.includes(k.body.key), 'keys are never listed')
    const rev = await call(w.t.app, w.c.adminKey, 'DELETE', `/v1/organisations/${w.c.id}/keys/${k.body.id}`)
    assert.ok(rev.body.revokedAt)
    assert.equal((await call(w.t.app, k.body.key, 'GET', '/v1/me')).body.code, 'AUTH_INVALID_KEY')
    const stored = await w.t.db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [k.body.id])
    assert.match(stored.rows[0]?.key_hash ?? '', /^[0-9a-f]{64}$/)
    assert.notEqual(stored.rows[0]?.key_hash, k.body.key)
  })
})
