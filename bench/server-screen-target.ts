// The server side of bench/server-screen.bench.ts, in its own process: the API over 1M labelled addresses on
// loopback. Prints nothing; tells its parent the port over IPC and stops when the parent says so.
import { LabelIndex } from '../src/labels/label-index.ts'
import type { Label, LabelCategory } from '../src/labels/label-types.ts'
import { loadPolicy } from '../src/screen/policy.ts'
import { bootstrapServer } from '../src/server/bootstrap.ts'
import { buildServer } from '../src/server/build-server.ts'
import { createServerLogger } from '../src/server/server-logger.ts'
import { openSqlClient } from '../src/store/postgres/open-sql-client.ts'

export const LABELLED = 1_000_000
const CATEGORIES: LabelCategory[] = [
  'sanctioned',
  'dprk-attributed',
  'exchange',
  'mixer',
  'stolen-funds',
  'bridge',
  'scam',
  'defi',
]

/** The i-th labelled address: deterministic, so the load generator can ask for hits without the list. */
export const labelledAddress = (i: number) => `0x${(0xa11ce00000n + BigInt(i)).toString(16).padStart(40, '0')}`

function* labels(): Iterable<Label> {
  const programmes = ['DPRK3']
  for (let i = 0; i < LABELLED; i++) {
    const category = CATEGORIES[i % CATEGORIES.length] as LabelCategory
    yield {
      chain: 'ethereum',
      address: labelledAddress(i),
      category,
      name: `entity ${i % 5000}`,
      source: 'bench',
      sourceDate: '2025-01-01',
      confidence: 90,
      programmes: category === 'sanctioned' ? programmes : [],
      asset: null,
      notes: null,
    }
  }
}

async function main(): Promise<void> {
  const index = LabelIndex.fromLabels(labels())
  const db = await openSqlClient(process.env.DATABASE_URL || ':memory:', `dragnet_bench_${process.pid}`)
  const boot = await bootstrapServer(db, { organisation: 'Bench', admin: 'bench' })
  const logger = createServerLogger({ level: 'warn' })
  const app = await buildServer({ logger }, { db, labels: index, policy: loadPolicy(), logger, authCacheMs: 60_000 })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  process.send?.({ url, key: boot.key, labelled: index.size })
  process.on('message', async (m: { stop?: boolean }) => {
    if (!m.stop) return
    await app.close()
    if (db.driver === 'pg') await db.query(`DROP SCHEMA IF EXISTS dragnet_bench_${process.pid} CASCADE`)
    await db.close()
    process.exit(0)
  })
}

if (process.send) await main()
