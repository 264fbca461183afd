import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MapEndpointLabels } from '../../labels/endpoint-labels.ts'
import { explainAddress, renderExplain } from '../result/explain.ts'
import { runTrace } from '../run-trace.ts'
import { addr, storeWith, txHash } from '../trace-fixture.ts'
import { traceRequest } from '../trace-request.ts'
import { traceOf } from '../trace-test-kit.ts'
import type { ReportOptions } from '../trace-types.ts'
import { renderCsv, renderDot, renderJson } from './render-formats.ts'
import { renderTable } from './render-table.ts'

const [V, S, A, HOT] = [1, 2, 3, 0x10].map(addr) as [string, string, string, string]
const transfers = [
  { block: 1, from: V, to: S, amount: 3n * 10n ** 18n },
  { block: 2, from: S, to: A, amount: 2n * 10n ** 18n },
  { block: 3, from: A, to: HOT, amount: 5n * 10n ** 17n },
  { block: 4, from: A, to: addr(4), amount: 10n ** 18n },
]
const trace = () =>
  traceOf(
    transfers,
    { addresses: [S] },
    { model: 'haircut', labels: [[HOT, { category: 'exchange', name: 'Kraken' }]] },
  )

describe('renderers', () => {
  it('table: totals per category, what to freeze where, endpoints with paths', async () => {
    const text = renderTable(await trace())
    assert.match(text, /^Trace \(haircut, forward\) on ethereum from 0x000000…0002\n/)
    assert.match(text, /\n {2}ETH +3 +0 +3 +2\.5 +0\.5 +0 +0 +0 +0 +0 +0\n/)
    assert.ok(text.includes(`exchange Kraken: ${HOT} holds 0.5 ETH, first ${txHash(3)} (block 3)`))
    assert.ok(text.includes(`1. [exchange Kraken] ${HOT}: 0.5 ETH`))
    assert.match(
      text,
      /path: 0x000000…0002 -> 0x000000…0003 \[2 ETH, 0x000000…07d0\] -> 0x000000…0010 \[0\.5 ETH, 0x000000…0bb8\]/,
    )
  })

  it('json: amounts as exact decimal strings', async () => {
    const parsed = JSON.parse(renderJson(await trace()))
    assert.equal(parsed.format, 'dragnet.trace/1')
    assert.equal(parsed.totals.native.stolen, '3000000000000000000')
    assert.equal(parsed.totals.native.exchange, '500000000000000000')
    assert.deepEqual(parsed.edges[1], {
      from: S,
      to: A,
      asset: 'native',
      amount: '2000000000000000000',
      tainted: '2000000000000000000',
      tx: txHash(2),
      block: '2',
      time: '1002',
      position: 'log:0',
      hop: 1,
    })
  })

  it('csv: one tainted transfer a line', async () => {
    const lines = renderCsv(await trace())
      .trimEnd()
      .split('\n')
    assert.equal(lines[0], 'from,to,asset,symbol,amount,tainted,tx,block,time,position')
    assert.equal(lines[3], `${A},${HOT},native,ETH,500000000000000000,500000000000000000,${txHash(3)},3,1003,log:0`)
    assert.equal(lines.length, 5)
  })

  it('dot: nodes by category and labelled edges', async () => {
    const dot = renderDot(await trace())
    assert.ok(dot.startsWith('digraph trace {'))
    assert.ok(dot.includes(`"${HOT}" [label="0x000000…0010\\nKraken\\nexchange", fillcolor="#1f77b4"];`))
    assert.ok(dot.includes(`"${A}" -> "${HOT}" [label="0.5 ETH\\n0x000000…0bb8"];`))
  })

  it('explain: every tainted arrival with the path that fed it', async () => {
    const r = await trace()
    const x = explainAddress(r, HOT)
    assert.deepEqual(
      x.arrivals.map((a) => a.path.map((p) => [p.from, p.to, p.tainted, p.tx])),
      [
        [
          [S, A, 2n * 10n ** 18n, txHash(2)],
          [A, HOT, 5n * 10n ** 17n, txHash(3)],
        ],
      ],
    )
    const text = renderExplain(r, x)
    assert.ok(text.includes('received tainted: 0.5 ETH'))
    assert.ok(text.includes(`1. 0.5 ETH of 0.5 ETH in ${txHash(3)} (block 3)`))
    assert.equal(
      renderExplain(r, explainAddress(r, addr(0x77))),
      `Explain ${addr(0x77)} (haircut, forward)\n  not reached by this trace\n`,
    )
  })
})

