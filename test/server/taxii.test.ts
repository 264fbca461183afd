import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { EXCHANGE, type ShareWorld, shareWorld, THIEF } from '../share/share-world.ts'
import { call } from './server-kit.ts'

const MEDIA = 'application/taxii+json;version=2.1'
const AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'
const RED = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'

async function taxii(
  app: FastifyInstance,
  key: string | null,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  opts: { basic?: boolean; accept?: string; contentType?: string; payload?: string } = {},
) {
  const headers: Record<string, string> = { accept: opts.accept ?? MEDIA }
  if (key)
    headers.authorization = opts.basic ? `Basic ${Buffer.from(`analyst:${key}`).toString('base64')}` : `Bearer ${key}`
  if (opts.contentType) headers['content-type'] = opts.contentType
  const r = await app.inject({ method, url, headers, ...(opts.payload !== undefined ? { payload: opts.payload } : {}) })
  return { status: r.statusCode, headers: r.headers, body: r.body ? JSON.parse(r.body) : null }
}

const wallet = (value: string, marking: string) => ({
  type: 'cryptocurrency-wallet',
  spec_version: '2.1',
  id: `cryptocurrency-wallet--${'0'.repeat(8)}-0000-5000-8000-${value.slice(-12).padStart(12, '0')}`,
  value,
  object_marking_refs: [marking],
})

