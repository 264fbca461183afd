import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MapEndpointLabels } from '../labels/endpoint-labels.ts'
import { runTrace } from '../trace/run-trace.ts'
import { addr, type FixtureTransfer, storeWith } from '../trace/trace-fixture.ts'
import { traceRequest } from '../trace/trace-request.ts'
import type { TaintModel, TraceResult } from '../trace/trace-types.ts'
import { loadAlertPolicy } from './alert-policy.ts'
import type { CarriedFigures } from './carried-figures.ts'
import { openTaintWatch } from './open-taint-watch.ts'

const TOKEN = addr(900)
const HOT = addr(50)
const MIXER = addr(51)
const BRIDGE = addr(52)

/** A small seeded generator, so every run plays the same random chains. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/**
 * A random laundering: the seed (addr 1) receives stolen funds, then each block a few transactions move native and
 * token amounts among 30 addresses, some of which only ever pay the exchange's hot wallet (deposit addresses), with
 * a mixer and a bridge, and clean money mixed in.
 */
function randomChain(seed: number, blocks: number): FixtureTransfer[] {
  const r = rng(seed)
  const pick = (n: number) => 1 + Math.floor(r() * n)
  const out: FixtureTransfer[] = [
    { block: 1, from: addr(99), to: addr(1), amount: 1000n },
    { block: 1, tx: 1, from: addr(99), to: addr(1), amount: 5000n, asset: TOKEN },
  ]
  for (let b = 2; b <= blocks; b++) {
    const txs = pick(3)
    for (let tx = 0; tx < txs; tx++) {
      const legs = pick(2)
      for (let k = 0; k < legs; k++) {
        const from = pick(30)
        const deposit = from >= 26
        const to = deposit
          ? HOT
          : r() < 0.05
            ? MIXER
            : r() < 0.05
              ? BRIDGE
              : addr(r() < 0.1 ? 26 + pick(4) - 1 : pick(30))
        const asset = r() < 0.3 ? TOKEN : undefined
        out.push({ block: b, tx, from: addr(from), to, amount: BigInt(pick(400)), ...(asset ? { asset } : {}) })
      }
    }
  }
  return out
}

function assertSame(f: CarriedFigures, r: TraceResult, where: string): void {
  for (const [asset, t] of Object.entries(r.totals)) {
    const { traced: _t, issuerFreezable: _i, ...want } = t
    assert.deepEqual(f.totals[asset], want, `${where}: totals ${asset}`)
  }
  const tainted = r.nodes.filter((n) => Object.keys(n.received).length > 0)
  for (const n of tainted) {
    assert.deepEqual(f.nodes.get(n.address)?.received, n.received, `${where}: received ${n.address}`)
    assert.deepEqual(f.nodes.get(n.address)?.final, n.final, `${where}: final ${n.address}`)
  }
  assert.equal(f.nodes.size, tainted.length, `${where}: tainted nodes`)
}

test('carried block by block, random chains give the figures of a full trace after every block', async () => {
  const labels = new MapEndpointLabels([
    [HOT, { category: 'exchange', name: 'Harbor' }],
    [MIXER, { category: 'mixer', name: 'Mixer' }],
    [BRIDGE, { category: 'bridge', name: 'Bridge' }],
    [TOKEN, { category: 'issuer-freezable', name: 'Issuer' }],
  ])
  const policy = loadAlertPolicy()
  let carried = 0
  let blocks = 0
  for (const seed of [1, 2]) {
    const store = await storeWith(randomChain(seed, 24))
    try {
      for (const model of ['poison', 'haircut', 'fifo'] as TaintModel[]) {
        for (const hops of [3, 10]) {
          const request = traceRequest('ethereum', { addresses: [addr(1)], txs: [] }, { model, limits: { hops } })
          const watch = await openTaintWatch(store, { incident: 'x', request }, labels, policy, { tip: 2n })
          for (let b = 3n; b <= 24n; b++) {
            await watch.advance(b)
            const full = await runTrace(store, { ...request, limits: { ...request.limits, toBlock: b } }, labels)
            assertSame(await watch.figures(), full, `seed ${seed} ${model} hops ${hops} block ${b}`)
          }
          const st = watch.stats()
          carried += st.blocks - st.retraces
          blocks += st.blocks
        }
      }
    } finally {
      await store.close()
    }
  }
  // Most blocks are carried forward; the rest (deposit addresses that stop sweeping, hops that lift an address over
  // the limit) were traced again, and matched all the same.
  if (process.env.WATCH_DEBUG) console.error(carried, blocks)
  assert.ok(carried * 2 > blocks, `${carried} of ${blocks} blocks carried`)
})
