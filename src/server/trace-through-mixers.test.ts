import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { call, createOrg, type OrgSetup, startTestServer, type TestServer } from '../../test/server/server-kit.ts'
import { type MixerHeistServer, mixerHeistServer } from '../../test/web/mixer-heist-world.ts'
import {
  ETH,
  EXCHANGE,
  EXCHANGE2,
  fixtureProbableLayer,
  LINK_ID,
  POOL,
  probableChain,
  probableLabels,
  THIEF,
} from '../../test/web/probable-world.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'

// The chain of test/web/probable-world.ts: 1000 ETH stolen, 900 paid to Harbor Exchange, 100 into a mixer pool.
const wei = (eth: bigint) => (eth * ETH).toString()
const EXACT_NATIVE = {
  stolen: wei(1000n),
  swappedIn: '0',
  traced: wei(1000n),
  held: '0',
  exchange: wei(900n),
  issuerFreezable: '0',
  bridge: '0',
  mixer: wei(100n),
  dex: '0',
  dark: '0',
  unfollowed: '0',
}

describe('trace jobs through mixers', () => {
  let t: TestServer
  let chain: DuckDbStore
  let org: OrgSetup
  let incident: string
  const layer = fixtureProbableLayer()
  const traces = () => `/v1/incidents/${incident}/traces`
  const run = async (body: Record<string, unknown>) => {
    const r = await call(t.app, org.investigatorKey, 'POST', traces(), body)
    assert.equal(r.status, 202, r.text)
    await t.app.dragnet.runner.idle()
    const job = await call(t.app, org.viewerKey, 'GET', `${traces()}/${r.body.id}`)
    assert.equal(job.body.status, 'done', job.text)
    const result = await call(t.app, org.viewerKey, 'GET', `${traces()}/${r.body.id}/result`)
    return { job: job.body, result: result.body }
  }

  before(async () => {
    chain = await probableChain()
    t = await startTestServer({ chainStore: chain, labelsFor: probableLabels, addProbableLayer: layer.add })
    org = await createOrg(t, 'Mixer Investigations')
    const i = await call(t.app, org.investigatorKey, 'POST', '/v1/incidents', {
      title: 'Drained into a pool',
      tlp: 'AMBER',
      chain: 'ethereum',
    })
    incident = i.body.id
    await call(t.app, org.investigatorKey, 'POST', `/v1/incidents/${incident}/seeds`, { seeds: [THIEF] })
  })
  after(async () => {
    await t?.close()
    await chain?.close()
  })

  test('without throughMixers nothing changes: no probable layer, the defaults stored', async () => {
    const { job, result } = await run({})
    assert.equal(job.request.throughMixers, false)
    assert.equal(job.request.minConfidence, 0.5)
    assert.deepEqual(job.request.mixerRulesOff, [])
    assert.equal(job.summary.probable, null)
    assert.equal(result.probable, undefined)
    assert.deepEqual(result.totals.native, EXACT_NATIVE)
    assert.equal(layer.calls.length, 0)
  })

  test('with throughMixers the stored result carries the layer, the exact totals and figures unchanged', async () => {
    const { job, result } = await run({ throughMixers: true, minConfidence: 0.75, mixerRulesOff: ['gas-price'] })
    assert.deepEqual(
      { throughMixers: job.request.throughMixers, min: job.request.minConfidence, off: job.request.mixerRulesOff },
      { throughMixers: true, min: 0.75, off: ['gas-price'] },
    )
    assert.equal(layer.calls.length, 1)
    assert.equal(layer.calls[0]?.minConfidence, 0.75)
    assert.deepEqual([...(layer.calls[0]?.rules ?? [])].sort(), [
      'address-match',
      'linked-addresses',
      'multi-denomination',
      'timing',
    ])
    assert.deepEqual(
      result.probable.links.map((l: { id: string; confidence: number }) => [l.id, l.confidence]),
      [[LINK_ID, 0.82]],
    )
    assert.equal(result.probable.endpoints[0].address, EXCHANGE2)
    assert.equal(result.probable.endpoints[0].amount, wei(100n))
    assert.deepEqual(result.totals.native, EXACT_NATIVE)
    assert.deepEqual(result.endpoints.map((e: { address: string; amount: string }) => [e.address, e.amount]).sort(), [
      [POOL, wei(100n)],
      [EXCHANGE, wei(900n)],
    ])
    assert.deepEqual(job.summary.totals.native, EXACT_NATIVE)
    assert.deepEqual(job.summary.probable, { minConfidence: 0.75, links: 1, endpoints: 1, freezable: 1 })
    assert.equal(job.summary.freezable, 1, 'only the exact Harbor Exchange deposit counts as freezable')

    const fig = await call(t.app, org.viewerKey, 'GET', `/v1/incidents/${incident}/figures`)
    const native = fig.body.assets.find((x: { asset: string }) => x.asset === 'native')
    assert.equal(fig.body.traceId, job.id)
    assert.deepEqual(
      [native.stolen, native.traced, native.exchange, native.mixer, native.balanced],
      [wei(1000n), wei(1000n), wei(900n), wei(100n), true],
    )

    // A probable target is never drafted as if it were exact; the exact one is.
    const draft = (addresses: string[]) =>
      call(t.app, org.investigatorKey, 'POST', `${traces()}/${job.id}/freeze-requests`, { addresses })
    const probable = await draft([EXCHANGE2])
    assert.equal(probable.status, 409)
    assert.equal(probable.body.code, 'SERVER_CONFLICT')
    const exact = await draft([EXCHANGE])
    assert.equal(exact.status, 201)
    assert.deepEqual(
      exact.body.freezeRequests.map((f: { address: string; amount: string }) => [f.address, f.amount]),
      [[EXCHANGE, wei(900n)]],
    )
    const alerts = await call(t.app, org.viewerKey, 'GET', `/v1/alerts?incident=${incident}`)
    assert.equal(alerts.status, 200, alerts.text)
    assert.ok(alerts.text.includes(EXCHANGE), alerts.text)
    assert.ok(!alerts.text.includes(EXCHANGE2), 'no freezable-funds alert for a probable target')
  })

  test('a bad rule name or confidence is a 400 SERVER_INVALID_REQUEST, and no job is stored', async () => {
    const before = (await call(t.app, org.viewerKey, 'GET', traces())).body.traces.length
    for (const body of [
      { throughMixers: true, mixerRulesOff: ['tornado-magic'] },
      { throughMixers: true, minConfidence: 0 },
      { throughMixers: true, minConfidence: 1.5 },
      { throughMixers: 'yes' },
      { throughMixers: true, direction: 'backward' },
    ]) {
      const r = await call(t.app, org.investigatorKey, 'POST', traces(), body)
      assert.equal(r.status, 400, JSON.stringify(body))
      assert.equal(r.body.code, 'SERVER_INVALID_REQUEST', JSON.stringify(body))
    }
    assert.equal((await call(t.app, org.viewerKey, 'GET', traces())).body.traces.length, before)
    const one = await call(t.app, org.investigatorKey, 'POST', traces(), { throughMixers: true, minConfidence: 1 })
    assert.equal(one.status, 202, 'a confidence of exactly 1 is allowed')
    await t.app.dragnet.runner.idle()
  })

  test('the OpenAPI document names the fields and the rules', async () => {
    const doc = await call(t.app, null, 'GET', '/openapi.json')
    const body = doc.body.paths['/v1/incidents/{incidentId}/traces'].post.requestBody.content['application/json']
    const props = body.schema.properties
    assert.equal(props.throughMixers.type, 'boolean')
    assert.equal(props.minConfidence.exclusiveMinimum, 0)
    assert.equal(props.minConfidence.maximum, 1)
    assert.deepEqual([...props.mixerRulesOff.items.enum].sort(), [
      'address-match',
      'gas-price',
      'linked-addresses',
      'multi-denomination',
      'timing',
    ])
  })
})

