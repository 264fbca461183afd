// Trace benchmark on a seeded synthetic chain (bench/synthetic-chain.ts): end-to-end poison, haircut and FIFO traces
// from the DuckDB file against the same poison reachability as a recursive SQL query, and the engine alone in memory
// (expansion and the three taint models; haircut and FIFO beside the bigint reference scan in the same run).

import { MapEndpointLabels } from '../src/labels/endpoint-labels.ts'
import { DuckDbEdgeSource } from '../src/store/duckdb/duckdb-edge-source.ts'
import { ensureTraceIndex } from '../src/store/duckdb/duckdb-trace-index.ts'
import { expand, expandContext } from '../src/trace/engine/expand.ts'
import { RoleIndex } from '../src/trace/engine/role-index.ts'
import { TransferGraph } from '../src/trace/engine/transfer-graph.ts'
import { poisonScan } from '../src/trace/models/poison-scan.ts'
import { referenceScan } from '../src/trace/models/reference-scan.ts'
import { scan } from '../src/trace/models/scan.ts'
import { runTrace } from '../src/trace/run-trace.ts'
import { traceRequest } from '../src/trace/trace-request.ts'
import { report, timeBest } from './report.ts'
import { DEFAULT_SYNTHETIC, SYNTHETIC_CHAIN, syntheticAddress, syntheticStore } from './synthetic-chain.ts'

const BENCH = 'trace'
const HOPS = 10
// TRACE_BENCH_TRANSFERS: a smaller chain of the same shape (five transfers per address), to iterate on;
// TRACE_BENCH_ENGINE: only the engine-alone figures (no recursive SQL or end-to-end traces).
const transfersEnv = Number(process.env.TRACE_BENCH_TRANSFERS ?? 0)
const params =
  transfersEnv > 0
    ? { ...DEFAULT_SYNTHETIC, transfers: transfersEnv, addresses: Math.ceil(transfersEnv / 5) }
    : process.env.TRACE_BENCH_SMALL
      ? { ...DEFAULT_SYNTHETIC, transfers: 200_000, addresses: 40_000 }
      : DEFAULT_SYNTHETIC
const engineOnly = Boolean(process.env.TRACE_BENCH_ENGINE)
const seeds = Array.from({ length: 50 }, (_, i) => syntheticAddress(params.hubs + 1000 + i * 97))
const limits = { hops: HOPS, maxAddresses: 50_000_000 }
// Figures measured on main before the engine held haircut and FIFO in limbs (issue 11, the full 10M chain).
const RECORDED = 'main at 7fdd8a8, 10M transfers (issue 11)'

const { store, genSeconds } = await syntheticStore(params, 'trace')
if (genSeconds > 0) report({ bench: BENCH, metric: 'generate 10M transfers', value: genSeconds, unit: 's' })
const t0 = performance.now()
if (await ensureTraceIndex(store.connection, SYNTHETIC_CHAIN)) {
  report({
    bench: BENCH,
    metric: 'build trace index (once per store change)',
    value: (performance.now() - t0) / 1000,
    unit: 's',
  })
}

const c = store.connection
// The same time-respecting reachability, hop by hop, as one recursive query over the trace index's integer
// columns (a stronger baseline than string addresses): an address is re-expanded when its earliest arrival improves.
let sqlReached = 0
if (!engineOnly) {
  const seedList = seeds.map((s) => `'${s}'`).join(',')
  const recursiveSql = `
    WITH RECURSIVE reach(addr, t, hop) USING KEY (addr) AS (
      SELECT e.dst, min(e.txo), 0 FROM trace_edges e JOIN trace_addresses a ON a.chain = e.chain AND a.id = e.dst
        WHERE e.chain = '${SYNTHETIC_CHAIN}' AND a.address IN (${seedList}) GROUP BY e.dst
      UNION
      SELECT n.addr, n.t, n.hop FROM (
        SELECT e.dst AS addr, min(e.txo) AS t, min(r.hop) + 1 AS hop
        FROM reach r JOIN trace_edges e ON e.src = r.addr AND e.txo >= r.t
        WHERE e.chain = '${SYNTHETIC_CHAIN}' AND r.hop < ${HOPS} GROUP BY e.dst) n
      LEFT JOIN recurring.reach old ON old.addr = n.addr
      WHERE old.addr IS NULL OR n.t < old.t)
    SELECT count(*) FROM reach`
  const sqlSeconds = await timeBest(async () => {
    const r = await c.runAndReadAll(recursiveSql)
    sqlReached = Number(r.getRows()[0]?.[0])
  }, 1)
  report({
    bench: BENCH,
    metric: 'recursive SQL poison reachability (WITH RECURSIVE ... USING KEY), 10 hops, 50 seeds',
    value: sqlSeconds,
    unit: 's',
    reached: sqlReached,
  })

  for (const model of ['poison', 'haircut', 'fifo'] as const) {
    const request = traceRequest(SYNTHETIC_CHAIN, { addresses: seeds, txs: [] }, { model, limits })
    let stats = {}
    const seconds = await timeBest(
      async () => {
        stats = (await runTrace(store, request)).stats
      },
      model === 'poison' ? 2 : 1,
    )
    report({
      bench: BENCH,
      metric: `end-to-end ${model} trace, 10 hops, 50 seeds, from DuckDB`,
      value: seconds,
      unit: 's',
      baseline: { name: 'recursive SQL poison reachability', value: sqlSeconds, unit: 's' },
      ratio: sqlSeconds / seconds,
      aim: model === 'poison' ? 'ratio >= 5' : 'report',
      recorded: model === 'fifo' ? undefined : { name: RECORDED, value: model === 'poison' ? 17.3 : 74.5, unit: 's' },
      ...stats,
    })
  }
}

