import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mulberry32 as prng } from '../../core/mulberry32.ts'
import { MapEndpointLabels } from '../../labels/endpoint-labels.ts'
import { DuckDbEdgeSource } from '../../store/duckdb/duckdb-edge-source.ts'
import { ensureTraceIndex } from '../../store/duckdb/duckdb-trace-index.ts'
import { expand, expandContext } from '../engine/expand.ts'
import { RoleIndex } from '../engine/role-index.ts'
import { NodeFlag, TransferGraph } from '../engine/transfer-graph.ts'
import { loadBalances } from '../run-trace.ts'
import { addr, type FixtureTransfer, storeWith } from '../trace-fixture.ts'
import { poisonScan } from './poison-scan.ts'
import { referenceScan } from './reference-scan.ts'
import { type ScanResult, scan } from './scan.ts'

const SEED = addr(1)
const TOKEN = addr(0xee)
const PAIR = addr(0x90)
const ROUTER = addr(0x91)
const LABELS = new MapEndpointLabels([
  [PAIR, { category: 'dex', name: 'pair' }],
  [ROUTER, { category: 'dex', name: 'router' }],
])
// Amounts around every bound of the limbs: one double (2^53), the batch's low limbs (2^63), four limbs (2^84), sums whose top limb passes 2^53 (2^107 and up), the
// batch's limbs (2^116) and past them.
const SCALES = [1n, 2n ** 52n, 2n ** 62n, 2n ** 83n, 2n ** 107n, 2n ** 115n, 2n ** 120n]

function graph(rand: () => number, scale: bigint): FixtureTransfer[] {
  const n = 4 + Math.floor(rand() * 6)
  const pick = () => addr(1 + Math.floor(rand() * n))
  const amount = () => scale * BigInt(1 + Math.floor(rand() * 400)) + BigInt(Math.floor(rand() * 1000))
  const out: FixtureTransfer[] = [
    { block: 1, from: addr(0x99), to: SEED, amount: amount() * 4n },
    { block: 2, from: addr(0x99), to: SEED, amount: amount() * 4n, asset: TOKEN },
  ]
  for (let i = 0; i < 40; i++) {
    const from = rand() < 0.3 ? SEED : pick()
    let to = pick()
    if (to === from || to === SEED) to = addr(0x98)
    const asset = rand() < 0.4 ? TOKEN : 'native'
    if (rand() < 0.15) {
      const other = asset === TOKEN ? 'native' : TOKEN
      const paid = amount()
      out.push({ block: 3 + i, from: ROUTER, to, amount: paid, asset: other, position: 'trace:0' })
      out.push({ block: 3 + i, from, to: PAIR, amount: amount(), asset, position: 'log:0' })
      out.push({ block: 3 + i, from: PAIR, to: ROUTER, amount: paid, asset: other, position: 'log:1' })
    } else out.push({ block: 3 + i, from, to, amount: amount(), asset })
  }
  return out
}

function flat(g: TransferGraph, r: ScanResult): string[] {
  const out: string[] = []
  for (let e = 0; e < g.edgeCount; e++) out.push(`e${e}:${r.taintOf(e)}:${r.hops[e]}:${r.tainted[e]}`)
  for (let u = 0; u < g.nodeCount; u++) out.push(`n${u}:${r.nodeHop[u]}`)
  out.push(`received ${r.received.assets}`, `final ${r.final.assets}`)
  r.received.forEach((u, a, v) => {
    out.push(`r${u}:${a}:${v}`)
  })
  r.final.forEach((u, a, v) => {
    out.push(`f${u}:${a}:${v}`)
  })
  out.push(`seeded ${[...r.seeded]}`, `swapped ${[...r.swappedIn]}`, `swapIn ${[...r.swapIn]}`, `${r.taintedEdges}`)
  return out
}

describe('haircut and FIFO in limbs', () => {
  it('give what the bigint scan gives, with amounts at and past every bound of the limbs (poison too)', async () => {
    const rand = prng(11)
    let swapped = 0
    let partial = 0
    for (let n = 0; n < 28; n++) {
      const scale = SCALES[n % SCALES.length] as bigint
      const store = await storeWith(graph(rand, scale))
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
        const labels = await RoleIndex.open(LABELS, source)
        const ctx = expandContext(g, source, labels, { hops: 5, minAmount: 0n, maxAddresses: 1000 }, true)
        await expand(ctx, [seed])
        await loadBalances(g, source, ctx.convDone)
        const poison = { graph: g, model: 'poison' as const, totalEdges: source.edgeCount, seedOrds: new Set<number>() }
        // As the bigint scan and poison by limb sums are compared in invariants.test.ts: what ended where, sorted.
        const sums = (r: ScanResult) => [
          ...flat(g, r)
            .filter((x) => /^f\d|^seeded/.test(x))
            .sort(),
          r.taintedEdges,
        ]
        const poisonIn = { ...poison, seedEdges, seedAsset: undefined, convTx: ctx.convDone }
        assert.deepEqual(sums(poisonScan(poisonIn)), sums(referenceScan(poisonIn)), `graph ${n} poison scale ${scale}`)
        for (const model of ['haircut', 'fifo'] as const) {
          const input = {
            graph: g,
            model,
            totalEdges: source.edgeCount,
            seedOrds: new Set<number>(),
            seedEdges,
            seedAsset: undefined,
            convTx: ctx.convDone,
          }
          const ref = referenceScan(input)
          if (ref.swappedIn.size > 0) swapped++
          for (let e = 0; e < g.edgeCount; e++) if (ref.tainted[e] && ref.taintOf(e) < g.amount(e)) partial++
          const want = flat(g, ref)
          assert.deepEqual(flat(g, scan(input)), want, `graph ${n} ${model} scale ${scale}`)
          assert.deepEqual(flat(g, scan(input, { sparse: true })), want, `graph ${n} ${model} scale ${scale}, sparse`)
          assert.deepEqual(flat(g, scan(input, { wideAll: true })), want, `graph ${n} ${model} scale ${scale}, bigints`)
        }
      } finally {
        await store.close()
      }
    }
    assert.ok(swapped > 5, `swaps carried taint in ${swapped} scans`)
    assert.ok(partial > 50, `${partial} transfers carried part taint`)
  })
})
