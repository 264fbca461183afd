import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { silentLogger } from '../../src/core/logger.ts'
import { loadPolicy } from '../../src/screen/policy.ts'
import { buildServer } from '../../src/server/build-server.ts'
import { incidentFor } from '../../src/server/db/incidents.ts'
import { createTraceJob } from '../../src/server/db/trace-jobs.ts'
import type { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import { EXCHANGE, fixtureChain, fixtureLabels, HOLDER, SPLIT, THIEF, TX } from './fixture-world.ts'
import {
  call,
  createOrg,
  type OrgSetup,
  SANCTIONED,
  startTestServer,
  type TestServer,
  testLabels,
} from './server-kit.ts'

describe('the API over one organisation', () => {
  let t: TestServer
  let chain: DuckDbStore
  let a: OrgSetup
  let incidentId: string
  let traceId: string
  before(async () => {
    chain = await fixtureChain()
    t = await startTestServer({ chainStore: chain, labelsFor: fixtureLabels })
    a = await createOrg(t, 'Alpha Investigations')
  })
  after(async () => {
    await t.close()
    await chain.close()
  })

  test('an incident is created, read, updated and found by its words', async () => {
    const c = await call(t.app, a.investigatorKey, 'POST', '/v1/incidents', {
      title: 'Meridian hot wallet drain',
      description: 'ETH drained from the hot wallet',
      tlp: 'AMBER',
      chain: 'ethereum',
      occurredAt: '2025-02-21T14:13:00Z',
    })
    assert.equal(c.status, 201)
    incidentId = c.body.id
    assert.equal(c.body.status, 'open')
    assert.equal(c.body.orgId, a.id)
    const p = await call(t.app, a.investigatorKey, 'PATCH', `/v1/incidents/${incidentId}`, { status: 'contained' })
    assert.equal(p.status, 200)
    assert.equal(p.body.status, 'contained')
    assert.equal((await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}`)).body.status, 'contained')
    const found = await call(t.app, a.viewerKey, 'GET', '/v1/incidents?q=HOT%20WALLET&status=contained')
    assert.deepEqual(
      found.body.incidents.map((i: { id: string }) => i.id),
      [incidentId],
    )
    assert.deepEqual((await call(t.app, a.viewerKey, 'GET', '/v1/incidents?q=bridge')).body.incidents, [])
  })

  test('roles: a viewer reads but does not write; an analyst traces but does not raise freeze requests', async () => {
    const v = await call(t.app, a.viewerKey, 'POST', '/v1/incidents', { title: 'x', tlp: 'RED', chain: 'ethereum' })
    assert.equal(v.status, 403)
    assert.equal(v.body.code, 'AUTH_FORBIDDEN')
    const s = await call(t.app, a.viewerKey, 'POST', `/v1/incidents/${incidentId}/seeds`, { seeds: [THIEF] })
    assert.equal(s.body.code, 'AUTH_FORBIDDEN')
    const audit = await call(t.app, a.investigatorKey, 'GET', '/v1/audit')
    assert.equal(audit.status, 403)
  })

  test('seeds are validated, stored once, and listed', async () => {
    const bad = await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/seeds`, { seeds: ['0x12'] })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.code, 'INVALID_ADDRESS')
    const ok = await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/seeds`, {
      seeds: [THIEF.toUpperCase().replace('0X', '0x'), THIEF],
      note: 'attacker EOA',
    })
    assert.equal(ok.status, 201)
    assert.equal(ok.body.seeds.length, 1)
    const again = await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/seeds`, { seeds: [THIEF] })
    assert.deepEqual(again.body.seeds, [])
    const list = await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/seeds`)
    assert.deepEqual(
      list.body.seeds.map((s: { kind: string; value: string }) => [s.kind, s.value]),
      [['address', THIEF]],
    )
  })

  test('a trace runs as a job; its result is the trace JSON; figures follow it', async () => {
    const r = await call(t.app, a.analystKey, 'POST', `/v1/incidents/${incidentId}/traces`, {
      model: 'haircut',
      hops: 5,
    })
    assert.equal(r.status, 202)
    assert.equal(r.body.status, 'queued')
    assert.equal(r.headers.location, `/v1/incidents/${incidentId}/traces/${r.body.id}`)
    traceId = r.body.id
    await t.app.dragnet.runner.idle()
    const job = await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/traces/${traceId}`)
    assert.equal(job.body.status, 'done', JSON.stringify(job.body.error))
    assert.equal(job.body.progress, 1)
    const result = await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/traces/${traceId}/result`)
    assert.equal(result.body.format, 'dragnet.trace/1')
    assert.deepEqual(result.body.seeds, {
      addresses: [THIEF],
      txs: [],
      rules: [{ seed: THIEF, rule: 'receipts', note: null }],
    })
    const ex = result.body.endpoints.find((e: { address: string }) => e.address === EXCHANGE)
    assert.equal(ex.amount, '600')
    assert.deepEqual(ex.freezableBy, [{ kind: 'exchange', name: 'Harbor Exchange' }])
    const fig = await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/figures`)
    // 1000 wei stolen: 600 to the exchange, 400 held; every category is listed, in base units and in ETH.
    const zero = { swappedIn: '0', unfollowed: '0', issuerFreezable: '0', bridge: '0', mixer: '0', dex: '0', dark: '0' }
    assert.deepEqual(fig.body.assets, [
      {
        asset: 'native',
        symbol: 'ETH',
        decimals: 18,
        stolen: '1000',
        traced: '1000',
        held: '400',
        exchange: '600',
        frozen: '0',
        recovered: '0',
        ...zero,
        balanced: true,
        formatted: {
          stolen: '0.000000000000001',
          traced: '0.000000000000001',
          held: '0.0000000000000004',
          exchange: '0.0000000000000006',
          frozen: '0',
          recovered: '0',
          ...zero,
        },
        // The 600 wei reached the exchange and never left it: all of it could still be frozen.
        freezeWindow: {
          reached: '600',
          left: '0',
          remaining: '600',
          formatted: { reached: '0.0000000000000006', left: '0', remaining: '0.0000000000000006' },
        },
      },
    ])
    const alerts = await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/alerts`)
    assert.deepEqual(
      alerts.body.alerts.map((x: Record<string, unknown>) => [
        x.kind,
        x.address,
        x.amount,
        x.amountFormatted,
        x.symbol,
        x.decimals,
        x.message,
      ]),
      [
        [
          'freezable-funds',
          EXCHANGE,
          '600',
          '0.0000000000000006',
          'ETH',
          18,
          `0.0000000000000006 ETH at ${EXCHANGE}: freezable by Harbor Exchange`,
        ],
      ],
    )
  })

  test('a freeze request is drafted from the trace, moves only along its machine, and feeds the figures', async () => {
    const denied = await call(
      t.app,
      a.analystKey,
      'POST',
      `/v1/incidents/${incidentId}/traces/${traceId}/freeze-requests`,
      {},
    )
    assert.equal(denied.body.code, 'AUTH_FORBIDDEN')
    const notFreezable = await call(
      t.app,
      a.investigatorKey,
      'POST',
      `/v1/incidents/${incidentId}/traces/${traceId}/freeze-requests`,
      {
        addresses: [HOLDER],
      },
    )
    assert.equal(notFreezable.body.code, 'SERVER_CONFLICT')
    const d = await call(
      t.app,
      a.investigatorKey,
      'POST',
      `/v1/incidents/${incidentId}/traces/${traceId}/freeze-requests`,
      {},
    )
    assert.equal(d.status, 201)
    assert.equal(d.body.freezeRequests.length, 1)
    const fr = d.body.freezeRequests[0]
    assert.deepEqual(
      [fr.status, fr.target, fr.address, fr.asset, fr.amount],
      ['drafted', { kind: 'exchange', name: 'Harbor Exchange' }, EXCHANGE, 'native', '600'],
    )
    assert.deepEqual(fr.evidence.txs, [TX(3)])
    assert.deepEqual(
      fr.evidence.path.map((e: { tx: string }) => e.tx),
      [TX(2), TX(3)],
    )
    const url = `/v1/incidents/${incidentId}/freeze-requests/${fr.id}`
    const skip = await call(t.app, a.investigatorKey, 'PATCH', url, { status: 'frozen' })
    assert.equal(skip.status, 409)
    assert.equal(skip.body.code, 'SERVER_ILLEGAL_TRANSITION')
    assert.deepEqual(skip.body.details, { from: 'drafted', to: 'frozen', allowed: ['sent'] })
    for (const status of ['sent', 'acknowledged']) {
      assert.equal((await call(t.app, a.investigatorKey, 'PATCH', url, { status })).body.status, status)
    }
    const frozen = await call(t.app, a.investigatorKey, 'PATCH', url, {
      status: 'frozen',
      amount: '550',
      note: 'case 4411',
    })
    assert.equal(frozen.body.frozenAmount, '550')
    let fig = await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/figures`)
    assert.deepEqual([fig.body.assets[0].frozen, fig.body.assets[0].recovered], ['550', '0'])
    assert.deepEqual(fig.body.freezeRequests, { frozen: 1 })
    const rec = await call(t.app, a.investigatorKey, 'PATCH', url, { status: 'recovered' })
    assert.equal(rec.body.recoveredAmount, '550')
    fig = await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/figures`)
    assert.deepEqual([fig.body.assets[0].frozen, fig.body.assets[0].recovered], ['0', '550'])
    const end = await call(t.app, a.investigatorKey, 'PATCH', url, { status: 'released' })
    assert.equal(end.body.code, 'SERVER_ILLEGAL_TRANSITION')
    const got = await call(t.app, a.viewerKey, 'GET', url)
    assert.deepEqual(
      got.body.history.map((h: { status: string }) => h.status),
      ['drafted', 'sent', 'acknowledged', 'frozen', 'recovered'],
    )
  })

  test('the evidence package holds the request, its transactions as CSV, and a manifest whose hashes match', async () => {
    const list = await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/freeze-requests`)
    const id = list.body.freezeRequests[0].id
    assert.equal(
      (await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/freeze-requests/${id}/evidence`)).status,
      403,
    )
    const pkg = await call(t.app, a.analystKey, 'GET', `/v1/incidents/${incidentId}/freeze-requests/${id}/evidence`)
    assert.equal(pkg.body.format, 'dragnet.evidence/2')
    const names = pkg.body.files.map((f: { name: string }) => f.name)
    assert.deepEqual(names, [
      'freeze-request.json',
      'transactions.csv',
      'transaction-hashes.txt',
      'letter.html',
      'letter.pdf',
    ])
    for (const [i, f] of pkg.body.files.entries()) {
      const bytes = Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8')
      const sha = createHash('sha256').update(bytes).digest('hex')
      assert.deepEqual(pkg.body.manifest.files[i], {
        name: f.name,
        mediaType: f.mediaType,
        sha256: sha,
        bytes: bytes.length,
      })
    }
    assert.equal(pkg.body.files[4].encoding, 'base64')
    assert.equal(Buffer.from(pkg.body.files[4].content, 'base64').subarray(0, 5).toString(), '%PDF-')
    const csv = pkg.body.files[1].content.trim().split('\n')
    assert.equal(
      csv[0],
      'step,tx,block,time,from,to,asset,amount,tainted,position,time_utc,symbol,amount_formatted,tainted_formatted',
    )
    assert.equal(csv.length, 3)
    // The second step: 600 wei from the split to the exchange in block 3, at 1700000003 = 2023-11-14T22:13:23Z.
    assert.equal(
      csv[2],
      `2,${TX(3)},3,1700000003,${SPLIT},${EXCHANGE},native,600,600,tx,2023-11-14T22:13:23Z,ETH,0.0000000000000006,0.0000000000000006`,
    )
  })

  test('every write is in the audit log with before and after', async () => {
    const r = await call(t.app, a.adminKey, 'GET', '/v1/audit?limit=500')
    assert.equal(r.status, 200)
    const actions = r.body.entries.map((e: { action: string }) => e.action)
    for (const action of [
      'incident.create',
      'incident.update',
      'seed.create',
      'trace.create',
      'freeze-request.create',
      'freeze-request.transition',
    ]) {
      assert.ok(actions.includes(action), action)
    }
    const upd = r.body.entries.find((e: { action: string }) => e.action === 'incident.update')
    assert.deepEqual([upd.before.status, upd.after.status], ['open', 'contained'])
    const transitions = r.body.entries.filter((e: { action: string }) => e.action === 'freeze-request.transition')
    assert.equal(transitions.length, 4)
  })

  test('screening: one address, a batch with an invalid address, and an address lookup', async () => {
    const one = await call(t.app, a.viewerKey, 'POST', '/v1/screen', { address: SANCTIONED })
    assert.equal(one.body.severity, 'severe')
    assert.equal(one.body.labels[0].category, 'sanctioned')
    const batch = await call(t.app, a.viewerKey, 'POST', '/v1/screen', { addresses: [SANCTIONED, HOLDER, '0x123'] })
    assert.deepEqual(
      batch.body.results.map((r: { address: string; severity: string }) => [r.address, r.severity]),
      [
        [SANCTIONED, 'severe'],
        [HOLDER, 'none'],
      ],
    )
    assert.deepEqual(
      batch.body.invalid.map((r: { code: string }) => r.code),
      ['INVALID_ADDRESS'],
    )
    const both = await call(t.app, a.viewerKey, 'POST', '/v1/screen', { address: SANCTIONED, addresses: [SANCTIONED] })
    assert.equal(both.body.code, 'SERVER_INVALID_REQUEST')
    const look = await call(t.app, a.viewerKey, 'GET', `/v1/addresses/ethereum/${THIEF}?hops=1`)
    assert.equal(look.status, 200)
    assert.deepEqual(look.body.incidents, [incidentId])
    assert.equal(look.body.exposure.length, 2)
  })

  test('errors: unknown route, bad JSON, wrong media type, no key, bad key, no stack anywhere', async () => {
    const cases = [
      [await call(t.app, a.viewerKey, 'GET', '/v1/nothing'), 404, 'SERVER_NOT_FOUND'],
      [
        await call(t.app, a.viewerKey, 'POST', '/v1/screen', '{"address":', { 'content-type': 'application/json' }),
        400,
        'SERVER_INVALID_REQUEST',
      ],
      [
        await call(t.app, a.viewerKey, 'POST', '/v1/screen', '<a/>', { 'content-type': 'application/xml' }),
        415,
        'SERVER_UNSUPPORTED_MEDIA_TYPE',
      ],
      [await call(t.app, null, 'GET', '/v1/incidents'), 401, 'AUTH_REQUIRED'],
      [await call(t.app, 'dn_not-a-key', 'GET', '/v1/incidents'), 401, 'AUTH_INVALID_KEY'],
      [
        await call(t.app, null, 'GET', '/v1/incidents', undefined, { 'x-api-key': 'dn_wrong' }),
        401,
        'AUTH_INVALID_KEY',
      ],
      [await call(t.app, a.viewerKey, 'GET', '/v1/incidents/not-a-uuid'), 400, 'SERVER_INVALID_REQUEST'],
      [
        await call(t.app, a.viewerKey, 'GET', '/v1/incidents/00000000-0000-4000-8000-000000000000'),
        404,
        'SERVER_NOT_FOUND',
      ],
    ] as const
    for (const [r, status, code] of cases) {
      assert.equal(r.status, status, r.text)
      assert.equal(r.body.code, code)
      assert.deepEqual(Object.keys(r.body).sort(), ['code', 'details', 'message'])
      assert.ok(!/\bat .*\.ts:\d+/.test(r.text), 'no stack trace')
    }
  })

  test('a job left queued by a stopped server runs when the next one starts', async () => {
    const access = await incidentFor(t.db, (await call(t.app, a.viewerKey, 'GET', '/v1/me')).body, incidentId)
    const request = (await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/traces/${traceId}`)).body
      .request
    const job = await t.db.transaction((tx) => createTraceJob(tx, access, request, 'AMBER'))
    const next = await buildServer(
      { logger: silentLogger() },
      { db: t.db, labels: testLabels(), policy: loadPolicy(), chainStore: chain, labelsFor: fixtureLabels },
    )
    await next.dragnet.runner.idle()
    const done = await call(next, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/traces/${job.id}`)
    assert.deepEqual([done.body.status, done.body.phase], ['done', 'done'])
    await next.close()
  })

  test('a key also works as X-API-Key', async () => {
    const me = await call(t.app, null, 'GET', '/v1/me', undefined, { 'x-api-key': a.viewerKey })
    assert.deepEqual([me.status, me.body.orgId, me.body.role], [200, a.id, 'viewer'])
  })

  test('OpenAPI 3.1 lists every route with its schemas; /metrics counts requests', async () => {
    const doc = await call(t.app, null, 'GET', '/openapi.json')
    assert.equal(doc.body.openapi, '3.1.0')
    for (const r of t.app.dragnet.routes) {
      if (r.url === '/openapi.json') continue
      const path = r.url.replace(/:(\w+)/g, '{$1}')
      assert.ok(doc.body.paths[path]?.[r.method.toLowerCase()], `${r.method} ${path} in the document`)
    }
    assert.ok(doc.body.paths['/v1/incidents'].post.requestBody.content['application/json'].schema.properties.tlp)
    assert.deepEqual(
      Object.keys(
        doc.body.paths['/v1/incidents/{incidentId}'].get.responses['4XX'].content['application/json'].schema.properties,
      ),
      ['code', 'message', 'details'],
    )
    const m = await call(t.app, null, 'GET', '/metrics')
    assert.match(m.text, /dragnet_http_requests_total\{method="POST",route="\/v1\/incidents",status="201"\} 1\n/)
    assert.match(m.text, /dragnet_trace_jobs_total\{status="done"\} 1\n/)
    assert.equal((await call(t.app, null, 'GET', '/ready')).body.status, 'ready')
  })
})
