// The real OFAC SDN import (stream, parse, store) against just decompressing the same file, each in a fresh
// process so that peak RSS is its own. Also measured alone: parsing without a store, and the import's code and
// DuckDB loaded with an empty store, no file read (a fixed cost that does not grow with the file).
import { spawnSync } from 'node:child_process'
import { report } from './report.ts'

const SDN = new URL('../../shared/data/ofac/sdn_advanced-2025-11-19.xml.bz2', import.meta.url).pathname
const mode = process.argv[2]
const MODES = ['decompress', 'parse', 'loaded', 'import'] as const

async function runMode(m: string): Promise<number> {
  if (m === 'decompress') {
    const { readText } = await import('../src/labels/open-label-file.ts')
    let n = 0
    for await (const s of readText(SDN)) n += s.length
    return n
  }
  if (m === 'parse') {
    const { readSdn } = await import('../src/labels/ofac-sdn.ts')
    return (await readSdn(SDN)).addresses.length
  }
  const { openDuckDbStore } = await import('../src/store/duckdb/duckdb-store.ts')
  const { DuckDbLabelStore } = await import('../src/labels/duckdb-label-store.ts')
  const { importLabelFile } = await import('../src/labels/import-labels.ts')
  const store = await openDuckDbStore(':memory:')
  try {
    if (m === 'loaded') return 0
    const [d] = await importLabelFile(new DuckDbLabelStore(store.connection), 'ofac-sdn', SDN)
    return d?.added.length ?? 0
  } finally {
    await store.close()
  }
}

if (mode !== undefined) {
  const t0 = performance.now()
  const n = await runMode(mode)
  const seconds = (performance.now() - t0) / 1000
  process.stdout.write(`${JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, n })}\n`)
} else {
  const run = (m: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, m], {
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(`${m} failed: ${r.stderr}`)
    return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as { seconds: number; maxRssMb: number; n: number }
  }
  const [base, parse, loaded, imp] = MODES.map(run) as [
    ReturnType<typeof run>,
    ReturnType<typeof run>,
    ReturnType<typeof run>,
    ReturnType<typeof run>,
  ]
  report({
    bench: 'labels-import',
    metric: 'sdn-import-seconds',
    value: imp.seconds,
    unit: 's',
    baseline: { name: 'bz2-decompress-only', value: base.seconds, unit: 's' },
    ratio: imp.seconds / base.seconds,
    parseOnlySeconds: parse.seconds,
    labels: imp.n,
  })
  report({
    bench: 'labels-import',
    metric: 'sdn-import-peak-rss',
    value: imp.maxRssMb,
    unit: 'MB',
    baseline: { name: 'bz2-decompress-only', value: base.maxRssMb, unit: 'MB' },
    ratio: imp.maxRssMb / base.maxRssMb,
    aim: 'far below the 121 MB XML',
    parseOnlyMb: parse.maxRssMb,
    loadedNoFileMb: loaded.maxRssMb,
    importAboveLoadedMb: imp.maxRssMb - loaded.maxRssMb,
    xmlMb: base.n / 1e6,
  })
}
