import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { explainAddress, renderExplain } from './explain.ts'
import { renderCsv, renderDot, renderJson } from './render-formats.ts'
import { renderTable } from './render-table.ts'
import { addr, txHash } from './trace-fixture.ts'
import { traceOf } from './trace-test-kit.ts'

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