describe('TAXII 2.1 server under /taxii2/', () => {
  let w: ShareWorld
  let col: string
  let base: string
  before(async () => {
    w = await shareWorld()
    const c = await call(w.t.app, w.a.adminKey, 'POST', '/v1/share/collections', { title: 'Alpha outbox' })
    assert.equal(c.status, 201, c.text)
    col = c.body.id
    base = `/taxii2/api/collections/${col}`
    const pub = await call(w.t.app, w.a.investigatorKey, 'POST', `/v1/incidents/${w.incidentId}/publish`, {
      collection: col,
    })
    assert.equal(pub.status, 202, pub.text)
    assert.equal(pub.body.status, 'complete')
  })
  after(async () => {
    await w?.close()
  })

  test('discovery and API root, with Basic or Bearer; 401 without a key, 406 for another media type', async () => {
    const d = await taxii(w.t.app, w.b.viewerKey, 'GET', '/taxii2/', { basic: true })
    assert.equal(d.status, 200)
    assert.match(String(d.headers['content-type']), /^application\/taxii\+json; ?version="?2\.1"?/)
    assert.deepEqual(d.body.api_roots, ['/taxii2/api/'])
    const root = await taxii(w.t.app, w.b.viewerKey, 'GET', '/taxii2/api/')
    assert.deepEqual(root.body.versions, [MEDIA])
    assert.equal(root.body.max_content_length, 1024 * 1024)
    const anon = await taxii(w.t.app, null, 'GET', '/taxii2/')
    assert.equal(anon.status, 401)
    assert.match(String(anon.headers['www-authenticate']), /^Basic /)
    assert.equal((await taxii(w.t.app, w.b.viewerKey, 'GET', '/taxii2/', { accept: 'application/json' })).status, 406)
    assert.equal(
      (await taxii(w.t.app, w.b.viewerKey, 'GET', '/taxii2/', { accept: 'application/taxii+json;version=2.0' })).status,
      406,
    )
    assert.equal(
      (await taxii(w.t.app, w.b.viewerKey, 'GET', '/taxii2/', { accept: 'application/taxii+json' })).status,
      200,
    )
  })

  test('collections: listed and read; an unknown one is a 404 in TAXII shape', async () => {
    const list = await taxii(w.t.app, w.c.viewerKey, 'GET', '/taxii2/api/collections/')
    assert.deepEqual(
      list.body.collections.map((c: { id: string; can_write: boolean }) => [c.id, c.can_write]),
      [[col, false]],
    )
    const own = await taxii(w.t.app, w.a.viewerKey, 'GET', `${base}/`)
    assert.equal(own.body.can_write, true)
    const none = await taxii(
      w.t.app,
      w.a.viewerKey,
      'GET',
      '/taxii2/api/collections/00000000-0000-4000-8000-000000000000/',
    )
    assert.equal(none.status, 404)
    assert.equal(none.body.http_status, '404')
  })

  test('TLP: B (shared) gets the AMBER incident and wallets; C gets only the CLEAR objects', async () => {
    const forB = await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/?match[type]=cryptocurrency-wallet`)
    assert.equal(forB.status, 200)
    assert.equal(forB.body.more, false)
    assert.deepEqual(
      forB.body.objects.map((o: { value: string }) => o.value).sort(),
      [THIEF, EXCHANGE, '0x0000000000000000000000000000000000007f03'].sort(),
    )
    const forC = await taxii(w.t.app, w.c.viewerKey, 'GET', `${base}/objects/`)
    const types = forC.body.objects.map((o: { type: string }) => o.type).sort()
    assert.deepEqual(types, [
      'identity',
      'intrusion-set',
      'marking-definition',
      'marking-definition',
      'relationship',
      'threat-actor',
    ])
    assert.ok(!JSON.stringify(forC.body).includes(THIEF))
    const cWallets = await taxii(w.t.app, w.c.viewerKey, 'GET', `${base}/objects/?match[type]=cryptocurrency-wallet`)
    assert.deepEqual(cWallets.body, { more: false })
    assert.equal(cWallets.headers['x-taxii-date-added-first'], undefined)
  })

  test('pagination: limit, more, next to the end; date-added headers; next with other filters, bad limit', async () => {
    const all = await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/`)
    const total = all.body.objects.length
    const seen: string[] = []
    let url = `${base}/objects/?limit=4`
    let pages = 0
    for (;;) {
      const r = await taxii(w.t.app, w.b.viewerKey, 'GET', url)
      assert.equal(r.status, 200)
      assert.ok(r.headers['x-taxii-date-added-first'] && r.headers['x-taxii-date-added-last'])
      seen.push(...r.body.objects.map((o: { id: string }) => o.id))
      pages++
      if (!r.body.more) break
      url = `${base}/objects/?limit=4&next=${r.body.next}`
    }
    assert.equal(seen.length, total)
    assert.equal(new Set(seen).size, total)
    assert.equal(pages, Math.ceil(total / 4))
    const first = await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/?limit=1`)
    const reused = await taxii(
      w.t.app,
      w.b.viewerKey,
      'GET',
      `${base}/objects/?limit=1&match[type]=indicator&next=${first.body.next}`,
    )
    assert.equal(reused.status, 400)
    assert.equal(reused.body.details.parameter, 'next')
    for (const limit of ['0', '-1', 'x'])
      assert.equal((await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/?limit=${limit}`)).status, 400)
    assert.equal((await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/?bogus=1`)).status, 400)
    const later = await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/?added_after=2999-01-01T00:00:00.000Z`)
    assert.deepEqual(later.body, { more: false })
  })

  test('POST: 415 for another media type, 202 with a status, status readable by its poster only', async () => {
    const env = JSON.stringify({ objects: [wallet('0x00000000000000000000000000000000000000aa', AMBER)] })
    const json = await taxii(w.t.app, w.a.investigatorKey, 'POST', `${base}/objects/`, {
      contentType: 'application/json',
      payload: env,
    })
    assert.equal(json.status, 415)
    const ok = await taxii(w.t.app, w.a.investigatorKey, 'POST', `${base}/objects/`, {
      contentType: MEDIA,
      payload: env,
    })
    assert.equal(ok.status, 202)
    assert.equal(ok.body.success_count, 1)
    assert.equal((await taxii(w.t.app, w.a.viewerKey, 'GET', `/taxii2/api/status/${ok.body.id}/`)).body.total_count, 1)
    assert.equal((await taxii(w.t.app, w.c.viewerKey, 'GET', `/taxii2/api/status/${ok.body.id}/`)).status, 404)
    const byC = await taxii(w.t.app, w.c.investigatorKey, 'POST', `${base}/objects/`, {
      contentType: MEDIA,
      payload: env,
    })
    assert.equal(byC.status, 403)
    // AMBER without an incident: its audience is the owner alone in an organisation collection.
    const b = await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/${JSON.parse(env).objects[0].id}/`)
    assert.equal(b.status, 404)
  })

  test('a bad object, an unknown marking, an oversized POST: an error naming it, nothing stored', async () => {
    const count = async () =>
      Number((await w.t.db.query<{ n: string }>('SELECT count(*) AS n FROM taxii_objects')).rows[0]?.n)
    const before = await count()
    const bad = { ...wallet('0x00000000000000000000000000000000000000bb', AMBER), value: '' }
    const good = wallet('0x00000000000000000000000000000000000000bc', AMBER)
    const r1 = await taxii(w.t.app, w.a.investigatorKey, 'POST', `${base}/objects/`, {
      contentType: MEDIA,
      payload: JSON.stringify({ objects: [good, bad] }),
    })
    assert.equal(r1.status, 400)
    assert.equal(r1.body.details.objectId, bad.id)
    const marked = { ...good, object_marking_refs: ['marking-definition--00000000-0000-4000-8000-000000000000'] }
    const r2 = await taxii(w.t.app, w.a.investigatorKey, 'POST', `${base}/objects/`, {
      contentType: MEDIA,
      payload: JSON.stringify({ objects: [marked] }),
    })
    assert.equal(r2.status, 400)
    assert.match(r2.body.details.problem, /unknown marking/)
    const big = JSON.stringify({ objects: [{ ...good, x_pad: 'x'.repeat(1024 * 1024) }] })
    const r3 = await taxii(w.t.app, w.a.investigatorKey, 'POST', `${base}/objects/`, {
      contentType: MEDIA,
      payload: big,
    })
    assert.equal(r3.status, 413)
    assert.equal(await count(), before)
  })

  test('versions, manifest, one object, DELETE; RED never leaves its organisation', async () => {
    await call(w.t.app, w.a.investigatorKey, 'POST', `/v1/incidents/${w.incidentId}/publish`, { collection: col })
    const id = `incident--${w.incidentId}`
    const v = await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/${id}/versions/`)
    assert.equal(v.body.versions.length, 2)
    const all = await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/${id}/?match[version]=all`)
    assert.equal(all.body.objects.length, 2)
    const last = await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/${id}/`)
    assert.equal(last.body.objects[0].modified, v.body.versions[1])
    const m = await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/manifest/?match[id]=${id}&match[version]=first`)
    assert.deepEqual(
      m.body.objects.map((o: { version: string; media_type: string }) => [o.version, o.media_type]),
      [[v.body.versions[0], 'application/stix+json;version=2.1']],
    )
    const exact = await taxii(
      w.t.app,
      w.b.viewerKey,
      'GET',
      `${base}/objects/${id}/?match[version]=${v.body.versions[0]}`,
    )
    assert.deepEqual(
      exact.body.objects.map((o: { modified: string }) => o.modified),
      [v.body.versions[0]],
    )
    const spec20 = await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/?match[spec_version]=2.0`)
    assert.deepEqual(spec20.body, { more: false })
    assert.equal((await taxii(w.t.app, w.b.investigatorKey, 'DELETE', `${base}/objects/${id}/`)).status, 404)
    assert.equal(
      (await taxii(w.t.app, w.a.investigatorKey, 'DELETE', `${base}/objects/${id}/?match[version]=all`)).status,
      200,
    )
    assert.equal((await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/${id}/`)).status, 404)
    const red = wallet('0x00000000000000000000000000000000000000cc', RED)
    await taxii(w.t.app, w.a.investigatorKey, 'POST', `${base}/objects/`, {
      contentType: MEDIA,
      payload: JSON.stringify({ objects: [red] }),
    })
    assert.equal((await taxii(w.t.app, w.a.viewerKey, 'GET', `${base}/objects/${red.id}/`)).status, 200)
    assert.equal((await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/${red.id}/`)).status, 404)
  })

  test('unsharing the incident withdraws its AMBER objects from B at once', async () => {
    await call(w.t.app, w.a.investigatorKey, 'PUT', `/v1/incidents/${w.incidentId}/shares`, { organisations: [] })
    const forB = await taxii(w.t.app, w.b.viewerKey, 'GET', `${base}/objects/?match[type]=cryptocurrency-wallet`)
    assert.deepEqual(forB.body, { more: false })
  })
})
