import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startAnvil } from '../src/devnet/anvil.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import type { Row } from '../src/store/store.ts'
import { type RecordedServer, startRecordedServer } from './support/recorded-rpc-server.ts'
import { errorOf, runCli } from './support/run-cli.ts'

const C = '../shared/data/conformance/ethereum-etl'
const BLOCK_483920 = [
  `${C}/test_export_blocks_job/block_with_logs`,
  `${C}/test_export_receipts_job/receipts_with_logs`,
  `${C}/test_export_token_transfers_job/block_with_transfers`,
]
const dir = mkdtempSync(join(tmpdir(), 'dragnet-bad-'))
const db = join(dir, 'bad.duckdb')
let good: RecordedServer
let stored: Row[]

async function snapshot(): Promise<Row[]> {
  const store = await openDuckDbStore(db)
  const rows: Row[] = []
  for (const table of ['blocks', 'transactions', 'receipts', 'logs', 'token_transfers', 'transfers'] as const) {
    for await (const b of store.read(table)) rows.push(...b)
  }
  await store.close()
  return rows
}

const ingest = (url: string, extra: string[] = []) =>
  runCli([
    'ingest',
    'evm',
    '--rpc',
    url,
    '--from',
    '483920',
    '--to',
    '483920',
    '--restart',
    '--db',
    db,
    '--json',
    ...extra,
  ])

/** Serves the recorded block, with one kind of call answered by `answer` instead. */
async function breaking(method: string, answer: { status?: number; body?: string; delayMs?: number }) {
  return await startRecordedServer(BLOCK_483920, {
    intercept: (call) => (call.method === method ? answer : undefined),
  })
}

