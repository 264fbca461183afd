// UTXO taint benchmark: poison, haircut and FIFO over a synthetic Bitcoin graph of 10M outputs (bench/btc-synthetic.ts,
// fed in batches; only the engine's work on each batch is timed), against the EVM engine's haircut scan over a
// synthetic transfer graph in memory (bench/synthetic-chain.ts) in the same run: 10 hops from 50 seeds as in
// bench/trace.bench.ts, and haircut once more without a hop limit (taint then reaches most of the graph).
// BTC_BENCH_OUTPUTS: a smaller graph of the same shape; BTC_BENCH_EVM_TRANSFERS: the EVM baseline's size (1M).

import { MapEndpointLabels } from '../src/labels/endpoint-labels.ts'
import { DuckDbEdgeSource } from '../src/store/duckdb/duckdb-edge-source.ts'
import { ensureTraceIndex } from '../src/store/duckdb/duckdb-trace-index.ts'
import { expand, expandContext } from '../src/trace/engine/expand.ts'
import { RoleIndex } from '../src/trace/engine/role-index.ts'
import { TransferGraph } from '../src/trace/engine/transfer-graph.ts'
import { scan } from '../src/trace/models/scan.ts'
import { DEFAULT_LIMITS, type TaintModel } from '../src/trace/trace-types.ts'
import { utxoTracer } from '../src/trace/utxo/trace-utxo.ts'
import { utxoResult } from '../src/trace/utxo/utxo-result.ts'
import { btcAddress, btcSyntheticBatches, minorGc } from './btc-synthetic.ts'
import { report, timeBest } from './report.ts'
import { DEFAULT_SYNTHETIC, SYNTHETIC_CHAIN, syntheticAddress, syntheticStore } from './synthetic-chain.ts'

const BENCH = 'btc-taint'
const OUTPUTS = Number(process.env.BTC_BENCH_OUTPUTS ?? 10_000_000)
const EVM_TRANSFERS = Number(process.env.BTC_BENCH_EVM_TRANSFERS ?? 1_000_000)
const params = { target: OUTPUTS, count: 'outputs' as const, addresses: Math.ceil(OUTPUTS / 5), batch: 50_000, seed: 7 }

const evm = await evmHaircut()
report({
  bench: BENCH,
  metric: 'baseline: EVM engine haircut scan, whole synthetic graph in memory',
  value: evm.edgesPerSecond / 1e6,
  unit: 'M edges/s',
  edges: evm.edges,
})

const HOPS = 10
for (const [model, hops] of [
  ['poison', HOPS],
  ['haircut', HOPS],
  ['fifo', HOPS],
  ['haircut', 0],
] as const) {
  const run = utxoRun(model, hops)
  report({
    bench: BENCH,
    metric: `engine alone: ${model} UTXO taint over ${OUTPUTS / 1e6}M outputs, ${hops > 0 ? `${hops} hops` : 'no hop limit'}, 50 seed addresses`,
    value: run.outputs / run.seconds / 1e6,
    unit: 'M outputs/s',
    baseline: { name: 'EVM engine haircut scan in memory', value: evm.edgesPerSecond / 1e6, unit: 'M edges/s' },
    ratio: run.outputs / run.seconds / evm.edgesPerSecond,
    aim: model === 'haircut' ? '>= 3 M outputs/s' : 'report',
    ...run,
  })
}

/** One trace over the whole graph; generation is not timed, each batch's add() is. */
function utxoRun(model: TaintModel, hops: number) {
  const seeds = Array.from({ length: 50 }, (_, i) => btcAddress(1000 + i * 97))
  const limits = { ...DEFAULT_LIMITS, hops: hops > 0 ? hops : 1_000_000_000, maxAddresses: 1_000_000_000 }
  const { tracer, context } = utxoTracer(
    {
      chain: 'bitcoin',
      model,
      seedAddresses: seeds,
      seedTxs: [],
      limits,
      report: { maxEndpoints: 1000, maxEdges: 5000 },
    },
    new Map(),
  )
  let ms = 0
  let txs = 0
  let outputs = 0
  const wall = performance.now()
  for (const batch of btcSyntheticBatches(params)) {
    // The generator's garbage is not the engine's: sweep it before the timed part.
    minorGc()
    const t0 = performance.now()
    for (const tx of batch) tracer.add(tx)
    ms += performance.now() - t0
    txs += batch.length
    for (const tx of batch) outputs += tx.outputs.length
  }
  const wallSeconds = (performance.now() - wall) / 1000
  // The result of an unlimited trace lists paths thousands of hops long; it is built for the limited runs only.
  if (hops === 0)
    return { seconds: ms / 1000, outputs, outputsOfTaintedTransactions: tracer.outputsRead, transactions: txs }
  const t1 = performance.now()
  const r = utxoResult(tracer, context, t1)
  const resultSeconds = (performance.now() - t1) / 1000
  const t = r.totals.native
  return {
    seconds: ms / 1000,
    outputs,
    outputsOfTaintedTransactions: tracer.outputsRead,
    transactions: txs,
    taintedOutputs: r.listed.edgesTotal,
    resultSeconds,
    wallSecondsWithGeneration: wallSeconds,
    stolen: String(t?.stolen),
    traced: String(t?.traced),
    fees: String(r.fees?.native),
    heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  }
}

/** The EVM engine alone, as bench/trace.bench.ts measures it: the graph in memory, expanded, then a haircut scan. */
async function evmHaircut(): Promise<{ edgesPerSecond: number; edges: number }> {
  const p = { ...DEFAULT_SYNTHETIC, transfers: EVM_TRANSFERS, addresses: Math.ceil(EVM_TRANSFERS / 5) }
  const { store } = await syntheticStore(p, 'btc-taint')
  try {
    await ensureTraceIndex(store.connection, SYNTHETIC_CHAIN)
    const source = await DuckDbEdgeSource.open(store.connection, SYNTHETIC_CHAIN, 'forward', {})
    const graph = new TransferGraph(source.addressCount)
    const all = Int32Array.from({ length: source.addressCount }, (_, i) => i)
    graph.addOut(
      Array.from(all, (id) => graph.node(id)),
      await source.outEdges(all),
    )
    const seeds = Array.from({ length: 50 }, (_, i) => syntheticAddress(p.hubs + 1000 + i * 97))
    const seedIds = await source.resolve(seeds)
    const labels = await RoleIndex.open(new MapEndpointLabels(), source)
    const arrivals = await source.inEdges(seedIds)
    graph.resetTrace()
    for (let i = 0; i < arrivals.length; i++) {
      const v = graph.localId(arrivals.dst[i] as number)
      if ((arrivals.txo[i] as number) < (graph.arr[v] as number)) graph.arr[v] = arrivals.txo[i] as number
    }
    const frontier = Array.from(seedIds, (id) => graph.localId(id))
    for (const u of frontier) {
      graph.hop[u] = 0
      graph.flags[u] = (graph.flags[u] as number) | 4
    }
    const ctx = expandContext(graph, source, labels, { hops: 10, maxAddresses: 50_000_000, minAmount: 0n }, true)
    await expand(ctx, frontier)
    const input = {
      graph,
      model: 'haircut' as const,
      totalEdges: source.edgeCount,
      seedOrds: new Set<number>(),
      seedEdges: 0,
      seedAsset: undefined,
      convTx: ctx.convDone,
    }
    const seconds = await timeBest(() => scan(input), 2)
    return { edgesPerSecond: graph.edgeCount / seconds, edges: graph.edgeCount }
  } finally {
    await store.close()
  }
}
