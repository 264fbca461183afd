import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { ImportColumn, TextRow } from './import-session.ts'
import { LATEST_SCHEMA_VERSION } from './migrations.ts'
import { TABLES } from './schema.ts'
import type { ChainBatch, Row, Store } from './store.ts'

const hash = (n: number | bigint) => `0x${n.toString(16).padStart(64, '0')}`
const A = '0x1111111111111111111111111111111111111111'
const B = '0x2222222222222222222222222222222222222222'
const T = '0x3333333333333333333333333333333333333333'

const transfer = (block: bigint, amount: string, position = 'log:0', txIndex = 0n): Row => ({
  block_number: block,
  block_time: 1000n + block,
  tx_hash: hash(block),
  tx_index: txIndex,
  position,
  kind: position.startsWith('log:') ? 'erc20' : 'native',
  from_address: A,
  to_address: B,
  asset: position.startsWith('log:') ? T : 'native',
  amount,
})

const block = (n: bigint): Row => ({
  number: n,
  hash: hash(n + 0xb000n),
  parent_hash: hash(n + 0xaffffn),
  timestamp: 1000n + n,
})

async function all(store: Store, table: 'transfers' | 'blocks' | 'transactions', chain: string, batchSize?: number) {
  const out: Row[] = []
  const sizes: number[] = []
  for await (const batch of store.read(table, { chain, ...(batchSize ? { batchSize } : {}) })) {
    sizes.push(batch.length)
    out.push(...batch)
  }
  return { rows: out, sizes }
}

const batchOf = (
  chain: string,
  from: bigint,
  to: bigint,
  rows: Row[],
  extra: Partial<ChainBatch> = {},
): ChainBatch => ({
  chain,
  fromBlock: from,
  toBlock: to,
  tables: { transfers: rows },
  replace: ['transfers'],
  ...extra,
})

const txNames = TABLES.transactions.map((c) => c.name)
const txColumns: ImportColumn[] = TABLES.transactions.map((c) => ({
  name: c.name,
  pattern: c.type === 'bigint' ? '[0-9]{1,18}' : c.name === 'hash' ? '0x[0-9a-fA-F]{64}' : null,
  code: c.name === 'hash' ? 'INVALID_HASH' : 'ETL_MALFORMED',
  required: c.name === 'hash' || c.name === 'block_number',
  lowercase: c.name === 'hash',
}))
function txRows(n: number, from = 1): TextRow[] {
  return Array.from({ length: n }, (_, i) => {
    const b = from + i
    const v: Record<string, string> = {
      hash: hash(b),
      block_number: String(b),
      transaction_index: '0',
      value: `00${b}`,
    }
    return { line: i + 2, values: txNames.map((c) => v[c] ?? null) }
  })
}
async function* once<T>(v: T) {
  yield v
}

