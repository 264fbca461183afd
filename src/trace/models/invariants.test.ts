import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mulberry32 as prng } from '../../core/mulberry32.ts'
import { MapEndpointLabels } from '../../labels/endpoint-labels.ts'
import { DuckDbEdgeSource } from '../../store/duckdb/duckdb-edge-source.ts'
import { ensureTraceIndex } from '../../store/duckdb/duckdb-trace-index.ts'
import { expand, expandContext } from '../engine/expand.ts'
import { RoleIndex } from '../engine/role-index.ts'
import { NodeFlag, TransferGraph } from '../engine/transfer-graph.ts'
import { loadBalances, runTrace } from '../run-trace.ts'
import { addr, type FixtureTransfer, storeWith } from '../trace-fixture.ts'
import { traceRequest } from '../trace-request.ts'
import { checkPathHops } from '../trace-test-kit.ts'
import type { TraceResult } from '../trace-types.ts'
import { poisonScan } from './poison-scan.ts'
import { scan } from './scan.ts'

const TOKEN = addr(0xee)
const SEED = addr(1)

function randomGraph(rand: () => number): FixtureTransfer[] {
  const n = 4 + Math.floor(rand() * 6)
  const pick = () => addr(1 + Math.floor(rand() * n))
  const out: FixtureTransfer[] = [{ block: 1, from: addr(0x99), to: SEED, amount: 500 }]
  out.push({ block: 2, from: addr(0x99), to: SEED, amount: 700, asset: TOKEN })
  const m = 10 + Math.floor(rand() * 30)
  for (let i = 0; i < m; i++) {
    const from = rand() < 0.3 ? SEED : pick()
    let to = pick()
    if (to === from || to === SEED) to = addr(0x98)
    const asset = rand() < 0.4 ? TOKEN : 'native'
    const amount = 1 + Math.floor(rand() * 400)
    if (rand() < 0.2) {
      // A swap routed pair -> router in one transaction: the payout is recorded first, as calls come before logs.
      const other = asset === TOKEN ? 'native' : TOKEN
      const paid = 1 + Math.floor(rand() * 400)
      out.push({ block: 3 + i, from: ROUTER, to, amount: paid, asset: other, position: 'trace:0' })
      out.push({ block: 3 + i, from, to: PAIR, amount, asset, position: 'log:0' })
      out.push({ block: 3 + i, from: PAIR, to: ROUTER, amount: paid, asset: other, position: 'log:1' })
    } else out.push({ block: 3 + i, from, to, amount, asset })
  }
  return out
}

const PAIR = addr(0x90)
const ROUTER = addr(0x91)
const DEX_LABELS = new MapEndpointLabels([
  [PAIR, { category: 'dex', name: 'pair' }],
  [ROUTER, { category: 'dex', name: 'router' }],
])

function checkConservation(r: TraceResult, label: string): void {
  for (const [asset, t] of Object.entries(r.totals)) {
    const ends = t.held + t.exchange + t.bridge + t.mixer + t.dex + t.dark + t.unfollowed
    assert.equal(ends, t.stolen + t.swappedIn, `${label} ${asset}: endpoints + held = seeded`)
  }
}

function checkNoOverspend(r: TraceResult, label: string): void {
  const balance = new Map<string, bigint>()
  // One transfer per block: block order is time order.
  const edges = [...r.edges].sort((a, b) => Number(a.block - b.block))
  for (const e of edges) {
    assert.ok(e.tainted <= e.amount, `${label}: tainted ${e.tainted} <= amount ${e.amount}`)
    const out = `${e.from}:${e.asset}`
    const have = balance.get(out) ?? 0n
    // Converters create taint in the asset they pay out; everyone else only passes on what arrived.
    if (e.from !== addr(0x99) && e.from !== PAIR && e.from !== ROUTER) {
      assert.ok(
        e.tainted <= have,
        `${label}: ${e.from} sends ${e.tainted} tainted ${e.asset} at block ${e.block} holding ${have}`,
      )
      balance.set(out, have - e.tainted)
    }
    const into = `${e.to}:${e.asset}`
    balance.set(into, (balance.get(into) ?? 0n) + e.tainted)
  }
}

describe('invariants over random small graphs (fixed seed)', () => {
  it('haircut and FIFO conserve taint per asset and never send more taint than arrived before; paths fit their hops', async () => {
    const rand = prng(20260322)
    let swapped = 0
    for (let g = 0; g < 40; g++) {
      const transfers = randomGraph(rand)
      const hops = 1 + Math.floor(rand() * 6)
      const minAmount = rand() < 0.3 ? BigInt(Math.floor(rand() * 100)) : 0n
      const store = await storeWith(transfers)
      try {
        for (const model of ['haircut', 'fifo', 'poison'] as const) {
          const req = traceRequest('ethereum', { addresses: [SEED], txs: [] }, { model, limits: { hops, minAmount } })
          const r = await runTrace(store, req, DEX_LABELS)
          const label = `graph ${g} ${model} hops ${hops} min ${minAmount}`
          checkPathHops(r, label)
          assert.equal(r.endpoints.filter((e) => e.address === ROUTER).length, 0, `${label}: the router holds nothing`)
          if (model === 'poison') {
            for (const e of r.edges) assert.equal(e.tainted, e.amount, `${label}: poison taints whole transfers`)
            continue
          }
          checkConservation(r, label)
          if (Object.values(r.totals).some((t) => t.swappedIn > 0n)) swapped++
          checkNoOverspend(r, label)
          assert.equal(r.totals.native?.stolen, 500n, label)
          assert.equal(r.totals[TOKEN]?.stolen, 700n, label)
        }
      } finally {
        await store.close()
      }
    }
    assert.ok(swapped > 10, `swaps carried taint in ${swapped} traces`)
  })

  it('poison by limb sums equals poison by the bigint scan', async () => {
    const rand = prng(7)
    for (let n = 0; n < 15; n++) {
      const store = await storeWith(randomGraph(rand))
      try {
        await ensureTraceIndex(store.connection, 'ethereum')
        const source = await DuckDbEdgeSource.open(store.connection, 'ethereum', 'forward', {})
        const g = new TransferGraph(source.addressCount)
        const seed = g.node((await source.resolve([SEED]))[0] as number)
        g.flags[seed] = NodeFlag.seed
        g.addIn([seed], await source.inEdges(Int32Array.of(g.global[seed] as number)))
        for (let e = 0; e < g.edgeCount; e++) g.arr[seed] = Math.min(g.arr[seed] as number, g.txo[e] as number)
        g.hop[seed] = 0
        const seedEdges = g.edgeCount
        const labels = await RoleIndex.open(new MapEndpointLabels(), source)
        const ctx = expandContext(g, source, labels, { hops: 4, minAmount: 0n, maxAddresses: 1000 }, true)
        await expand(ctx, [seed])
        await loadBalances(g, source, new Map())
        const input = {
          graph: g,
          model: 'poison' as const,
          totalEdges: source.edgeCount,
          seedOrds: new Set<number>(),
          seedEdges,
          seedAsset: undefined,
          convTx: ctx.convDone,
        }
        const flat = (r: ReturnType<typeof scan>) => {
          const out: string[] = []
          r.final.forEach((u, a, v) => {
            out.push(`${u}:${a}:${v}`)
          })
          return [...out.sort(), `seeded ${[...r.seeded]}`, `edges ${r.taintedEdges}`]
        }
        assert.deepEqual(flat(poisonScan(input)), flat(scan(input)), `graph ${n}`)
      } finally {
        await store.close()
      }
    }
  })
})
