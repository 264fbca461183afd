import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { silentLogger } from '../src/core/logger.ts'
import { DEMO_CHAIN, playAndIngestHeist } from '../src/demo/heist-demo.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import type { Row, Store } from '../src/store/store.ts'
import { runCli } from './support/run-cli.ts'

async function transfers(store: Store): Promise<Row[]> {
  const rows: Row[] = []
  for await (const b of store.read('transfers', { chain: DEMO_CHAIN })) rows.push(...b)
  return rows
}

test('ingest over RPC and import of its ethereum-etl export store the same transfers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-equiv-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const rpcDb = join(dir, 'rpc.duckdb')
  const store = await openDuckDbStore(rpcDb)
  const { manifest } = await playAndIngestHeist({ logger: silentLogger() }, store)
  const viaRpc = await transfers(store)
  const weth = (await store.wrappedNative(DEMO_CHAIN)).values().next().value as string
  await store.close()
  assert.ok(
    viaRpc.some((r) => r.kind === 'internal'),
    'the heist moves ETH in internal calls',
  )
  assert.ok(
    viaRpc.some((r) => r.kind === 'unwrap'),
    'the heist unwraps WETH',
  )

  const csvDir = join(dir, 'csv')
  mkdirSync(csvDir)
  for (const table of ['blocks', 'transactions', 'receipts', 'logs', 'token_transfers', 'traces']) {
    const run = await runCli([
      'export',
      table,
      '--format',
      'csv',
      '--chain',
      DEMO_CHAIN,
      '--out',
      join(csvDir, `${table}.csv`),
      '--db',
      rpcDb,
    ])
    assert.equal(run.code, 0, run.stderr)
  }
  const fileDb = join(dir, 'file.duckdb')
  const target = await openDuckDbStore(fileDb)
  await target.putTokens([
    { chain: DEMO_CHAIN, address: weth, symbol: 'WETH', name: null, decimals: 18, wrappedNative: true },
  ])
  await target.close()
  const imported = await runCli(['import', 'etl', csvDir, '--chain', DEMO_CHAIN, '--db', fileDb, '--json'])
  assert.equal(imported.code, 0, imported.stderr)
  const again = await openDuckDbStore(fileDb)
  const viaFiles = await transfers(again)
  await again.close()
  assert.equal(viaFiles.length, viaRpc.length)
  assert.deepEqual(viaFiles, viaRpc)
  assert.equal(manifest.heistBlocks.to, 65n)
})
