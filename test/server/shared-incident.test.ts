import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO_CHAIN } from '../../src/demo/heist-demo.ts'
import type { HeistManifest } from '../../src/devnet/world/manifest.ts'
import { type HeistServer, heistServer } from './heist-world.ts'
import { call, createOrg, type OrgSetup, type TestServer } from './server-kit.ts'

let h: HeistServer
let manifest: HeistManifest
let t: TestServer
let a: OrgSetup
let b: OrgSetup
let c: OrgSetup

before(async () => {
  h = await heistServer()
  manifest = h.manifest
  t = h.t
  a = await createOrg(t, 'Meridian Investigations')
  b = await createOrg(t, 'Harbor Exchange')
  c = await createOrg(t, 'Outsider Agency')
})
after(async () => {
  await h?.close()
})

test('two organisations work one shared incident end to end; a third sees nothing of it', async () => {
  // A opens the incident, names the theft's transactions and addresses, and shares it with B by name.
  const inc = await call(t.app, a.investigatorKey, 'POST', '/v1/incidents', {
    title: 'Meridian Exchange cold wallet heist',
    tlp: 'AMBER',
    chain: DEMO_CHAIN,
  })
  assert.equal(inc.status, 201)
  const id = inc.body.id as string
  const seeds = [...manifest.seeds.transactions, ...manifest.seeds.addresses]
  assert.equal((await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${id}/seeds`, { seeds })).status, 201)
  const shared = await call(t.app, a.investigatorKey, 'PUT', `/v1/incidents/${id}/shares`, { organisations: [b.id] })
  assert.deepEqual(shared.body.sharedWith, [b.id])

  // B, the exchange, traces it.
  const job = await call(t.app, b.analystKey, 'POST', `/v1/incidents/${id}/traces`, { model: 'haircut' })
  assert.equal(job.status, 202)
  await t.app.dragnet.runner.idle()
  const done = await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${id}/traces/${job.body.id}`)
  assert.equal(done.body.status, 'done', JSON.stringify(done.body.error))
  const result = (await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${id}/traces/${job.body.id}/result`)).body
  assert.equal(result.format, 'dragnet.trace/1')
  assert.equal(result.chain, DEMO_CHAIN)
  const freezable = result.endpoints.filter((e: { freezableBy: unknown[] }) => e.freezableBy.length > 0)
  assert.ok(freezable.length > 0, 'the trace finds freezable funds')

  // A drafts freeze requests from B's trace: pre-filled from the trace's freezable endpoints.
  const drafted = await call(
    t.app,
    a.investigatorKey,
    'POST',
    `/v1/incidents/${id}/traces/${job.body.id}/freeze-requests`,
    {},
  )
  assert.equal(drafted.status, 201)
  const frs = drafted.body.freezeRequests as {
    id: string
    address: string
    asset: string
    amount: string
    target: { kind: string; name: string }
    evidence: { txs: string[]; path: unknown[] }
  }[]
  assert.deepEqual(
    frs.map((f) => [f.address, f.asset, f.amount]),
    freezable.map((e: { address: string; asset: string; amount: string }) => [e.address, e.asset, e.amount]),
  )
  for (const f of frs) {
    assert.ok(f.evidence.txs.length > 0 && f.evidence.path.length > 0, 'evidence: paths and transactions')
  }
  const atExchange = frs.find((f) => f.target.kind === 'exchange')
  assert.ok(atExchange, 'one request goes to the exchange')
  assert.equal(atExchange.target.name, 'Harbor Exchange')
  // Exactly the freezable places of the heist's ground truth: addresses, assets and amounts.
  const truth = manifest.expected.models.haircut.endpoints
    .filter((e) => e.freezableBy.length > 0)
    .map((e) => [e.address.toLowerCase(), e.asset.toLowerCase(), e.amount.toString()].join(' '))
  assert.deepEqual(
    frs.map((f) => [f.address.toLowerCase(), f.asset.toLowerCase(), f.amount].join(' ')).sort(),
    truth.sort(),
  )

  // A sends it, B acknowledges and freezes part of it; an illegal step is refused.
  const url = `/v1/incidents/${id}/freeze-requests/${atExchange.id}`
  assert.equal((await call(t.app, a.investigatorKey, 'PATCH', url, { status: 'sent' })).body.status, 'sent')
  assert.equal(
    (await call(t.app, b.investigatorKey, 'PATCH', url, { status: 'acknowledged' })).body.status,
    'acknowledged',
  )
  const frozenAmount = (BigInt(atExchange.amount) / 2n).toString()
  const frozen = await call(t.app, b.investigatorKey, 'PATCH', url, { status: 'frozen', amount: frozenAmount })
  assert.equal(frozen.body.frozenAmount, frozenAmount)
  assert.equal(
    (await call(t.app, b.investigatorKey, 'PATCH', url, { status: 'sent' })).body.code,
    'SERVER_ILLEGAL_TRANSITION',
  )
  for (const key of [a.viewerKey, b.viewerKey]) {
    const fig = await call(t.app, key, 'GET', `/v1/incidents/${id}/figures`)
    const row = fig.body.assets.find((x: { asset: string }) => x.asset === atExchange.asset)
    assert.equal(row.frozen, frozenAmount)
    assert.equal(row.recovered, '0')
    assert.equal(BigInt(row.stolen) > 0n, true)
  }
  const recovered = await call(t.app, b.investigatorKey, 'PATCH', url, { status: 'recovered' })
  assert.equal(recovered.body.recoveredAmount, frozenAmount)

  // A's admin sees in the incident's audit what B did.
  const audit = await call(t.app, a.adminKey, 'GET', `/v1/incidents/${id}/audit?limit=1000`)
  const byB = audit.body.entries
    .filter((e: { orgId: string; action: string }) => e.orgId === b.id)
    .map((e: { action: string; after: { status?: string } }) => `${e.action}:${e.after?.status ?? ''}`)
  assert.deepEqual(
    byB.sort(),
    [
      'freeze-request.transition:acknowledged',
      'freeze-request.transition:frozen',
      'freeze-request.transition:recovered',
      'trace.create:queued',
      'trace.complete:done',
    ].sort(),
  )

  // C sees nothing: not the incident, its traces, its requests, its figures, nor that a seed names it.
  for (const path of [
    `/v1/incidents/${id}`,
    `/v1/incidents/${id}/traces/${job.body.id}`,
    `/v1/incidents/${id}/traces/${job.body.id}/result`,
    `/v1/incidents/${id}/freeze-requests`,
    url,
    `/v1/incidents/${id}/figures`,
  ]) {
    const r = await call(t.app, c.adminKey, 'GET', path)
    assert.equal(r.status, 404, path)
  }
  assert.deepEqual((await call(t.app, c.adminKey, 'GET', '/v1/incidents')).body.incidents, [])
  // The incident is on the demo chain: its address page there lists it, for the organisations that may see it.
  const seedAddress = manifest.seeds.addresses[0] ?? frs[0]?.address
  const look = await call(t.app, c.viewerKey, 'GET', `/v1/addresses/${DEMO_CHAIN}/${seedAddress}?hops=0`)
  assert.deepEqual(look.body.incidents, [])
  const lookA = await call(t.app, a.viewerKey, 'GET', `/v1/addresses/${DEMO_CHAIN}/${seedAddress}?hops=0`)
  assert.deepEqual(lookA.body.incidents, manifest.seeds.addresses.length > 0 ? [id] : [])
})
