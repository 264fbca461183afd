import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { parseJsonExact } from '../src/sources/etl-files/json-numbers.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import { BITCOIN_FIXTURES, loadRecordings, startRecordedNode } from './btc-recorded-node.ts'
import { errorOf, runCli } from './support/run-cli.ts'

const H50001 = '000000001c920d495e1eeef2452b6d1c6c229a919b28196c103ecffebabee141'
const H50002 = '000000002066d7f9b134c30b5005b7bf5fbfa52f279883f1fde793dcdc964266'
const COINBASE_50001 = 'e1882d41800d96d0fddc196cd8d3f0b45d65b030c652d97eaba79a1174e64d58'

/** Blocks 50000..50002 as recorded from a node. */
const recorded = () =>
  loadRecordings(
    join(BITCOIN_FIXTURES, 'block_without_transactions'),
    join(BITCOIN_FIXTURES, 'block_with_transactions'),
  )

const expectedLines = (file: string) =>
  ['block_without_transactions', 'block_with_transactions'].flatMap((f) =>
    readFileSync(join(BITCOIN_FIXTURES, f, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => parseJsonExact(l)),
  )

const exported = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const o = parseJsonExact(l) as Record<string, unknown>
      delete o.type
      delete o.item_id
      return o
    })

describe('ingest btc on bad answers, refused credentials, a crash and a reorg', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-btc-bad-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  let n = 0
  const freshDb = () => join(dir, `s${n++}.duckdb`)
  const ingest = (url: string, db: string, extra: string[] = []) =>
    runCli(['ingest', 'btc', '--rpc', url, '--from', '50000', '--to', '50002', '--db', db, '--json', ...extra])

  async function stored(db: string) {
    const store = await openDuckDbStore(db)
    try {
      return { counts: await store.btc.countBtc(), checkpoint: await store.btc.getBtcCheckpoint('bitcoin') }
    } finally {
      await store.close()
    }
  }

  const nothing = { counts: { blocks: 0, transactions: 0, inputs: 0, outputs: 0 }, checkpoint: undefined }

  test('malformed JSON from the node: RPC_MALFORMED_RESPONSE, exit 4, nothing stored', async () => {
    const node = await startRecordedNode(recorded())
    node.override = (m) => (m === 'getblock' ? { http: 200, body: '[{"result": {"hash": ' } : undefined)
    try {
      const db = freshDb()
      const run = await ingest(node.url, db, ['--retries', '0'])
      assert.equal(run.code, 4)
      assert.equal(errorOf(run).code, 'RPC_MALFORMED_RESPONSE')
      assert.deepEqual(await stored(db), nothing)
    } finally {
      await node.close()
    }
  })

  test('a block that is no block, and an amount finer than a satoshi: RPC_INVALID_DATA, nothing stored', async () => {
    for (const bad of [
      '{"hash": "not a hash", "tx": []}',
      recorded().get(`getblock_${H50001}_2`)?.replace('"value": 50.0', '"value": 50.000000001') as string,
    ]) {
      const node = await startRecordedNode(recorded())
      node.override = (m) => (m === 'getblock' ? { result: bad } : undefined)
      try {
        const db = freshDb()
        const run = await ingest(node.url, db)
        assert.equal(run.code, 4)
        assert.equal(errorOf(run).code, 'RPC_INVALID_DATA')
        assert.deepEqual(await stored(db), nothing)
      } finally {
        await node.close()
      }
    }
  })

  test("a height the node does not have: RPC_ERROR with Core's code -8", async () => {
    const node = await startRecordedNode(recorded())
    try {
      const db = freshDb()
      const run = await runCli(['ingest', 'btc', '--rpc', node.url, '--from', '7', '--to', '7', '--db', db, '--json'])
      assert.equal(run.code, 4)
      const e = errorOf(run)
      assert.equal(e.code, 'RPC_ERROR')
      assert.equal(e.details.rpcCode, -8)
      assert.deepEqual(await stored(db), nothing)
    } finally {
      await node.close()
    }
  })

  test('wrong credentials: RPC_HTTP_ERROR 401 and the password printed nowhere; user/password and cookie work', async () => {
    const node = await startRecordedNode(recorded(), 'alice:s3cret-Pa55')
    try {
      const url = new URL(node.url)
      url.username = 'alice'
      url.password = 'wrong-Pa55'
      const db = freshDb()
      const run = await ingest(url.toString(), db)
      assert.equal(run.code, 4)
      const e = errorOf(run)
      assert.equal(e.code, 'RPC_HTTP_ERROR')
      assert.equal(e.details.status, 401)
      assert.ok(!`${run.stdout}${run.stderr}`.includes('wrong-Pa55'), 'the password is not printed')
      assert.deepEqual(await stored(db), nothing)

      const ok = await ingest(node.url, freshDb(), ['--rpc-user', 'alice', '--rpc-password', 's3cret-Pa55'])
      assert.equal(ok.code, 0, ok.stderr)
      assert.ok(!ok.stdout.includes('s3cret'), 'the summary does not print the password')
    } finally {
      await node.close()
    }
    const cookieNode = await startRecordedNode(recorded(), '__cookie__:0f1e2d3c4b5a')
    try {
      const cookie = join(dir, '.cookie')
      writeFileSync(cookie, '__cookie__:0f1e2d3c4b5a')
      const ok = await ingest(cookieNode.url, freshDb(), ['--rpc-cookie', cookie])
      assert.equal(ok.code, 0, ok.stderr)
      assert.equal(JSON.parse(ok.stdout).blocks, 3)
      const missing = await ingest(cookieNode.url, freshDb(), ['--rpc-cookie', join(dir, 'nope')])
      assert.equal(errorOf(missing).code, 'FILE_NOT_FOUND')
    } finally {
      await cookieNode.close()
    }
  })

  test('a node warming up (-28) is waited for', async () => {
    const node = await startRecordedNode(recorded())
    let warm = 2
    node.override = () => (warm-- > 0 ? { error: { code: -28, message: 'Loading block index...' } } : undefined)
    try {
      const run = await ingest(node.url, freshDb())
      assert.equal(run.code, 0, run.stderr)
      assert.equal(JSON.parse(run.stdout).blocks, 3)
    } finally {
      await node.close()
    }
  })

  test('a crash mid-range resumes from the checkpoint and ends as one whole run would', async () => {
    const node = await startRecordedNode(recorded())
    node.override = (m, p) => (m === 'getblock' && p[0] === H50002 ? { http: 500, body: 'Internal error' } : undefined)
    const db = freshDb()
    try {
      const first = await ingest(node.url, db, ['--batch', '1', '--retries', '0'])
      assert.equal(first.code, 4)
      assert.equal(errorOf(first).code, 'RPC_HTTP_ERROR')
      const mid = await stored(db)
      assert.equal(mid.checkpoint?.block, 50001n)
      assert.equal(mid.counts.blocks, 2)
      node.override = () => undefined
      node.calls.length = 0
      const second = await ingest(node.url, db, ['--batch', '1'])
      assert.equal(second.code, 0, second.stderr)
      assert.equal(JSON.parse(second.stdout).resumedFrom, '50002')
      assert.ok(!node.calls.some((c) => c === 'getblockhash 50000' || c === 'getblockhash 50001'))
      for (const [table, file] of [
        ['btc_blocks', 'expected_blocks.json'],
        ['btc_transactions', 'expected_transactions.json'],
      ] as const) {
        const out = await runCli(['export', table, '--db', db])
        assert.deepEqual(exported(out.stdout), expectedLines(file), table)
      }
    } finally {
      await node.close()
    }
  })

  test('a reorg: block 50001 replaced by a block with another hash is rolled back and ingested again', async () => {
    const answers = recorded()
    const node = await startRecordedNode(answers)
    const db = freshDb()
    try {
      assert.equal((await ingest(node.url, db, ['--batch', '1'])).code, 0)
      // The other chain: 50001' pays its miner 25 BTC, 50002' follows it; hashes changed consistently.
      const h1 = `${H50001.slice(0, 60)}beef`
      const h2 = `${H50002.slice(0, 60)}cafe`
      const b1 = (answers.get(`getblock_${H50001}_2`) as string)
        .replace(`"hash": "${H50001}"`, `"hash": "${h1}"`)
        .replace('"value": 50.0', '"value": 25.0')
        .replace(`"nextblockhash": "${H50002}"`, `"nextblockhash": "${h2}"`)
      const b2 = (answers.get(`getblock_${H50002}_2`) as string)
        .replace(`"hash": "${H50002}"`, `"hash": "${h2}"`)
        .replace(`"previousblockhash": "${H50001}"`, `"previousblockhash": "${h1}"`)
      answers.set('getblockhash_50001', `"${h1}"`)
      answers.set('getblockhash_50002', `"${h2}"`)
      answers.set(`getblock_${h1}_2`, b1)
      answers.set(`getblock_${h2}_2`, b2)
      const run = await runCli([
        'ingest',
        'btc',
        '--rpc',
        node.url,
        '--from',
        '50002',
        '--to',
        '50002',
        '--db',
        db,
        '--json',
      ])
      assert.equal(run.code, 0, run.stderr)
      const summary = JSON.parse(run.stdout)
      assert.deepEqual(summary.reorgs, [{ forkBlock: '50000', depth: 1 }])
      assert.equal(summary.blocks, 2, '50001 and 50002 of the new chain')
      const store = await openDuckDbStore(db)
      try {
        assert.deepEqual(
          await store.btc.btcBlockHashes('bitcoin', 50000n, 50002n),
          new Map([
            [50000n, '000000001aeae195809d120b5d66a39c83eb48792e068f8ea1fea19d84a4278a'],
            [50001n, h1],
            [50002n, h2],
          ]),
        )
        const out = await store.btc.btcOutputs('bitcoin', [{ txid: COINBASE_50001, vout: 0 }])
        assert.equal(out.get(`${COINBASE_50001}:0`)?.value, 2_500_000_000n)
        assert.deepEqual(await store.btc.countBtc('bitcoin'), { blocks: 3, transactions: 5, inputs: 3, outputs: 5 })
        assert.equal((await store.btc.getBtcCheckpoint('bitcoin'))?.blockHash, h2)
      } finally {
        await store.close()
      }
    } finally {
      await node.close()
    }
  })
})
