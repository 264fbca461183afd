// Incremental taint for `dragnet watch` on the seeded synthetic chain (bench/synthetic-chain.ts): the cost per block
// of carrying a target's taint forward (TaintWatch.advance, alerts included) against a full re-trace of the same
// target over [fromBlock, block] after that block (runTrace), both in this run. TRACE_BENCH_SMALL for iteration.

import { MapEndpointLabels } from '../src/labels/endpoint-labels.ts'
import { ensureTraceIndex } from '../src/store/duckdb/duckdb-trace-index.ts'
import { runTrace } from '../src/trace/run-trace.ts'
import { traceRequest } from '../src/trace/trace-request.ts'
import type { TaintModel } from '../src/trace/trace-types.ts'
import { loadAlertPolicy } from '../src/watch/alert-policy.ts'
import { openTaintWatch } from '../src/watch/open-taint-watch.ts'
import { report } from './report.ts'
import { DEFAULT_SYNTHETIC, SYNTHETIC_CHAIN, syntheticAddress, syntheticStore } from './synthetic-chain.ts'

const BENCH = 'watch-taint'
const small = Boolean(process.env.TRACE_BENCH_SMALL)
const params = small ? { ...DEFAULT_SYNTHETIC, transfers: 200_000, addresses: 40_000 } : DEFAULT_SYNTHETIC
const models = (process.env.WATCH_BENCH_MODELS ?? 'haircut').split(',') as TaintModel[]
/** Blocks carried forward one at a time, and how many of them also get a full re-trace as the baseline. */
const BLOCKS = Number(process.env.WATCH_BENCH_BLOCKS ?? 20)
const FULL = Number(process.env.WATCH_BENCH_FULL ?? 3)
const seeds = Array.from({ length: 50 }, (_, i) => syntheticAddress(params.hubs + 1000 + i * 97))
const limits = { hops: 10, maxAddresses: 50_000_000, fromBlock: 0n }

const { store } = await syntheticStore(params, 'watch')
try {
  await ensureTraceIndex(store.connection, SYNTHETIC_CHAIN)
  const last = BigInt(Math.floor(params.transfers / params.transfersPerBlock) - 1)
  const tip = last - BigInt(BLOCKS)
  const labels = new MapEndpointLabels()
  for (const model of models) {
    const request = traceRequest(SYNTHETIC_CHAIN, { addresses: seeds, txs: [] }, { model, limits })
    const t0 = performance.now()
    const watch = await openTaintWatch(store, { incident: 'bench', request }, labels, loadAlertPolicy(), { tip })
    const openSeconds = (performance.now() - t0) / 1000
    const steps: number[] = []
    const fulls: number[] = []
    let alerts = 0
    let reached = 0
    for (let b = tip + 1n; b <= last; b++) {
      const a0 = performance.now()
      alerts += (await watch.advance(b)).length
      steps.push(performance.now() - a0)
      if (b > last - BigInt(FULL)) {
        const f0 = performance.now()
        const full = await runTrace(store, { ...request, limits: { ...request.limits, toBlock: b } }, labels)
        fulls.push(performance.now() - f0)
        reached = full.stats.addressesReached
      }
    }
    const st = watch.stats()
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number
    const step = median(steps)
    const full = median(fulls)
    report({
      bench: BENCH,
      metric: `${model}: advance() per block (median of ${steps.length}), alerts included`,
      value: Math.round(step * 10) / 10,
      unit: 'ms',
      baseline: {
        name: `full re-trace after the block (median of ${fulls.length})`,
        value: Math.round(full),
        unit: 'ms',
      },
      ratio: Math.round((full / step) * 10) / 10,
      aim: 'at least 100x cheaper on 10M transfers with an incident of at least 100,000 addresses',
      transfers: params.transfers,
      addressesReached: reached,
      maxStepMs: Math.round(Math.max(...steps)),
      openSeconds: Math.round(openSeconds * 10) / 10,
      transfersApplied: st.transfersApplied,
      retraces: st.retraces,
      retraceReasons: st.retraceReasons,
      alerts,
    })
  }
} finally {
  await store.close()
}
