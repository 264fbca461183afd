// `dragnet import etl` on a ~1M-row ethereum-etl transactions CSV, against DuckDB's own read_csv of the same
// file (CREATE TABLE AS SELECT * FROM read_csv(...)) in the same run. The file is the real 2017 sample
// repeated 50 times, each copy in its own block range with its own transaction hashes; it is deleted after.

import { once } from 'node:events'
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { DuckDBInstance } from '@duckdb/node-api'
import { importEtl } from '../src/ingest/etl/import-etl.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import { report } from './report.ts'

const COPIES = Number(process.env.BENCH_COPIES ?? 50)
const SAMPLE = join(
  import.meta.dirname,
  '../../shared/data/chain-samples/ethereum-transactions-3300000-3399999-sample.csv.gz',
)

async function writeLargeCsv(path: string): Promise<number> {
  const lines = gunzipSync(readFileSync(SAMPLE)).toString('utf8').trimEnd().split('\r\n')
  const header = lines[0] as string
  const rows = lines.slice(1).map((l) => l.split(','))
  const out = createWriteStream(path)
  out.write(`${header}\r\n`)
  let n = 0
  for (let k = 0; k < COPIES; k++) {
    const prefix = k.toString(16).padStart(2, '0')
    let chunk = ''
    for (const cells of rows) {
      const c = [...cells]
      c[0] = `0x${prefix}${(c[0] as string).slice(4)}`
      c[3] = String(Number(c[3]) + k * 100_000)
      chunk += `${c.join(',')}\r\n`
      n++
    }
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return n
}

const dir = mkdtempSync(join(tmpdir(), 'dragnet-bench-import-'))
try {
  const csv = join(dir, 'transactions.csv')
  const rows = await writeLargeCsv(csv)
  const mb = statSync(csv).size / 1e6

  const instance = await DuckDBInstance.create(join(dir, 'baseline.duckdb'))
  const c = await instance.connect()
  let baseline = Number.POSITIVE_INFINITY
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now()
    await c.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv('${csv}')`)
    baseline = Math.min(baseline, (performance.now() - t0) / 1000)
  }
  c.closeSync()
  instance.closeSync()

  const store = await openDuckDbStore(join(dir, 'dragnet.duckdb'))
  const t0 = performance.now()
  const result = await importEtl(store, [csv], { chain: 'ethereum' })
  const seconds = (performance.now() - t0) / 1000
  await store.close()

  const baselineRate = rows / baseline
  const rate = rows / seconds
  report({
    bench: 'import-etl',
    metric: 'transactions CSV rows/s (validated, stored, transfers derived)',
    value: Math.round(rate),
    unit: 'rows/s',
    baseline: { name: 'DuckDB CREATE TABLE AS read_csv', value: Math.round(baselineRate), unit: 'rows/s' },
    ratio: Number((rate / baselineRate).toFixed(3)),
    aim: '>= 0.5',
    rows,
    file_mb: Number(mb.toFixed(1)),
    seconds: Number(seconds.toFixed(2)),
    baseline_seconds: Number(baseline.toFixed(2)),
    transfers: result.transfers,
  })
} finally {
  rmSync(dir, { recursive: true, force: true })
}
