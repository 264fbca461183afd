// Address clustering benchmark: every rule (multi-input, the five change rules, CoinJoin shapes) over a synthetic
// Bitcoin graph of 10M inputs (bench/btc-synthetic.ts, fed in batches; only the clusterer's work is timed),
// against the multi-input rule alone over the same graph in the same run.
// BTC_CLUSTER_INPUTS: a smaller graph of the same shape.

import { AddressClusterer, type ClusterOptions } from '../src/cluster/cluster-addresses.ts'
import { btcSyntheticBatches, minorGc } from './btc-synthetic.ts'
import { report } from './report.ts'

const BENCH = 'btc-cluster'
const INPUTS = Number(process.env.BTC_CLUSTER_INPUTS ?? 10_000_000)
const params = { target: INPUTS, count: 'inputs' as const, addresses: Math.ceil(INPUTS / 5), batch: 50_000, seed: 11 }

function run(options: ClusterOptions) {
  const c = new AddressClusterer(options)
  let ms = 0
  let inputs = 0
  for (const batch of btcSyntheticBatches(params)) {
    // The generator's garbage is not the engine's: sweep it before the timed part.
    minorGc()
    const t0 = performance.now()
    for (const tx of batch) c.add(tx)
    ms += performance.now() - t0
    for (const tx of batch) inputs += tx.inputs.length
  }
  const t1 = performance.now()
  const r = c.result()
  const unionSeconds = (performance.now() - t1) / 1000
  const byRule: Record<string, number> = {}
  for (const l of r.links) byRule[l.rule] = (byRule[l.rule] ?? 0) + 1
  const clusters = new Set(r.assignments.map((a) => a.cluster)).size
  return {
    seconds: ms / 1000,
    unionSeconds,
    inputs,
    links: r.links.length,
    byRule,
    clusters,
    addresses: r.assignments.length,
  }
}

const multi = run({
  rules: {
    'change:address-reuse': false,
    'change:script-type': false,
    'change:round-amount': false,
    'change:smaller-than-inputs': false,
    'change:never-reused': false,
  },
})
const rate = (x: { inputs: number; seconds: number; unionSeconds: number }) =>
  x.inputs / (x.seconds + x.unionSeconds) / 1e6
report({
  bench: BENCH,
  metric: `multi-input only over ${INPUTS / 1e6}M inputs`,
  value: rate(multi),
  unit: 'M inputs/s',
  ...multi,
})
const all = run({})
report({
  bench: BENCH,
  metric: `every rule over ${INPUTS / 1e6}M inputs (links and union-find included)`,
  value: rate(all),
  unit: 'M inputs/s',
  baseline: { name: 'multi-input only, same graph', value: rate(multi), unit: 'M inputs/s' },
  ratio: rate(all) / rate(multi),
  aim: 'report',
  ...all,
})