before(async () => {
  good = await startRecordedServer(BLOCK_483920)
  const run = await ingest(good.url)
  assert.equal(run.code, 0, run.stderr)
  stored = await snapshot()
  assert.equal(stored.length, 1 + 4 + 4 + 2 + 2 + 4)
})
after(async () => {
  await good.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('bad answers from the node: a stable error, and the store keeps what it held', () => {
  test('a receipt with a malformed address', async () => {
    const server = await startRecordedServer(BLOCK_483920, {
      replaceResult: (call) =>
        call.method === 'eth_getTransactionReceipt'
          ? {
              transactionHash: call.params[0],
              blockHash: `0x${'3'.repeat(64)}`,
              blockNumber: '0x76250',
              transactionIndex: '0x0',
              contractAddress: '0x123',
              logs: [],
            }
          : undefined,
    })
    try {
      const run = await ingest(server.url)
      assert.equal(run.code, 4, run.stderr)
      const error = errorOf(run)
      assert.equal(error.code, 'RPC_INVALID_DATA')
      assert.equal(error.details.field, 'contractAddress')
      assert.deepEqual(await snapshot(), stored)
    } finally {
      await server.close()
    }
  })

  const cases: {
    name: string
    method: string
    answer: { status?: number; body?: string; delayMs?: number }
    extra?: string[]
    code: string
    exit: number
  }[] = [
    {
      name: 'malformed JSON',
      method: 'eth_getBlockByNumber',
      answer: { body: '[{"jsonrpc":"2.0","id":1,"result":{"number":' },
      extra: ['--retries', '0'],
      code: 'RPC_MALFORMED_RESPONSE',
      exit: 4,
    },
    {
      name: 'a block without its hash',
      method: 'eth_getBlockByNumber',
      answer: {
        body: JSON.stringify([
          {
            jsonrpc: '2.0',
            id: 1,
            result: { number: '0x76250', parentHash: `0x${'1'.repeat(64)}`, timestamp: '0x1', transactions: [] },
          },
        ]),
      },
      code: 'RPC_INVALID_DATA',
      exit: 4,
    },
    {
      name: 'a node that stalls',
      method: 'eth_getBlockByNumber',
      answer: { delayMs: 1500, status: 200, body: '[]' },
      extra: ['--timeout', '200', '--retries', '1'],
      code: 'RPC_TIMEOUT',
      exit: 4,
    },
    {
      name: 'HTTP 503 that does not recover',
      method: 'eth_getBlockByNumber',
      answer: { status: 503, body: 'overloaded' },
      extra: ['--retries', '2'],
      code: 'RPC_HTTP_ERROR',
      exit: 4,
    },
  ]
  for (const c of cases) {
    test(c.name, async () => {
      const server = await breaking(c.method, c.answer)
      try {
        const run = await ingest(server.url, c.extra ?? [])
        assert.equal(run.code, c.exit, run.stderr)
        assert.equal(errorOf(run).code, c.code)
        assert.deepEqual(await snapshot(), stored)
      } finally {
        await server.close()
      }
    })
  }

  test('a receipt set from another version of the block is refused as CHAIN_INCONSISTENT', async () => {
    // Well-formed receipts, but for a block hash that is not the block's: the block changed between calls.
    const server = await startRecordedServer(BLOCK_483920, {
      replaceResult: (call) =>
        call.method === 'eth_getTransactionReceipt'
          ? {
              transactionHash: call.params[0],
              blockHash: `0x${'9'.repeat(64)}`,
              blockNumber: '0x76250',
              transactionIndex: '0x0',
              logs: [],
            }
          : undefined,
    })
    try {
      const run = await ingest(server.url)
      assert.equal(errorOf(run).code, 'CHAIN_INCONSISTENT')
      assert.equal(run.code, 5)
      assert.deepEqual(await snapshot(), stored)
    } finally {
      await server.close()
    }
  })

  test('HTTP 429 twice, then answers: retried with backoff and stored', async () => {
    let n = 0
    const server = await startRecordedServer(BLOCK_483920, {
      intercept: (call) =>
        call.method === 'eth_getBlockByNumber' && n++ < 2 ? { status: 429, body: 'slow down' } : undefined,
    })
    try {
      const run = await ingest(server.url)
      assert.equal(run.code, 0, run.stderr)
      assert.equal(server.calls.filter((c) => c.method === 'eth_getBlockByNumber').length, 3)
      assert.deepEqual(await snapshot(), stored)
    } finally {
      await server.close()
    }
  })

  test('--traces debug on a node without debug_traceBlockByNumber is a clear error', async () => {
    const run = await ingest(good.url, ['--traces', 'debug'])
    assert.equal(run.code, 4)
    assert.equal(errorOf(run).code, 'RPC_METHOD_UNSUPPORTED')
    assert.match(errorOf(run).message, /debug_traceBlockByNumber/)
  })

  test('--traces auto goes on without traces and says so', async () => {
    const run = await ingest(good.url)
    assert.equal(run.code, 0)
    const summary = JSON.parse(run.stdout)
    assert.equal(summary.traceSource, 'none')
    assert.deepEqual(summary.notes, [
      'the node offers neither debug_traceBlockByNumber nor trace_block: internal transfers are not ingested',
    ])
  })
})

describe('bad arguments', () => {
  test('a malformed address', async () => {
    const run = await ingest(good.url, ['--wrapped-native', '0x12'])
    assert.equal(run.code, 3)
    assert.equal(errorOf(run).code, 'INVALID_ADDRESS')
  })
  test('a range that runs backwards', async () => {
    const run = await runCli(['ingest', 'evm', '--rpc', good.url, '--from', '10', '--to', '5', '--db', db, '--json'])
    assert.equal(run.code, 2)
    assert.equal(errorOf(run).code, 'INVALID_RANGE')
  })
  test('a block the node does not have (a real node: anvil at block 0)', async (t) => {
    const anvil = await startAnvil()
    t.after(() => anvil.stop())
    const run = await runCli(['ingest', 'evm', '--rpc', anvil.rpcUrl, '--from', '7', '--to', '7', '--db', db, '--json'])
    assert.equal(run.code, 2)
    assert.equal(errorOf(run).code, 'INVALID_RANGE')
    assert.equal(errorOf(run).message, 'the node has no block 7 yet')
  })
  test('credentials in the RPC URL never appear in output', async () => {
    const url = good.url.replace('http://', 'http://alice:s3cret@')
    const run = await runCli(['ingest', 'evm', '--rpc', url, '--from', '10', '--to', '5', '--db', db, '--json'])
    const bad = await runCli([
      'ingest',
      'evm',
      '--rpc',
      'http://bob:hunter2@127.0.0.1:1',
      '--from',
      '1',
      '--to',
      '1',
      '--retries',
      '0',
      '--db',
      db,
      '--json',
    ])
    assert.equal(errorOf(bad).code, 'RPC_UNREACHABLE')
    assert.doesNotMatch(run.stderr + run.stdout + bad.stderr + bad.stdout, /s3cret|hunter2/)
  })
})
