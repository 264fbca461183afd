import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { DEMO_CHAIN } from '../../src/demo/heist-demo.ts'
import type { ExplainEdge, ExplainResponse } from '../../src/server/web/web-api-types.ts'
import { type HeistServer, heistServer } from './heist-world.ts'
import { call, createOrg, type OrgSetup } from './server-kit.ts'

const USDX = '0x057ef64e23666f000b34ae31332854acbd1c8544'

/** A path runs from the theft (a seed transaction, or out of a seed address) to the arrival, step by step. */
function assertPath(path: ExplainEdge[], arrival: ExplainEdge, seeds: { transactions: string[]; addresses: string[] }) {
  assert.ok(path.length >= 1)
  assert.deepEqual(path.at(-1), arrival)
  const first = path[0] as ExplainEdge
  assert.ok(
    seeds.transactions.includes(first.tx) || seeds.addresses.includes(first.from),
    `the path starts at the theft: ${first.tx} from ${first.from}`,
  )
  for (let i = 1; i < path.length; i++) {
    const [a, b] = [path[i - 1] as ExplainEdge, path[i] as ExplainEdge]
    // A swap is one transaction into a converter and out of it (or out of the router beside it).
    assert.ok(a.to === b.from || a.tx === b.tx, `step ${i} continues from ${a.to}`)
    assert.ok(BigInt(a.block) <= BigInt(b.block))
  }
}

