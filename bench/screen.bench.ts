// Direct screening over 1M labelled addresses (lookups/s in process, against a plain Map.get over the same
// keys), and screening with exposure over the synthetic chain (addresses/s).
import { LabelIndex } from '../src/labels/label-index.ts'
import type { Label } from '../src/labels/label-types.ts'
import { loadPolicy } from '../src/screen/policy.ts'
import { Screener } from '../src/screen/screener.ts'
import { report } from './report.ts'
import { DEFAULT_SYNTHETIC, SYNTHETIC_CHAIN, syntheticAddress, syntheticStore } from './synthetic-chain.ts'

const N = 1_000_000
const hex = (i: number) => `0x${(i * 2654435761).toString(16).padStart(40, '0').slice(-40)}`
const labels: Label[] = []
for (let i = 0; i < N; i++) {
  labels.push({
    chain: 'ethereum',
    address: hex(i),
    category: i % 100 === 0 ? 'sanctioned' : 'exchange-deposit',
    name: `entity ${i % 1000}`,
    source: 'bench',
    sourceDate: null,
    confidence: 50,
    programmes: [],
    asset: null,
    notes: null,
  })
}
const t0 = performance.now()
const index = LabelIndex.fromLabels(labels)
const buildSeconds = (performance.now() - t0) / 1000
// Half hits, half misses, in checksum-free mixed order.
const queries = Array.from({ length: N }, (_, i) => (i % 2 === 0 ? hex((i * 7919) % N) : hex(N + i)))
const plain = new Map<string, number>(labels.map((l, i) => [`evm:${l.address}`, i]))
const plainKeys = queries.map((q) => `evm:${q}`)

function timeIt(fn: () => number): { perSecond: number; hits: number } {
  let best = Number.POSITIVE_INFINITY
  let hits = 0
  for (let r = 0; r < 5; r++) {
    const s = performance.now()
    hits = fn()
    best = Math.min(best, performance.now() - s)
  }
  return { perSecond: N / (best / 1000), hits }
}
const direct = timeIt(() => {
  let h = 0
  for (const q of queries) if (index.lookup('ethereum', q).length > 0) h++
  return h
})
const baseline = timeIt(() => {
  let h = 0
  for (const k of plainKeys) if (plain.get(k) !== undefined) h++
  return h
})
if (direct.hits !== baseline.hits) throw new Error(`hit counts differ: ${direct.hits} vs ${baseline.hits}`)
report({
  bench: 'screen',
  metric: 'direct-lookups-per-second',
  value: Math.round(direct.perSecond),
  unit: 'lookups/s',
  baseline: { name: 'Map.get on prebuilt keys', value: Math.round(baseline.perSecond), unit: 'lookups/s' },
  ratio: direct.perSecond / baseline.perSecond,
  aim: '>= 1000000 lookups/s',
  labelled: index.size,
  indexBuildSeconds: buildSeconds,
})

const transfers = Number(process.env.SCREEN_BENCH_TRANSFERS ?? DEFAULT_SYNTHETIC.transfers)
const params = { ...DEFAULT_SYNTHETIC, transfers, addresses: Math.max(1000, Math.round(transfers / 5)) }
const { store } = await syntheticStore(params)
try {
  const chainLabels: Label[] = []
  for (let i = 1; i <= params.hubs; i++)
    chainLabels.push({ ...(labels[0] as Label), address: syntheticAddress(i), category: 'exchange', name: `hub ${i}` })
  for (let i = 0; i < 2000; i++) {
    const id = params.hubs + 1 + ((i * 104729) % (params.addresses - params.hubs - 1))
    chainLabels.push({
      ...(labels[0] as Label),
      address: syntheticAddress(id),
      category: i % 2 ? 'mixer' : 'sanctioned',
      name: `risky ${i}`,
    })
  }
  const chainIndex = LabelIndex.fromLabels(chainLabels)
  const policy = loadPolicy()
  const screener = new Screener(chainIndex, policy, store, { hops: 2, maxEdges: 50_000, chain: SYNTHETIC_CHAIN })
  const directOnly = new Screener(chainIndex, policy, store, { hops: 0, maxEdges: 1, chain: SYNTHETIC_CHAIN })
  const targets = Array.from({ length: 200 }, (_, i) =>
    syntheticAddress(params.hubs + 1 + ((i * 7919 + 13) % (params.addresses - params.hubs - 1))),
  )
  await screener.screen(targets[0] as string) // builds the trace index once, outside the timing
  let s = performance.now()
  let exposed = 0
  for (const t of targets) if ((await screener.screen(t)).reasons.length > 0) exposed++
  const seconds = (performance.now() - s) / 1000
  s = performance.now()
  for (const t of targets) await directOnly.screen(t)
  const directSeconds = (performance.now() - s) / 1000
  report({
    bench: 'screen',
    metric: 'exposure-addresses-per-second',
    value: targets.length / seconds,
    unit: 'addresses/s',
    baseline: { name: 'direct-only screening', value: targets.length / directSeconds, unit: 'addresses/s' },
    ratio: directSeconds / seconds,
    transfers: params.transfers,
    hops: 2,
    withReasons: exposed,
  })
} finally {
  await store.close()
}