describe('trace jobs through mixers on the demo heist with its mixer leg (the real linker)', () => {
  let w: MixerHeistServer
  before(async () => {
    w = await mixerHeistServer()
  })
  after(async () => {
    await w?.close()
  })

  test("the stored result carries the layer with the planted link; totals and figures as the exact trace's", async () => {
    const { app } = w.t
    const org = await createOrg(w.t, 'Heist Investigations')
    const incident = (
      await call(app, org.investigatorKey, 'POST', '/v1/incidents', { title: 'Heist', tlp: 'AMBER', chain: 'demo' })
    ).body.id as string
    await call(app, org.investigatorKey, 'POST', `/v1/incidents/${incident}/seeds`, {
      seeds: w.manifest.seeds.transactions,
    })
    const run = async (body: Record<string, unknown>) => {
      const r = await call(app, org.investigatorKey, 'POST', `/v1/incidents/${incident}/traces`, {
        fromBlock: w.manifest.heistBlocks.from.toString(),
        ...body,
      })
      assert.equal(r.status, 202, r.text)
      await app.dragnet.runner.idle()
      const job = await call(app, org.viewerKey, 'GET', `/v1/incidents/${incident}/traces/${r.body.id}`)
      assert.equal(job.body.status, 'done', job.text)
      const fig = await call(app, org.viewerKey, 'GET', `/v1/incidents/${incident}/figures`)
      const result = await call(app, org.viewerKey, 'GET', `/v1/incidents/${incident}/traces/${r.body.id}/result`)
      return { job: job.body, result: result.body, figures: fig.body.assets }
    }
    const exact = await run({})
    const past = await run({ throughMixers: true })
    assert.equal(exact.result.probable, undefined)
    assert.deepEqual(past.result.totals, exact.result.totals)
    assert.deepEqual(past.result.endpoints, exact.result.endpoints)
    assert.deepEqual(past.figures, exact.figures)
    // The demo heist: 300 ETH of the 1,000 stolen went into the 100 ETH pool, as three notes.
    const native = past.figures.find((a: { asset: string }) => a.asset === 'native')
    assert.equal(native.mixer, (300n * ETH).toString())
    const target = w.manifest.mixerLeg?.probable[0]
    assert.ok(target)
    const end = past.result.probable.endpoints.find((e: { address: string }) => e.address === target.address)
    assert.ok(end, 'the planted probable target is reached past the pool')
    assert.equal(end.amount, target.fromNote.toString())
    const link = past.result.probable.links.find((l: { id: string }) => l.id === end.link)
    assert.deepEqual([link.deposit.tx, link.withdrawal.tx], [target.note.depositTx, target.note.withdrawalTx])
    assert.equal(past.job.summary.probable.freezable >= 1, true)
    assert.equal(past.job.summary.freezable, exact.job.summary.freezable)
  })
})
