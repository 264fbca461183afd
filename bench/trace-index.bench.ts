// Trace index benchmark on the synthetic chain (bench/synthetic-chain.ts): a full build from scratch (seconds
// and peak RSS) as the baseline, then 1,000-transfer blocks appended at the chain's head as `ingest evm` writes
// them, rows and index in one transaction.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import type { DuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import { ensureTraceIndex } from '../src/store/duckdb/duckdb-trace-index.ts'
import { transferRows } from '../src/trace/trace-fixture.ts'
import { report } from './report.ts'
import { DEFAULT_SYNTHETIC, SYNTHETIC_CHAIN, syntheticAddress, syntheticStore } from './synthetic-chain.ts'

const BENCH = 'trace-index'
// The first append looks ids up in SQL, the second loads them into memory (address-id-cache.ts); the median
// is over the appends after those, as a process following the chain makes them.
const APPENDS = 9
const WARMUP = 2
const BLOCK_TRANSFERS = 1000
const params = process.env.TRACE_BENCH_SMALL
  ? { ...DEFAULT_SYNTHETIC, transfers: 200_000, addresses: 40_000 }
  : DEFAULT_SYNTHETIC

/** The kernel's peak RSS of this process (VmHWM), in bytes. */
function highWater(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  return m ? Number(m[1]) * 1024 : 0
}

/** Runs fn and returns its seconds and the peak RSS while it ran: the kernel's mark, reset first, and samples. */
async function measured(fn: () => Promise<unknown>): Promise<{ seconds: number; peak: number; sampled: number }> {
  // Writing 5 to clear_refs resets VmHWM to the current RSS, so the mark covers fn alone.
  writeFileSync('/proc/self/clear_refs', '5')
  let sampled = process.memoryUsage().rss
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss)
  }, 10)
  const t0 = performance.now()
  try {
    await fn()
  } finally {
    clearInterval(timer)
  }
  const seconds = (performance.now() - t0) / 1000
  return { seconds, peak: Math.max(highWater(), sampled), sampled }
}

/** A block of synthetic transfers after the chain's head: mostly known addresses, some new ones. */
function blockRows(block: bigint) {
  const n = params.addresses
  return transferRows(
    Array.from({ length: BLOCK_TRANSFERS }, (_, i) => {
      const r = (k: number) => Math.floor((Math.sin(Number(block) * 7919 + i * 104_729 + k) * 0.5 + 0.5) * n * 1.01)
      return {
        block: Number(block),
        tx: i,
        position: 'tx',
        from: syntheticAddress(1 + r(1)),
        to: syntheticAddress(1 + r(2)),
        amount: 1_000_000n + BigInt(i),
      }
    }),
  )
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

async function appendBlocks(store: DuckDbStore): Promise<number[]> {
  const head = await store.connection.runAndReadAll('SELECT max(block_number) FROM transfers WHERE chain = $1', [
    SYNTHETIC_CHAIN,
  ])
  let block = (head.getRows()[0]?.[0] as bigint) + 1n
  const ms: number[] = []
  for (let i = 0; i < APPENDS; i++, block++) {
    const rows = blockRows(block)
    const t0 = performance.now()
    await store.writeBatch({
      chain: SYNTHETIC_CHAIN,
      fromBlock: block,
      toBlock: block,
      tables: { transfers: rows },
      replace: ['transfers'],
    })
    ms.push(performance.now() - t0)
  }
  return ms
}

const { store } = await syntheticStore(params, 'index')
const path = store.path
try {
  const build = await measured(() => ensureTraceIndex(store.connection, SYNTHETIC_CHAIN, true))
  const transfers = await store.count('transfers', SYNTHETIC_CHAIN)
  report({
    bench: BENCH,
    metric: `full trace index build, ${transfers} transfers, ordered block ranges`,
    value: build.seconds,
    unit: 's',
    peakRssGB: build.peak / 2 ** 30,
    sampledPeakRssGB: build.sampled / 2 ** 30,
    aim: 'peak RSS <= 2 GB',
    met: build.peak <= 2 * 2 ** 30,
    // Other work on the machine slows every figure: the 1-minute load average when the figure was taken.
    loadAverage: loadavg()[0],
  })
  const ms = await appendBlocks(store)
  const steady = ms.slice(WARMUP)
  const value = median(steady)
  report({
    bench: BENCH,
    metric: `append a ${BLOCK_TRANSFERS}-transfer block at the head (rows and index in one write), median of ${steady.length} after the first ${WARMUP}`,
    value,
    unit: 'ms',
    baseline: { name: 'full trace index build', value: build.seconds * 1000, unit: 'ms' },
    ratio: (build.seconds * 1000) / value,
    aim: 'append <= 50 ms',
    met: value <= 50,
    firstAppendMs: Math.round(ms[0] as number),
    secondAppendWithIdLoadMs: Math.round(ms[1] as number),
    runs: steady.map((x) => Math.round(x * 10) / 10),
    loadAverage: loadavg()[0],
    indexRebuiltAfter: await ensureTraceIndex(store.connection, SYNTHETIC_CHAIN),
  })
} finally {
  await store.close()
  // The copy now holds appended blocks: the next run starts again from the cached chain.
  for (const p of [path, `${path}.wal`, `${path}.tmp`]) rmSync(p, { recursive: true, force: true })
}