describe('explain one address of a finished trace, on the demo heist', () => {
  let h: HeistServer
  let a: OrgSetup
  let outsider: OrgSetup
  let incidentId: string
  let traceId: string
  const key = (name: string) => h.manifest.entities.find((e) => e.key === name)?.address as string
  const explain = (who: string, address: string, extra = '') =>
    call(h.t.app, who, 'GET', `/v1/incidents/${incidentId}/traces/${traceId}/explain?address=${address}${extra}`)

  before(async () => {
    h = await heistServer()
    a = await createOrg(h.t, 'Meridian Investigations')
    outsider = await createOrg(h.t, 'Outsider Agency')
    const inc = await call(h.t.app, a.investigatorKey, 'POST', '/v1/incidents', {
      title: 'Meridian cold wallet heist',
      tlp: 'AMBER',
      chain: DEMO_CHAIN,
    })
    incidentId = inc.body.id
    const seeds = [...h.manifest.seeds.transactions, ...h.manifest.seeds.addresses]
    await call(h.t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/seeds`, { seeds })
    const job = await call(h.t.app, a.analystKey, 'POST', `/v1/incidents/${incidentId}/traces`, { model: 'haircut' })
    traceId = job.body.id
    await h.t.app.dragnet.runner.idle()
  })
  after(async () => {
    await h?.close()
  })

  test('the ETH deposit address: 60 ETH at Harbor Exchange, arrived in the ground truth transaction, by a path from the theft', async () => {
    const truth = h.manifest.expected.models.haircut.endpoints.find((e) => e.address === key('depositEth'))
    assert.ok(truth)
    assert.equal(truth.amount, 60n * 10n ** 18n)
    const r = await explain(a.viewerKey, key('depositEth').toUpperCase().replace('0X', '0x'))
    assert.equal(r.status, 200, r.text)
    const x = r.body as ExplainResponse
    assert.equal(x.address, key('depositEth'))
    assert.equal(x.model, 'haircut')
    assert.equal(x.node.category, 'exchange')
    assert.deepEqual(x.node.final, [
      { asset: 'native', symbol: 'ETH', decimals: 18, amount: truth.amount.toString(), amountFormatted: '60' },
    ])
    assert.equal(x.endpoints.length, 1)
    const [end] = x.endpoints
    assert.equal(end?.amount.amount, truth.amount.toString())
    assert.equal(end?.firstArrival?.tx, truth.arrivalTx)
    assert.deepEqual(
      end?.freezableBy.map((f) => f.kind),
      truth.freezableBy,
    )
    assert.equal(end?.name, 'Harbor Exchange')
    // Every tainted arrival sums to what ended there, and the heaviest came in the ground truth's transaction.
    const tainted = x.arrivals.reduce((s, v) => s + BigInt(v.edge.tainted), 0n)
    assert.equal(tainted, truth.amount)
    assert.equal(x.arrivals[0]?.edge.tx, truth.arrivalTx)
    for (const arrival of x.arrivals) assertPath(arrival.path, arrival.edge, h.manifest.seeds)
    assert.match(x.arrivals[0]?.edge.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/)
    // The window: 60 ETH reached it; the trace stops at the exchange, so what it sees leave or stay adds up to it.
    const [w] = x.freezeWindows
    assert.equal(w?.received, truth.amount.toString())
    assert.equal(BigInt(w?.left ?? -1) + BigInt(w?.remaining ?? -1), truth.amount)
    assert.equal(x.complete, true)
    assert.match(x.text, new RegExp(`^Explain ${key('depositEth')} \\(haircut, forward\\)\\n`))
    assert.ok(x.text.includes(`in ${truth.arrivalTx} (block `))
  })

  test('the USDX deposit address: 1,500,000 USDX and, under haircut, half of the 120 ETH the mixing wallet paid it', async () => {
    const truths = h.manifest.expected.models.haircut.endpoints.filter((e) => e.address === key('depositUsdx'))
    const usdx = truths.find((e) => e.asset === USDX)
    const eth = truths.find((e) => e.asset === 'native')
    assert.equal(usdx?.amount, 1_500_000n * 10n ** 6n)
    assert.equal(eth?.amount, 60n * 10n ** 18n)
    const payout = h.manifest.expected.mixing.moves.find(
      (m) => m.direction === 'out' && m.counterparty === key('depositUsdx'),
    )
    assert.equal(payout?.amount, 120n * 10n ** 18n)

    const r = await explain(a.viewerKey, key('depositUsdx'))
    const x = r.body as ExplainResponse
    const final = Object.fromEntries(x.node.final.map((f) => [f.asset, f.amount]))
    assert.deepEqual(final, { native: eth?.amount.toString(), [USDX]: usdx?.amount.toString() })
    assert.equal(x.node.final.find((f) => f.asset === USDX)?.amountFormatted, '1500000')
    const fromMixer = x.arrivals.find((v) => v.edge.tx === payout?.hash)
    assert.equal(fromMixer?.edge.amount, '120000000000000000000')
    assert.equal(fromMixer?.edge.tainted, '60000000000000000000')
    assert.equal(fromMixer?.edge.from, h.manifest.expected.mixing.wallet)
    const usdxEnd = x.endpoints.find((e) => e.amount.asset === USDX)
    assert.deepEqual(usdxEnd?.freezableBy.map((f) => f.kind).sort(), ['exchange', 'issuer'])
    assert.equal(usdxEnd?.firstArrival?.tx, usdx?.arrivalTx)

    const only = (await explain(a.viewerKey, key('depositUsdx'), '&asset=native')).body as ExplainResponse
    assert.equal(only.asset, 'native')
    assert.deepEqual(
      only.node.final.map((f) => f.asset),
      ['native'],
    )
    assert.ok(only.arrivals.every((v) => v.edge.asset === 'native'))
    assert.deepEqual(
      only.endpoints.map((e) => e.amount.amount),
      [eth?.amount.toString()],
    )
  })

  test('404 for an unknown trace and for an address the trace did not reach; 400 for a bad address; tenancy as the result', async () => {
    const ghost = await call(
      h.t.app,
      a.viewerKey,
      'GET',
      `/v1/incidents/${incidentId}/traces/${randomUUID()}/explain?address=${key('depositEth')}`,
    )
    assert.equal(ghost.status, 404)
    assert.equal(ghost.body.code, 'SERVER_NOT_FOUND')
    const customer = h.manifest.expected.untainted.find((u) => u.key === 'customer')?.address as string
    const clean = await explain(a.viewerKey, customer)
    assert.equal(clean.status, 404)
    assert.equal(clean.body.code, 'TRACE_ADDRESS_NOT_REACHED')
    const bad = await explain(a.viewerKey, '0x1234')
    assert.equal(bad.status, 400)
    assert.equal(bad.body.code, 'INVALID_ADDRESS')
    const missing = await call(h.t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/traces/${traceId}/explain`)
    assert.equal(missing.status, 400)
    const foreign = await explain(outsider.adminKey, key('depositEth'))
    assert.equal(foreign.status, 404)
    assert.equal(foreign.body.code, 'SERVER_NOT_FOUND')
  })
})