// The engine alone: the whole synthetic graph read into memory once, then expansion and scans timed.
const source = await DuckDbEdgeSource.open(c, SYNTHETIC_CHAIN, 'forward', {})
const graph = new TransferGraph(source.addressCount)
const all = Int32Array.from({ length: source.addressCount }, (_, i) => i)
const tl = performance.now()
graph.addOut(
  Array.from(all, (id) => graph.node(id)),
  await source.outEdges(all),
)
report({
  bench: BENCH,
  metric: 'read whole graph by column vectors',
  value: (performance.now() - tl) / 1000,
  unit: 's',
  edges: graph.edgeCount,
})
const seedIds = await source.resolve(seeds)
const labels = await RoleIndex.open(new MapEndpointLabels(), source)
let visited = 0
let reached = 0
const arrivals = await source.inEdges(seedIds)
const runExpand = async () => {
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
  const ctx = expandContext(graph, source, labels, { ...limits, minAmount: 0n }, true)
  await expand(ctx, frontier)
  visited = ctx.edgesVisited
  reached = graph.reachedCount()
  return ctx
}
const expandSeconds = await timeBest(runExpand, 3)
report({
  bench: BENCH,
  metric: 'engine alone: poison expansion, edges visited per second (one core, graph in memory)',
  value: visited / expandSeconds / 1e6,
  unit: 'M edges/s',
  baseline: { name: RECORDED, value: 3.0, unit: 'M edges/s' },
  aim: '>= 20',
  edgesVisited: visited,
  reached,
  sqlReached,
  seconds: expandSeconds,
})
const ctx = await runExpand()
const scanInput = (model: 'poison' | 'haircut' | 'fifo') => ({
  graph,
  model,
  totalEdges: source.edgeCount,
  seedOrds: new Set<number>(),
  seedEdges: 0,
  seedAsset: undefined,
  convTx: ctx.convDone,
})
const poisonSeconds = await timeBest(() => poisonScan(scanInput('poison')), 3)
report({
  bench: BENCH,
  metric: 'engine alone: poison taint over the whole graph in memory',
  value: graph.edgeCount / poisonSeconds / 1e6,
  unit: 'M edges/s',
  baseline: { name: RECORDED, value: 2.4, unit: 'M edges/s' },
  aim: 'report',
  seconds: poisonSeconds,
})
for (const model of ['haircut', 'fifo'] as const) {
  const input = scanInput(model)
  let taintedEdges = 0
  const seconds = await timeBest(() => {
    taintedEdges = scan(input).taintedEdges
  }, 2)
  // The same model with every amount a bigint (the books as they were on main): the baseline, in the same run.
  const refSeconds = await timeBest(() => referenceScan(input), 1)
  report({
    bench: BENCH,
    metric: `engine alone: ${model} taint over the whole graph in memory (amounts in limbs)`,
    value: graph.edgeCount / seconds / 1e6,
    unit: 'M edges/s',
    baseline: {
      name: `${model} with bigint amounts (reference scan)`,
      value: graph.edgeCount / refSeconds / 1e6,
      unit: 'M edges/s',
    },
    ratio: refSeconds / seconds,
    aim: '>= 3',
    recorded: model === 'haircut' ? { name: RECORDED, value: 0.15, unit: 'M edges/s' } : undefined,
    seconds,
    taintedEdges,
  })
}
await store.close()
