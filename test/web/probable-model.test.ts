import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MIXER_RULES } from '../../src/mixer/mixer-types.ts'
import { renderJson } from '../../src/trace/render/render-formats.ts'
import { runTrace } from '../../src/trace/run-trace.ts'
import { traceRequest } from '../../src/trace/trace-request.ts'
import { withProbable } from '../../web/src/trace/probable-model.ts'
import { applyFilter } from '../../web/src/trace/trace-filter.ts'
import type { TraceJson } from '../../web/src/trace/trace-json.ts'
import { buildTraceModel } from '../../web/src/trace/trace-model.ts'
import {
  EXCHANGE,
  EXCHANGE2,
  LINK_ID,
  POOL,
  probableChain,
  probableLabels,
  probableLayerOf,
  RECIPIENT,
  THIEF,
  TXS,
} from './probable-world.ts'

/** The world's exact trace as the API sends it, with and without the probable layer. */
async function results(): Promise<{ exact: TraceJson; past: TraceJson }> {
  const chain = await probableChain()
  try {
    const result = await runTrace(chain, traceRequest('ethereum', { addresses: [THIEF], txs: [] }), probableLabels())
    const layer = probableLayerOf({ minConfidence: 0.5, rules: new Set(MIXER_RULES) })
    return {
      exact: JSON.parse(renderJson(result)) as TraceJson,
      past: JSON.parse(renderJson({ ...result, probable: layer })) as TraceJson,
    }
  } finally {
    await chain.close()
  }
}

test('the probable layer is drawn beside the exact graph, hidden until shown, its withdrawal labelled', async () => {
  const { exact, past } = await results()
  const plain = buildTraceModel(exact)
  const m = buildTraceModel(past)
  assert.equal(plain.probable, null)
  const p = m.probable
  assert.ok(p)
  // The exact model is the same with or without the layer: the same nodes, edges and places.
  assert.deepEqual([...m.nodes.keys()].sort(), [...plain.nodes.keys()].sort())
  assert.deepEqual([...m.pairs.keys()].sort(), [...plain.pairs.keys()].sort())
  for (const a of plain.nodes.keys()) {
    assert.deepEqual(
      [m.graph.getNodeAttribute(a, 'x'), m.graph.getNodeAttribute(a, 'y')],
      [plain.graph.getNodeAttribute(a, 'x'), plain.graph.getNodeAttribute(a, 'y')],
      a,
    )
  }
  assert.ok(m.nodes.has(POOL) && !m.nodes.has(RECIPIENT) && !m.nodes.has(EXCHANGE2))
  // The pool is hop 1 (THIEF paid it); the recipient one further, the exchange past it one more.
  assert.deepEqual(
    [...p.nodes.values()].map((n) => [n.address, n.layer, n.category]),
    [
      [RECIPIENT, 2, 'transit'],
      [EXCHANGE2, 3, 'exchange'],
    ],
  )
  const withdrawal = `probable:${POOL}>${RECIPIENT}`
  assert.deepEqual([...p.pairs.keys()], [withdrawal, `probable:${RECIPIENT}>${EXCHANGE2}`])
  assert.equal(m.graph.getEdgeAttribute(withdrawal, 'label'), '82%')
  assert.equal(m.graph.getEdgeAttribute(withdrawal, 'type'), 'dashed')
  assert.equal(m.graph.getNodeAttribute(EXCHANGE2, 'type'), 'ring')
  assert.deepEqual(
    p.linksOf.get(EXCHANGE2)?.map((l) => l.id),
    [LINK_ID],
  )

  const outcome = applyFilter(m, { maxHop: m.maxLayer })
  assert.ok(!outcome.nodes.has(EXCHANGE2) && !outcome.pairs.has(withdrawal), 'hidden until asked for')
  const shown = withProbable(outcome, p, m.graph)
  for (const a of [THIEF, EXCHANGE, POOL, RECIPIENT, EXCHANGE2]) assert.ok(shown.nodes.has(a), a)
  assert.ok(shown.pairs.has(withdrawal))
  assert.equal(p.layer.links[0]?.withdrawal.tx, TXS.withdrawal)
  // The exact totals the view reads are the result's own, whatever the layer holds.
  assert.deepEqual(past.totals, exact.totals)
})
