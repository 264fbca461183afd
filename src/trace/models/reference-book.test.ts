import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MapEndpointLabels } from '../../labels/endpoint-labels.ts'
import { DuckDbEdgeSource } from '../../store/duckdb/duckdb-edge-source.ts'
import { edgesInOrder } from '../engine/edge-order.ts'
import { expand, expandContext } from '../engine/expand.ts'
import { RoleIndex } from '../engine/role-index.ts'
import { NodeFlag, TransferGraph } from '../engine/transfer-graph.ts'
import { loadBalances } from '../run-trace.ts'
import { addr, type FixtureTransfer, storeWith } from '../trace-fixture.ts'
import type { TaintModel } from '../trace-types.ts'
import { ReferenceBook } from './reference-book.ts'
import { referenceScan } from './reference-scan.ts'
import type { ScanResult } from './scan-types.ts'

const SEED = addr(1)
const PAIR = addr(0x90)
const TOKEN = addr(0xee)

/** A chain with clean money, a token and swaps through a labelled pair, one transaction per block. */
function chain(): FixtureTransfer[] {
  let s = 7
  const r = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return s / 2 ** 32
  }
  const out: FixtureTransfer[] = [
    { block: 1, from: addr(0x99), to: SEED, amount: 500 },
    { block: 2, from: addr(0x99), to: SEED, amount: 700, asset: TOKEN },
  ]
  for (let b = 3; b < 60; b++) {
    const from = addr(1 + Math.floor(r() * 8))
    const to = r() < 0.15 ? PAIR : addr(1 + Math.floor(r() * 9))
    const asset = r() < 0.4 ? TOKEN : 'native'
    out.push({ block: b, from, to, amount: 1 + Math.floor(r() * 300), ...(asset === TOKEN ? { asset } : {}) })
    if (to === PAIR)
      out.push({
        block: b,
        from: PAIR,
        to: from,
        amount: 1 + Math.floor(r() * 300),
        ...(asset === TOKEN ? {} : { asset: TOKEN }),
      })
  }
  return out
}

/** Everything a scan result states, as plain values. */
function view(g: TransferGraph, s: ScanResult) {
  const per = (p: ScanResult['final']) => {
    const out: string[] = []
    p.forEach((node, asset, v) => {
      out.push(`${g.global[node]}:${asset}:${v}`)
    })
    return out.sort()
  }
  const edges: string[] = []
  for (const e of s.order) if (s.tainted[e]) edges.push(`${g.ord[e]}:${s.taintOf(e)}:${s.hops[e]}`)
  return {
    edges,
    received: per(s.received),
    final: per(s.final),
    seeded: [...s.seeded],
    swappedIn: [...s.swappedIn],
    nodeHop: [...s.nodeHop],
  }
}

test('the reference book carried one transaction at a time, read half-way, ends as one scan over all', async () => {
  const store = await storeWith(chain())
  try {
    for (const model of ['poison', 'haircut', 'fifo'] as TaintModel[]) {
      await store.traceIndex.ensure('ethereum')
      const source = await DuckDbEdgeSource.open(store.connection, 'ethereum', 'forward', {})
      const g = new TransferGraph(source.addressCount)
      const seed = g.node((await source.resolve([SEED]))[0] as number)
      g.flags[seed] = NodeFlag.seed
      g.addIn([seed], await source.inEdges(Int32Array.of(g.global[seed] as number)))
      for (let e = 0; e < g.edgeCount; e++) g.arr[seed] = Math.min(g.arr[seed] as number, g.txo[e] as number)
      g.hop[seed] = 0
      const labels = await RoleIndex.open(new MapEndpointLabels([[PAIR, { category: 'dex', name: 'pair' }]]), source)
      const ctx = expandContext(g, source, labels, { hops: 6, minAmount: 0n, maxAddresses: 1000 }, true)
      await expand(ctx, [seed])
      await loadBalances(g, source, model === 'poison' ? new Map() : ctx.convDone)
      const input = {
        graph: g,
        model,
        totalEdges: source.edgeCount,
        seedOrds: new Set<number>(),
        seedEdges: 0,
        seedAsset: undefined,
        convTx: ctx.convDone,
        relaxLog: ctx.relaxLog,
      }
      const once = referenceScan(input)
      assert.ok(once.taintedEdges > 5, `${model}: the chain carries taint`)
      assert.ok(once.swappedIn.size > 0, `${model}: and swaps`)
      const order = edgesInOrder(g, source.edgeCount)
      const book = new ReferenceBook(input)
      const half = Math.floor(order.length / 2)
      let i = 0
      while (i < order.length) {
        let j = i + 1
        while (j < order.length && g.txo[order[j] as number] === g.txo[order[i] as number]) j++
        book.applyTx(Array.from(order.subarray(i, j)))
        // A result read mid-way must leave the book as it was.
        if (i <= half && half < j) book.result(order.subarray(0, j))
        i = j
      }
      assert.deepEqual(view(g, book.result(order)), view(g, once), model)
    }
  } finally {
    await store.close()
  }
})
