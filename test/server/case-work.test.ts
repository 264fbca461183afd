import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { SERVER_MIGRATIONS } from '../../src/server/db/server-migrations.ts'
import type { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import { fixtureChain, fixtureLabels, HOLDER, THIEF } from './fixture-world.ts'
import { call, createOrg, type OrgSetup, startTestServer, type TestServer } from './server-kit.ts'

const MIB = 1024 * 1024

describe('case work: notes and attachments on incidents and addresses, and the address page', () => {
  let t: TestServer
  let chain: DuckDbStore
  let a: OrgSetup
  let b: OrgSetup
  let c: OrgSetup
  let incidentId: string
  before(async () => {
    chain = await fixtureChain()
    t = await startTestServer({ chainStore: chain, labelsFor: fixtureLabels })
    a = await createOrg(t, 'Alpha')
    b = await createOrg(t, 'Bravo Exchange')
    c = await createOrg(t, 'Charlie')
    const inc = await call(t.app, a.investigatorKey, 'POST', '/v1/incidents', {
      title: 'Hot wallet drain',
      tlp: 'AMBER',
      chain: 'ethereum',
    })
    incidentId = inc.body.id
    await call(t.app, a.investigatorKey, 'PUT', `/v1/incidents/${incidentId}/shares`, { organisations: [b.id] })
    await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/seeds`, { seeds: [THIEF] })
  })
  after(async () => {
    await t?.close()
    await chain?.close()
  })

  test('incident notes: marked, seen by the audience, kept by their own marking, removed by their owner, audited', async () => {
    const notes = `/v1/incidents/${incidentId}/notes`
    const n1 = await call(t.app, a.investigatorKey, 'POST', notes, { body: 'Binance desk called back' })
    assert.equal(n1.status, 201)
    assert.deepEqual([n1.body.tlp, n1.body.orgId, n1.body.incidentId], ['AMBER', a.id, incidentId])
    const strict = await call(t.app, b.investigatorKey, 'POST', notes, { body: 'our KYC file', tlp: 'AMBER+STRICT' })
    assert.equal(strict.status, 201)
    const seen = async (key: string) =>
      (await call(t.app, key, 'GET', notes)).body.notes?.map((n: { body: string }) => n.body) ?? null
    assert.deepEqual(await seen(a.viewerKey), ['Binance desk called back'])
    assert.deepEqual(await seen(b.viewerKey), ['Binance desk called back', 'our KYC file'])
    const outsider = await call(t.app, c.adminKey, 'GET', notes)
    assert.deepEqual([outsider.status, outsider.body.code], [404, 'SERVER_NOT_FOUND'])
    const viewer = await call(t.app, a.viewerKey, 'POST', notes, { body: 'x' })
    assert.equal(viewer.body.code, 'AUTH_FORBIDDEN')
    const notOwn = await call(t.app, b.investigatorKey, 'DELETE', `${notes}/${n1.body.id}`)
    assert.deepEqual([notOwn.status, notOwn.body.code], [403, 'AUTH_FORBIDDEN'])
    const hidden = await call(t.app, a.investigatorKey, 'DELETE', `${notes}/${strict.body.id}`)
    assert.equal(hidden.status, 404, "another organisation's strict note is not there for A")
    assert.equal((await call(t.app, a.investigatorKey, 'DELETE', `${notes}/${n1.body.id}`)).status, 204)
    assert.deepEqual(await seen(a.viewerKey), [])
    const audit = await call(t.app, a.adminKey, 'GET', `/v1/incidents/${incidentId}/audit?limit=500`)
    const actions = audit.body.entries
      .filter((e: { objectId: string }) => e.objectId === n1.body.id)
      .map((e: { action: string }) => e.action)
    assert.deepEqual(actions.sort(), ['note.create', 'note.delete'])
  })

  test('incident attachments: stored with their SHA-256, read back byte for byte, bounded in size', async () => {
    const url = `/v1/incidents/${incidentId}/attachments`
    const bytes = Buffer.from('From: compliance@harbor.example\r\nWe froze account 4411.\r\n\u00e9')
    const sha = createHash('sha256').update(bytes).digest('hex')
    const up = await call(t.app, a.investigatorKey, 'POST', url, {
      name: 'harbor-reply.eml',
      mediaType: 'message/rfc822',
      content: bytes.toString('base64'),
      sha256: sha,
      note: 'reply to request 1',
    })
    assert.equal(up.status, 201, up.text)
    assert.deepEqual(
      [up.body.sha256, up.body.bytes, up.body.tlp, up.body.mediaType],
      [sha, bytes.length, 'AMBER', 'message/rfc822'],
    )
    assert.equal(up.body.content, undefined, 'the record does not carry the file')
    const got = await t.app.inject({
      method: 'GET',
      url: `${url}/${up.body.id}/content`,
      headers: { authorization: `Bearer ${b.viewerKey}` },
    })
    assert.equal(got.statusCode, 200)
    assert.deepEqual(got.rawPayload, bytes)
    assert.equal(
      got.headers['content-disposition'],
      'attachment; filename="harbor-reply.eml"; filename*=UTF-8\'\'harbor-reply.eml',
    )
    assert.equal(got.headers['x-content-type-options'], 'nosniff')
    assert.equal(got.headers['x-content-sha256'], sha)
    const listed = await call(t.app, b.viewerKey, 'GET', url)
    assert.deepEqual(
      listed.body.attachments.map((x: { id: string }) => x.id),
      [up.body.id],
    )
    assert.equal((await call(t.app, c.viewerKey, 'GET', `${url}/${up.body.id}/content`)).status, 404)

    const count = async () =>
      Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM case_attachments')).rows[0]?.n)
    const before = await count()
    const big = await call(t.app, a.investigatorKey, 'POST', url, {
      name: 'disk.img',
      content: Buffer.alloc(5 * MIB + 1).toString('base64'),
    })
    assert.deepEqual(
      [big.status, big.body.code, big.body.details],
      [413, 'SERVER_PAYLOAD_TOO_LARGE', { bytes: 5 * MIB + 1, limit: 5 * MIB }],
    )
    const exact = await call(t.app, a.investigatorKey, 'POST', url, {
      name: 'max.bin',
      content: Buffer.alloc(5 * MIB, 7).toString('base64'),
    })
    assert.equal(exact.status, 201, 'exactly 5 MiB is allowed')
    const mismatch = await call(t.app, a.investigatorKey, 'POST', url, {
      name: 'a.txt',
      content: 'YQ==',
      sha256: '0'.repeat(64),
    })
    assert.deepEqual([mismatch.status, mismatch.body.code], [400, 'SERVER_INVALID_REQUEST'])
    const notBase64 = await call(t.app, a.investigatorKey, 'POST', url, { name: 'a.txt', content: 'not base64!' })
    assert.deepEqual([notBase64.status, notBase64.body.code], [400, 'SERVER_INVALID_REQUEST'])
    const path = await call(t.app, a.investigatorKey, 'POST', url, { name: '../etc/passwd', content: 'YQ==' })
    assert.deepEqual([path.status, path.body.code], [400, 'SERVER_INVALID_REQUEST'])
    assert.equal(await count(), before + 1, 'only the 5 MiB file was stored')
    assert.equal((await call(t.app, a.investigatorKey, 'DELETE', `${url}/${exact.body.id}`)).status, 204)
  })

  test('address notes and attachments: the owner only unless marked CLEAR or GREEN; the address normalised', async () => {
    const mixed = `0x${THIEF.slice(2).toUpperCase()}`
    const url = `/v1/addresses/ethereum/${mixed}/notes`
    const own = await call(t.app, a.investigatorKey, 'POST', url, { body: 'attacker EOA, funded via FixedFloat' })
    assert.equal(own.status, 201)
    assert.deepEqual(
      [own.body.address, own.body.chain, own.body.tlp, own.body.incidentId],
      [THIEF, 'ethereum', 'AMBER', null],
    )
    const green = await call(t.app, a.investigatorKey, 'POST', url, { body: 'Lazarus cluster (public)', tlp: 'GREEN' })
    const bodies = async (key: string) =>
      (await call(t.app, key, 'GET', `/v1/addresses/ethereum/${THIEF}/notes`)).body.notes.map(
        (n: { body: string }) => n.body,
      )
    assert.deepEqual(await bodies(a.viewerKey), ['attacker EOA, funded via FixedFloat', 'Lazarus cluster (public)'])
    assert.deepEqual(
      await bodies(b.viewerKey),
      ['Lazarus cluster (public)'],
      'an address has no audience: AMBER is the owner’s',
    )
    assert.deepEqual(await bodies(c.viewerKey), ['Lazarus cluster (public)'])
    const del = await call(t.app, c.investigatorKey, 'DELETE', `/v1/addresses/ethereum/${THIEF}/notes/${green.body.id}`)
    assert.deepEqual([del.status, del.body.code], [403, 'AUTH_FORBIDDEN'])
    const bad = await call(t.app, a.investigatorKey, 'POST', '/v1/addresses/ethereum/0xZZZ/notes', { body: 'x' })
    assert.deepEqual([bad.status, bad.body.code], [400, 'INVALID_ADDRESS'])
    const file = await call(t.app, a.investigatorKey, 'POST', `/v1/addresses/ethereum/${THIEF}/attachments`, {
      name: 'screenshot.png',
      mediaType: 'image/png',
      content: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'),
    })
    assert.equal(file.status, 201)
    assert.deepEqual(
      (await call(t.app, c.viewerKey, 'GET', `/v1/addresses/ethereum/${THIEF}/attachments`)).body.attachments,
      [],
    )
    const read = await call(t.app, c.viewerKey, 'GET', `/v1/addresses/ethereum/${THIEF}/attachments/${file.body.id}`)
    assert.equal(read.status, 404)
    const mine = await call(t.app, a.viewerKey, 'GET', `/v1/addresses/ethereum/${THIEF}/attachments/${file.body.id}`)
    assert.deepEqual(
      [mine.body.bytes, mine.body.sha256],
      [
        4,
        createHash('sha256')
          .update(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
          .digest('hex'),
      ],
    )
  })

  test('the address page finds an incident through a trace that reached the address, for its audience only', async () => {
    const before = await call(t.app, a.viewerKey, 'GET', `/v1/addresses/ethereum/${HOLDER}/incidents`)
    assert.deepEqual(before.body.incidents, [], 'no trace yet, and HOLDER is no seed')
    const job = await call(t.app, a.analystKey, 'POST', `/v1/incidents/${incidentId}/traces`, { hops: 5 })
    await t.app.dragnet.runner.idle()
    for (const key of [a.viewerKey, b.viewerKey]) {
      const page = await call(t.app, key, 'GET', `/v1/addresses/ethereum/${HOLDER}/incidents`)
      assert.equal(page.body.incidents.length, 1)
      const [i] = page.body.incidents
      assert.deepEqual([i.incidentId, i.seed, i.title], [incidentId, false, 'Hot wallet drain'])
      // VICTIM -> THIEF 1000, THIEF -> SPLIT 1000, SPLIT -> HOLDER 400: two hops from the seed, 400 wei kept.
      assert.deepEqual(
        i.traces.map((x: Record<string, unknown>) => [x.traceId, x.hop, x.category]),
        [[job.body.id, 2, 'held']],
      )
      assert.deepEqual(i.traces[0].final.native, {
        amount: '400',
        amountFormatted: '0.0000000000000004',
        symbol: 'ETH',
        decimals: 18,
      })
    }
    assert.deepEqual(
      (await call(t.app, c.adminKey, 'GET', `/v1/addresses/ethereum/${HOLDER}/incidents`)).body.incidents,
      [],
    )
    // Traces finished before the address index existed: the migration fills it from their stored results.
    const page = async () => (await call(t.app, a.viewerKey, 'GET', `/v1/addresses/ethereum/${HOLDER}/incidents`)).body
    const indexed = await page()
    await t.db.query('DELETE FROM trace_addresses')
    assert.deepEqual((await page()).incidents, [])
    const backfill = SERVER_MIGRATIONS.find((m) => m.version === 2)?.statements.find((q) =>
      q.includes('INSERT INTO trace_addresses'),
    )
    assert.ok(backfill)
    await t.db.query(backfill)
    assert.deepEqual(await page(), indexed)
  })
})
