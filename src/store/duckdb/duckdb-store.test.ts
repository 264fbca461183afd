import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { LATEST_SCHEMA_VERSION } from '../migrations.ts'
import type { Row } from '../store.ts'
import { openDuckDbStore } from './duckdb-store.ts'

const transfer = (block: bigint, amount: string, position = 'log:0'): Row => ({
  block_number: block,
  block_time: 1000n + block,
  tx_hash: `0x${block.toString(16).padStart(64, '0')}`,
  tx_index: 0n,
  position,
  kind: 'erc20',
  from_address: '0x1111111111111111111111111111111111111111',
  to_address: '0x2222222222222222222222222222222222222222',
  asset: '0x3333333333333333333333333333333333333333',
  amount,
})

async function rows(store: Awaited<ReturnType<typeof openDuckDbStore>>) {
  const out: Row[] = []
  for await (const batch of store.read('transfers', { chain: 'ethereum' })) out.push(...batch)
  return out
}

test('a batch replaces its block range exactly, and amounts beyond 2^128 survive', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-store-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const store = await openDuckDbStore(join(dir, 'd.duckdb'))
  assert.equal(await store.schemaVersion(), LATEST_SCHEMA_VERSION)
  const huge = (2n ** 255n + 7n).toString()
  const batch = {
    chain: 'ethereum',
    fromBlock: 1n,
    toBlock: 2n,
    tables: { transfers: [transfer(1n, '5'), transfer(2n, huge)] },
    replace: ['transfers'] as const,
    checkpoint: { chain: 'ethereum', job: 'ingest:evm', block: 2n, blockHash: '0xabc' },
  }
  await store.writeBatch(batch)
  await store.writeBatch(batch)
  const got = await rows(store)
  assert.deepEqual(
    got.map((r) => [r.block_number, r.amount]),
    [
      [1n, '5'],
      [2n, huge],
    ],
  )
  assert.deepEqual(await store.getCheckpoint('ethereum', 'ingest:evm'), {
    chain: 'ethereum',
    job: 'ingest:evm',
    block: 2n,
    blockHash: '0xabc',
  })
  await store.close()
})

test('a failing batch leaves what was stored before untouched', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-store-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const store = await openDuckDbStore(join(dir, 'd.duckdb'))
  await store.writeBatch({
    chain: 'ethereum',
    fromBlock: 1n,
    toBlock: 1n,
    tables: { transfers: [transfer(1n, '5')] },
    replace: ['transfers'],
  })
  await assert.rejects(
    store.writeBatch({
      chain: 'ethereum',
      fromBlock: 1n,
      toBlock: 1n,
      tables: { transfers: [transfer(1n, '6'), transfer(1n, '-1', 'log:1')] },
      replace: ['transfers'],
    }),
    { code: 'STORE_ERROR' },
  )
  assert.deepEqual(
    (await rows(store)).map((r) => r.amount),
    ['5'],
  )
  await store.close()
})

test('a store written by a newer Dragnet is refused, not misread', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-store-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'd.duckdb')
  const store = await openDuckDbStore(path)
  await store.connection.run("INSERT INTO schema_migrations VALUES (999, 'from the future', '2099-01-01')")
  await store.close()
  await assert.rejects(openDuckDbStore(path), {
    code: 'STORE_SCHEMA_TOO_NEW',
    details: { path, current: 999, latest: LATEST_SCHEMA_VERSION },
  })
})
