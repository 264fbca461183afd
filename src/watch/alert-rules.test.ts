import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MapEndpointLabels } from '../labels/endpoint-labels.ts'
import { runTrace } from '../trace/run-trace.ts'
import { addr, type FixtureTransfer, storeWith, txHash } from '../trace/trace-fixture.ts'
import { traceRequest } from '../trace/trace-request.ts'
import { loadAlertPolicy } from './alert-policy.ts'
import { alertId } from './alert-render.ts'
import type { Alert } from './alert-types.ts'
import { openTaintWatch } from './open-taint-watch.ts'

const [A, B, D, E, F] = [addr(1), addr(2), addr(3), addr(4), addr(6)]
const [VICTIM, HOT, MIXER, BRIDGE, TOKEN] = [addr(99), addr(50), addr(51), addr(52), addr(900)]

/** Block by block, what the watch is fed (see the alerts worked out below). */
const CHAIN: FixtureTransfer[] = [
  { block: 1, from: VICTIM, to: A, amount: 100 },
  { block: 2, from: A, to: B, amount: 60 },
  { block: 2, tx: 1, from: A, to: D, amount: 40 },
  { block: 3, from: D, to: HOT, amount: 40 },
  { block: 4, from: B, to: MIXER, amount: 10 },
  { block: 4, tx: 1, from: B, to: BRIDGE, amount: 20 },
  { block: 5, from: VICTIM, to: A, amount: 500, asset: TOKEN },
  { block: 5, tx: 1, from: A, to: E, amount: 500, asset: TOKEN },
  { block: 6, from: D, to: addr(5), amount: 5 },
  { block: 7, from: B, to: F, amount: 5 },
  { block: 8, from: VICTIM, to: A, amount: 10 },
  { block: 8, tx: 1, from: A, to: F, amount: 10 },
]

const brief = (a: Alert) =>
  `${a.kind} ${a.place ?? '-'} ${a.addresses.join('>')} ${a.asset === 'native' ? 'eth' : 'tok'} ${a.amount} ${a.tx === txHash(Number(a.block), 1) ? 'tx1' : 'tx0'}`

test('alert rules: each kind from the tainted transfers of a block, and the blocks that change the past', async () => {
  const store = await storeWith(CHAIN)
  try {
    const labels = new MapEndpointLabels([
      [HOT, { category: 'exchange', name: 'Harbor' }],
      [MIXER, { category: 'mixer', name: 'Mixer' }],
      [BRIDGE, { category: 'bridge', name: 'Bridge' }],
      [TOKEN, { category: 'issuer-freezable', name: 'Issuer' }],
    ])
    const request = traceRequest('ethereum', { addresses: [A], txs: [] }, { model: 'haircut', limits: { hops: 2 } })
    const watch = await openTaintWatch(store, { incident: 'case-1', request }, labels, loadAlertPolicy(), { tip: 1n })
    const raised: Record<number, string[]> = {}
    const all: Alert[] = []
    for (let b = 2; b <= 8; b++) {
      const got = await watch.advance(BigInt(b))
      raised[b] = got.map(brief)
      all.push(...got)
      const full = await runTrace(store, { ...request, limits: { ...request.limits, toBlock: BigInt(b) } }, labels)
      const f = await watch.figures()
      for (const n of full.nodes)
        assert.deepEqual(f.nodes.get(n.address)?.final ?? {}, n.final, `block ${b} ${n.address}`)
    }
    // Worked out by hand under haircut: A holds 100 stolen, so both of its payments are all taint; D only ever pays
    // Harbor, so its sweep in block 3 makes it Harbor's deposit address and its 40 freezable there; B (60 of 60
    // tainted) pays 10 into the mixer and 20 into the bridge; A's token receipt is stolen in full and freezable by the
    // issuer at A and then at E; B pays F 5 of its 30 tainted; A's new 10 are all taint.
    assert.deepEqual(raised, {
      2: [`funds-moved - ${A}>${B} eth 60 tx0`, `funds-moved - ${A}>${D} eth 40 tx1`],
      3: [`freezable-arrival exchange-deposit ${D}>${A} eth 40 tx1`],
      4: [
        `funds-moved - ${B}>${MIXER} eth 10 tx0`,
        `mixer-entered - ${MIXER}>${B} eth 10 tx0`,
        `funds-moved - ${B}>${BRIDGE} eth 20 tx1`,
        `bridge-entered - ${BRIDGE}>${B} eth 20 tx1`,
      ],
      5: [
        `freezable-arrival issuer-freezable ${A}>${VICTIM} tok 500 tx0`,
        `funds-moved - ${A}>${E} tok 500 tx1`,
        `freezable-arrival issuer-freezable ${E}>${A} tok 500 tx1`,
      ],
      // D pays someone else: it never was a deposit address, and is traced again (its balance was swept: nothing).
      6: [],
      7: [`funds-moved - ${B}>${F} eth 5 tx0`],
      // F, held back at the hop limit, is now one hop from the seed: traced again.
      8: [`funds-moved - ${A}>${F} eth 10 tx1`],
    })
    const deposit = all.find((a) => a.place === 'exchange-deposit')
    assert.deepEqual(deposit?.freezeRequest?.freezer, { kind: 'exchange', name: 'Harbor' })
    assert.deepEqual(deposit?.freezeRequest?.txs, [txHash(2, 1)])
    assert.deepEqual(deposit?.path, [{ from: A, to: D, tx: txHash(2, 1), block: '2', asset: 'native', amount: '40' }])
    assert.equal(deposit?.severity, 'severe')
    assert.equal(
      all.find((a) => a.kind === 'swap'),
      undefined,
    )
    assert.deepEqual(watch.stats().retraceReasons, { 'deposit-rule': 1, 'hop-improves': 1 })
    assert.equal(watch.stats().blocks, 7)
  } finally {
    await store.close()
  }
})

test('alert ids are stable: the same event gives the same id, any other part another', () => {
  const parts = {
    incident: 'case-1',
    kind: 'freezable-arrival' as const,
    place: 'exchange-deposit' as const,
    chain: 'ethereum',
    tx: txHash(2, 1),
    position: 'log:0',
    address: D,
    asset: 'native',
  }
  assert.equal(alertId(parts), alertId({ ...parts }))
  assert.match(alertId(parts), /^[0-9a-f]{32}$/)
  for (const change of [
    { tx: txHash(2, 2) },
    { position: 'log:1' },
    { incident: 'case-2' },
    { place: 'exchange' as const },
  ]) {
    assert.notEqual(alertId({ ...parts, ...change }), alertId(parts))
  }
})