/**
 * The behaviour every Store must show, run against each implementation. Each test writes its own chain, so
 * one store serves the whole suite.
 */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store
    before(async () => {
      store = await open()
    })
    after(async () => {
      await store.close()
    })

    test('the schema is at the latest version', async () => {
      assert.equal(await store.schemaVersion(), LATEST_SCHEMA_VERSION)
    })

    test('a batch replaces its block range exactly; amounts beyond 2^128 survive; the checkpoint is stored', async () => {
      const huge = (2n ** 255n + 7n).toString()
      const cp = { chain: 'c1', job: 'ingest:evm', block: 2n, blockHash: '0xabc' }
      const batch = batchOf('c1', 1n, 2n, [transfer(1n, '5'), transfer(2n, huge)], { checkpoint: cp })
      await store.writeBatch(batch)
      await store.writeBatch(batch)
      const { rows } = await all(store, 'transfers', 'c1')
      assert.deepEqual(
        rows.map((r) => [r.block_number, r.amount, r.block_time]),
        [
          [1n, '5', 1001n],
          [2n, huge, 1002n],
        ],
      )
      assert.deepEqual(await store.getCheckpoint('c1', 'ingest:evm'), cp)
      assert.equal(await store.getCheckpoint('c1', 'other'), undefined)
      // An empty batch with `replace` still clears its range.
      await store.writeBatch(batchOf('c1', 2n, 2n, []))
      assert.deepEqual(
        (await all(store, 'transfers', 'c1')).rows.map((r) => r.amount),
        ['5'],
      )
      assert.equal(await store.count('transfers', 'c1'), 1)
    })

    test('a failing batch leaves what was stored before untouched', async () => {
      await store.writeBatch(batchOf('c2', 1n, 1n, [transfer(1n, '5')]))
      const bad = batchOf('c2', 1n, 1n, [transfer(1n, '6'), transfer(1n, '-1', 'log:1')], {
        checkpoint: { chain: 'c2', job: 'j', block: 1n, blockHash: null },
      })
      await assert.rejects(store.writeBatch(bad), { code: 'STORE_ERROR' })
      assert.deepEqual(
        (await all(store, 'transfers', 'c2')).rows.map((r) => r.amount),
        ['5'],
      )
      assert.equal(await store.getCheckpoint('c2', 'j'), undefined)
    })

    test('blockNumbers replaces only the sampled blocks of the range', async () => {
      await store.writeBatch(batchOf('c3', 1n, 3n, [transfer(1n, '1'), transfer(2n, '2'), transfer(3n, '3')]))
      await store.writeBatch(batchOf('c3', 1n, 3n, [transfer(2n, '22')], { blockNumbers: [2n] }))
      assert.deepEqual(
        (await all(store, 'transfers', 'c3')).rows.map((r) => r.amount),
        ['1', '22', '3'],
      )
    })

    test('rollbackFrom removes the blocks at and above, and moves the checkpoint to the block below', async () => {
      const blocks = [1n, 2n, 3n].map(block)
      await store.writeBatch({
        chain: 'c4',
        fromBlock: 1n,
        toBlock: 3n,
        tables: { blocks, transfers: [transfer(1n, '1'), transfer(3n, '3')] },
        replace: ['blocks', 'transfers'],
        checkpoint: { chain: 'c4', job: 'ingest:evm', block: 3n, blockHash: blocks[2]?.hash as string },
      })
      assert.deepEqual(
        await store.blockHashes('c4', 2n, 9n),
        new Map([
          [2n, hash(0xb002n)],
          [3n, hash(0xb003n)],
        ]),
      )
      await store.rollbackFrom('c4', 2n, 'ingest:evm')
      assert.equal(await store.count('blocks', 'c4'), 1)
      assert.deepEqual(
        (await all(store, 'transfers', 'c4')).rows.map((r) => r.amount),
        ['1'],
      )
      assert.deepEqual(await store.getCheckpoint('c4', 'ingest:evm'), {
        chain: 'c4',
        job: 'ingest:evm',
        block: 1n,
        blockHash: hash(0xb001n),
      })
      await store.rollbackFrom('c4', 0n, 'ingest:evm')
      assert.equal(await store.getCheckpoint('c4', 'ingest:evm'), undefined)
    })

    test('reads come in (block, position) order, in non-empty batches', async () => {
      const rows = [
        transfer(2n, '7', 'log:10'),
        transfer(2n, '6', 'log:2'),
        transfer(2n, '5', 'trace:0_1'),
        transfer(2n, '4', 'trace:'),
        transfer(2n, '8', 'log:0', 1n),
        transfer(1n, '1', 'tx'),
      ]
      await store.writeBatch(batchOf('c5', 1n, 2n, rows))
      const { rows: got, sizes } = await all(store, 'transfers', 'c5', 4)
      assert.deepEqual(
        got.map((r) => r.amount),
        ['1', '4', '5', '6', '7', '8'],
      )
      // Batch size is a hint (DuckDB yields whole chunks): no batch is empty and none is lost.
      assert.equal(
        sizes.reduce((a, b) => a + b, 0),
        6,
      )
      assert.ok(sizes.every((n) => n > 0))
      const ranged: string[] = []
      for await (const b of store.read('transfers', { chain: 'c5', fromBlock: 2n, toBlock: 2n })) {
        ranged.push(...b.map((r) => r.amount as string))
      }
      assert.deepEqual(ranged, ['4', '5', '6', '7', '8'])
    })

    test('tokens: stored, read by address, and wrapped-native once set stays set', async () => {
      await store.putTokens([
        { chain: 'c6', address: T, symbol: 'WETH', name: 'Wrapped Ether', decimals: 18, wrappedNative: true },
        { chain: 'c6', address: A, symbol: null, name: null, decimals: null, wrappedNative: false },
      ])
      await store.putTokens([
        { chain: 'c6', address: T, symbol: 'WETH', name: 'W', decimals: 18, wrappedNative: false },
      ])
      const got = await store.getTokens('c6', [T, A, B])
      assert.deepEqual(got.get(T), {
        chain: 'c6',
        address: T,
        symbol: 'WETH',
        name: 'W',
        decimals: 18,
        wrappedNative: true,
      })
      assert.deepEqual(got.get(A), {
        chain: 'c6',
        address: A,
        symbol: null,
        name: null,
        decimals: null,
        wrappedNative: false,
      })
      assert.equal(got.size, 2)
      assert.deepEqual(await store.wrappedNative('c6'), new Set([T]))
      assert.deepEqual(await store.getTokens('c6', []), new Map())
    })

    test('tokensNamed finds tokens by symbol in any case or by address, in address order', async () => {
      await store.putTokens([
        { chain: 'c7', address: B, symbol: 'USDX', name: 'Two', decimals: 6, wrappedNative: false },
        { chain: 'c7', address: A, symbol: 'usdx', name: 'One', decimals: 18, wrappedNative: false },
        { chain: 'c7', address: T, symbol: 'WETH', name: 'W', decimals: 18, wrappedNative: true },
        { chain: 'c8', address: T, symbol: 'USDX', name: 'Elsewhere', decimals: 2, wrappedNative: false },
      ])
      assert.deepEqual(
        (await store.tokensNamed('c7', 'UsDx')).map((t) => [t.address, t.name, t.decimals]),
        [
          [A, 'One', 18],
          [B, 'Two', 6],
        ],
      )
      assert.deepEqual(
        (await store.tokensNamed('c7', T.toUpperCase().replace('0X', '0x'))).map((t) => t.symbol),
        ['WETH'],
      )
      assert.deepEqual(await store.tokensNamed('c7', 'ETH'), [])
    })

    test('an import stages apart, reads staged blocks, derives, and commits in one step', async () => {
      const s = await store.beginImport('c7')
      assert.equal(await s.stageText('transactions', 'a', { columns: txNames, rows: once(txRows(4)) }, txColumns), 4)
      assert.equal(await s.stageText('transactions', 'b', { columns: txNames, rows: once(txRows(4)) }, txColumns), 4)
      assert.equal(await store.count('transactions', 'c7'), 0)
      assert.deepEqual(await s.blockNumbers(), [1n, 2n, 3n, 4n])
      const seen: bigint[] = []
      for await (const batch of s.readStagedBlocks({ transactions: ['hash', 'value', 'block_number'] })) {
        for (const b of batch) {
          seen.push(b.number)
          if (b.number === 3n)
            assert.deepEqual(b.tables.transactions?.[0], { hash: hash(3), value: '3', block_number: 3n })
        }
      }
      assert.deepEqual(seen, [1n, 2n, 3n, 4n])
      await s.stageDerived('transfers', [transfer(2n, '99')])
      assert.deepEqual(await s.commit(), { transactions: 4, transfers: 1 })
      assert.equal(await store.count('transactions', 'c7'), 4)
      assert.deepEqual(
        (await all(store, 'transfers', 'c7')).rows.map((r) => r.amount),
        ['99'],
      )
    })

    test('an aborted import leaves the store as it was; a bad cell is reported with file, line, column, value', async () => {
      const s = await store.beginImport('c8')
      await s.stageText('transactions', 'a', { columns: txNames, rows: once(txRows(2)) }, txColumns)
      await s.abort()
      assert.equal(await store.count('transactions', 'c8'), 0)
      const t = await store.beginImport('c8')
      const rows = txRows(5)
      ;(rows[3] as TextRow).values[txNames.indexOf('nonce')] = '12x'
      await assert.rejects(
        t.stageText('transactions', 'tx.json', { columns: txNames, rows: once(rows) }, txColumns),
        (e: { code: string; details: unknown }) => {
          assert.equal(e.code, 'ETL_MALFORMED')
          assert.deepEqual(e.details, { file: 'tx.json', line: 5, column: 'nonce', value: '12x' })
          return true
        },
      )
      await t.abort()
      assert.equal(await store.count('transactions', 'c8'), 0)
    })

    test('a re-import replaces rows by key, keeps rows of blocks not known whole, removes those of a new block version', async () => {
      const tx = (h: number, b: number, index: number, blockHash: number, value: string): TextRow => {
        const v: Record<string, string> = {
          hash: hash(h),
          block_number: String(b),
          transaction_index: String(index),
          block_hash: hash(blockHash),
          value,
        }
        return { line: 2 + h, values: txNames.map((c) => v[c] ?? null) }
      }
      const first = await store.beginImport('c10')
      const rows = [tx(1, 1, 0, 0xb1, '10'), tx(2, 1, 1, 0xb1, '20'), tx(3, 2, 0, 0xb2, '30')]
      await first.stageText('transactions', 'a', { columns: txNames, rows: once(rows) }, txColumns)
      await first.commit()
      const again = await store.beginImport('c10')
      // Block 1: one of its two transactions, changed; block 2: another version of the block (a new hash).
      const next = [tx(1, 1, 0, 0xb1, '11'), tx(4, 2, 0, 0xb3, '40')]
      await again.stageText('transactions', 'b', { columns: txNames, rows: once(next) }, txColumns)
      const seen: [bigint, unknown, unknown][] = []
      for await (const batch of again.readStagedBlocks({ transactions: ['hash', 'value'] })) {
        for (const b of batch) for (const r of b.tables.transactions ?? []) seen.push([b.number, r.hash, r.value])
      }
      seen.sort((x, y) => (x[0] === y[0] ? String(x[1]).localeCompare(String(y[1])) : Number(x[0] - y[0])))
      assert.deepEqual(seen, [
        [1n, hash(1), '11'],
        [1n, hash(2), '20'],
        [2n, hash(4), '40'],
      ])
      await again.stageDerived('transfers', [])
      assert.deepEqual(await again.commit(), { transactions: 2, transfers: 0 })
      assert.deepEqual(again.commitReport().transactions, {
        stored: 2,
        replaced: 1,
        removed: 1,
        kept: 1,
        blocks: 2,
        keptBlocks: 1,
        keptBlockNumbers: [1n],
      })
      const { rows: stored } = await all(store, 'transactions', 'c10')
      assert.deepEqual(
        stored.map((r) => [r.hash, r.value]),
        [
          [hash(1), '11'],
          [hash(2), '20'],
          [hash(4), '40'],
        ],
      )
    })

    test('a CSV file imports with quoted cells, and hashes are lowercased', async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'dragnet-contract-'))
      t.after(() => rmSync(dir, { recursive: true, force: true }))
      const path = join(dir, 'transactions.csv')
      const header = ['hash', 'block_number', 'transaction_index', 'input']
      writeFileSync(path, `${header.join(',')}\n${hash(0xab).toUpperCase().replace('0X', '0x')},7,0,"a,""b"""\n`)
      const s = await store.beginImport('c9')
      const cols = txColumns.filter((c) => header.includes(c.name))
      assert.equal(await s.stageCsv('transactions', 'transactions.csv', { path, gzip: false, header }, cols), 1)
      await s.commit()
      const { rows } = await all(store, 'transactions', 'c9')
      assert.deepEqual(
        rows.map((r) => [r.hash, r.block_number, r.input, r.value]),
        [[hash(0xab), 7n, 'a,"b"', null]],
      )
    })
  })
}