const E18 = 10n ** 18n

describe('one result, every format, the same figures', () => {
  // Seed transaction V -> S (its transfer is hop 1); S pays A and B (hop 2); A and B each pay on (hop 3). Under
  // --hops 3 the trace stops at C and D (hop 3). V sent the seed transfer: it is one of the trace's nodes although it received nothing.
  const [C, D] = [5, 6].map(addr) as [string, string]
  const t = [
    { block: 1, from: V, to: S, amount: 10n * E18 },
    { block: 2, from: S, to: A, amount: 6n * E18 },
    { block: 3, from: S, to: addr(4), amount: 4n * E18 },
    { block: 4, from: A, to: C, amount: 6n * E18 },
    { block: 5, from: addr(4), to: D, amount: 4n * E18 },
  ]
  const run = async (report: Partial<ReportOptions>) => {
    const store = await storeWith(t)
    try {
      const request = traceRequest('ethereum', { addresses: [], txs: [txHash(1)] }, { limits: { hops: 3 } })
      request.report = report
      return await runTrace(store, request)
    } finally {
      await store.close()
    }
  }

  it('a bounded listing: stop counts and totals in the table are those of JSON, lists within their totals', async () => {
    const r = await run({ maxEndpoints: 1, maxEdges: 1 })
    const j = JSON.parse(renderJson(r))
    // Hand count: C and D stopped at the hop limit; V, S, A, 0x04, C, D are the trace's six nodes.
    assert.deepEqual(j.stopCounts, { 'hop-limit': 2 })
    assert.equal(j.listed.nodesTotal, 6)
    assert.equal(j.listed.endpointsTotal, 2)
    assert.equal(j.endpoints.length, 1)
    assert.ok(j.listed.nodes <= j.listed.nodesTotal, `${j.listed.nodes} <= ${j.listed.nodesTotal}`)
    assert.ok(j.stops.length < 2, 'the bounded lists leave a stop out')
    const table = renderTable(r)
    assert.ok(table.includes('\nStopped: hop-limit 2\n'), table)
    assert.ok(table.includes('Top endpoints (1 of 2)'), table)
    assert.match(table, /\n {2}ETH +10 +0 +0 +0 +0 +0 +0 +0 +0 +0 +10\n/)
    assert.equal(j.totals.native.unfollowed, (10n * E18).toString())
    const csv = renderCsv(r).trimEnd().split('\n')
    assert.equal(csv.length - 1, j.listed.edges)
    const dot = renderDot(r).split('\n')
    assert.equal(dot.filter((l) => / \[label=.*fillcolor=/.test(l)).length, j.listed.nodes)
    assert.equal(dot.filter((l) => / -> /.test(l)).length, j.listed.edges)
    const x = explainAddress(r, C)
    assert.ok(renderExplain(r, x).includes(`received tainted: 6 ETH`))
    assert.equal(j.nodes.find((n: { address: string }) => n.address === C).received.native, (6n * E18).toString())
  })

  it('a full listing lists every node of the trace and nothing beyond', async () => {
    const r = await run({})
    assert.deepEqual(r.listed, { endpoints: 2, endpointsTotal: 2, edges: 5, edgesTotal: 5, nodes: 6, nodesTotal: 6 })
    assert.deepEqual(
      r.stops.map((s) => [s.address, s.reason, s.hop]),
      [
        [C, 'hop-limit', 3],
        [D, 'hop-limit', 3],
      ],
    )
    assert.ok(renderTable(r).includes('\nStopped: hop-limit 2\n'))
  })
})

describe('backward traces speak backward', () => {
  const [W, SEED, EX, MIX] = [7, 8, 0x10, 0x60].map(addr) as [string, string, string, string]
  // An exchange withdrawal (5 ETH) and a mixer's output (3 ETH) fund W, which pays the seed 8 ETH.
  const t = [
    { block: 1, from: EX, to: W, amount: 5n * E18 },
    { block: 2, from: MIX, to: W, amount: 3n * E18 },
    { block: 3, from: W, to: SEED, amount: 8n * E18 },
  ]
  const trace = () =>
    traceOf(
      t,
      { addresses: [SEED] },
      {
        direction: 'backward',
        labels: [
          [EX, { category: 'exchange', name: 'Binance' }],
          [MIX, { category: 'mixer', name: 'Tornado' }],
        ],
      },
    )

  it('reports sources in its own words, nothing to freeze, no stolen column', async () => {
    const r = await trace()
    assert.deepEqual(
      r.endpoints.map((e) => [e.address, e.category, e.amount, e.freezableBy]),
      [
        [EX, 'exchange', 5n * E18, []],
        [MIX, 'mixer', 3n * E18, []],
      ],
    )
    const text = renderTable(r)
    assert.ok(text.startsWith(`Trace (haircut, backward) on ethereum: where the funds of 0x000000…0008 came from\n`))
    assert.ok(!text.includes('What to freeze where'), text)
    assert.ok(!/\bstolen\b/.test(text), text)
    assert.match(text, /\n {2}asset +traced back +via swaps +sourced +from wallets +from exchanges /)
    assert.match(text, /\n {2}ETH +8 +0 +8 +0 +5 +0 +3 +0 +0 +0\n/)
    assert.ok(text.includes(`\n  exchange withdrawal Binance: ${EX} sent 5 ETH in ${txHash(1)}\n`), text)
    assert.ok(text.includes(`\n  mixer output Tornado: ${MIX} sent 3 ETH in ${txHash(2)}\n`), text)
  })

  it('writes edges and paths in the direction the money moved, from the source to the seed', async () => {
    const r = await trace()
    assert.deepEqual(
      r.edges.map((e) => [e.from, e.to, e.tx]),
      [
        [EX, W, txHash(1)],
        [MIX, W, txHash(2)],
        [W, SEED, txHash(3)],
      ],
    )
    assert.deepEqual(
      r.endpoints[0]?.path.map((p) => [p.from, p.to, p.tainted]),
      [
        [EX, W, 5n * E18],
        // The seed's receipt is seeded in full: 8 ETH, of which 5 came from the exchange.
        [W, SEED, 8n * E18],
      ],
    )
    assert.ok(renderTable(r).includes('path: 0x000000…0010 -> 0x000000…0007 [5 ETH, 0x000000…03e8] -> 0x000000…0008'))
    const x = explainAddress(r, MIX)
    assert.deepEqual(
      x.arrivals.map((a) => a.path.map((p) => [p.from, p.to, p.tainted])),
      [
        [
          [MIX, W, 3n * E18],
          [W, SEED, 8n * E18],
        ],
      ],
    )
  })
})

describe('dust in the freeze list', () => {
  // 1,964,460 wei (0.00000000000196446 ETH) reach the exchange: below a millionth of an ETH (10^12 wei).
  const DUST = 1_964_460n
  const t = [
    { block: 1, from: V, to: S, amount: 5n * E18 },
    { block: 2, from: S, to: A, amount: 5n * E18 - DUST },
    { block: 3, from: S, to: HOT, amount: DUST },
  ]
  const run = async (report: Partial<ReportOptions>) => {
    const store = await storeWith(t)
    try {
      const request = traceRequest('ethereum', { addresses: [S], txs: [] })
      request.report = report
      return await runTrace(store, request, new MapEndpointLabels([[HOT, { category: 'exchange', name: 'Kraken' }]]))
    } finally {
      await store.close()
    }
  }

  it('leaves shares below the per-asset minimum out of the lists, counts them in totals and says how much', async () => {
    const r = await run({ minFreeze: {}, minFreezeUnits: '0.000001' })
    assert.deepEqual(
      r.endpoints.map((e) => [e.address, e.amount]),
      [[A, 5n * E18 - DUST]],
    )
    assert.equal(r.totals.native?.exchange, DUST)
    assert.deepEqual(r.leftOut, { native: { endpoints: 1, amount: DUST, minimum: 10n ** 12n } })
    const text = renderTable(r)
    assert.ok(text.includes('What to freeze where\n  nothing freezable found\n'), text)
    assert.ok(text.includes('  left out: 1 endpoint below 0.000001 ETH, 0.00000000000196446 ETH in all\n'), text)
    assert.ok(text.includes('Top endpoints (1 of 2)'), text)
  })

  it('a minimum per asset, or in base units for every asset, replaces the default; 0 lists everything', async () => {
    const perAsset = await run({ minFreeze: { native: DUST + 1n }, minFreezeUnits: '0.000001' })
    assert.equal(perAsset.leftOut.native?.minimum, DUST + 1n)
    const below = await run({ minFreeze: { '*': DUST }, minFreezeUnits: '0.000001' })
    assert.deepEqual(below.leftOut, {})
    assert.deepEqual(below.endpoints[0]?.freezableBy, [{ kind: 'exchange', name: 'Kraken' }])
    assert.deepEqual((await run({})).leftOut, {})
  })
})
