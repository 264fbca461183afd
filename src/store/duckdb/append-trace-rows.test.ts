import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Row } from '../store.ts'
import { type DuckDbStore, openDuckDbStore } from './duckdb-store.ts'
import { ensureTraceIndex } from './duckdb-trace-index.ts'

const CHAIN = 'ethereum'
const a = (i: number) => `0x${i.toString(16).padStart(40, '0')}`
const TOKEN = a(0xeeee)

/** A transfer row as ingest writes it; the hash names the block and transaction index. */
function row(
  block: number,
  tx: number | null,
  position: string,
  from: number,
  to: number,
  amount: bigint,
  more: Partial<Row> = {},
): Row {
  return {
    block_number: BigInt(block),
    block_time: BigInt(1_700_000_000 + block * 12),
    tx_hash: `0x${block.toString(16).padStart(4, '0')}${String(tx ?? 'ff').padStart(60, '0')}`,
    tx_index: tx === null ? null : BigInt(tx),
    position,
    kind: 'native',
    from_address: a(from),
    to_address: a(to),
    asset: 'native',
    amount: amount.toString(),
    ...more,
  }
}

/**
 * Blocks whose order inside a block exercises every rule of ORDERED_TRANSFERS_SQL: rows given out of order,
 * calls by trace address as integers (2 before 10, a prefix first, the top-level call first), logs by index
 * as integers, the transaction's own value first, a missing tx index last, two hashes at one index, kinds,
 * a token, amounts from 0 to beyond 2^126, a missing block time.
 */
function blocks(): Row[][] {
  const wide = 2n ** 126n + 5n
  return [
    [row(1, 0, 'tx', 1, 2, 100n), row(1, 1, 'tx', 2, 3, 50n)],
    [
      row(2, 1, 'log:10', 3, 4, 7n, { kind: 'erc20', asset: TOKEN }),
      row(2, 1, 'log:2', 4, 5, 8n, { kind: 'erc20', asset: TOKEN }),
      row(2, 0, 'trace:10', 5, 6, 1n, { kind: 'internal' }),
      row(2, 0, 'trace:2', 6, 7, 2n, { kind: 'internal' }),
      row(2, 0, 'trace:2_0', 7, 8, 3n, { kind: 'internal' }),
      row(2, 0, 'trace:', 8, 9, 4n, { kind: 'internal' }),
      row(2, 0, 'tx', 9, 1, 0n),
      row(2, null, 'tx', 10, 11, wide),
      row(2, 2, 'log:0', 11, 12, 2n ** 64n, { kind: 'wrap', asset: TOKEN, block_time: null }),
      row(2, 2, 'log:1', 12, 13, 2n ** 63n, { kind: 'unwrap', asset: TOKEN, block_time: null }),
    ],
    [
      row(3, 0, 'tx', 13, 14, 9n, { tx_hash: `0x${'b'.repeat(64)}` }),
      row(3, 0, 'tx', 14, 15, 9n, { tx_hash: `0x${'a'.repeat(64)}` }),
      row(3, 1, 'trace:0_1', 15, 1, 5n, { kind: 'internal' }),
      row(3, 1, 'trace:0', 1, 16, 5n, { kind: 'internal' }),
    ],
    // A position only SQL orders: this block takes the SQL append.
    [row(4, 0, 'other:1', 16, 17, 1n), row(4, 0, 'tx', 17, 18, 1n)],
    [row(5, 0, 'tx', 18, 1, 1n), row(5, 0, 'log:3', 1, 19, 1n)],
  ]
}

async function write(store: DuckDbStore, rows: Row[]): Promise<void> {
  const block = rows[0]?.block_number as bigint
  await store.writeBatch({
    chain: CHAIN,
    fromBlock: block,
    toBlock: block,
    tables: { transfers: rows },
    replace: ['transfers'],
  })
}

async function index(store: DuckDbStore): Promise<unknown[][][]> {
  const c = store.connection
  const e = await c.runAndReadAll(
    `SELECT seq, txo, src, dst, asset, kind, lo, hi, amount_text, block_number, block_time, tx_hash, position
     FROM trace_edges WHERE chain = $1 ORDER BY seq`,
    [CHAIN],
  )
  const ids = await c.runAndReadAll('SELECT address, id FROM trace_addresses WHERE chain = $1 ORDER BY id', [CHAIN])
  const s = await c.runAndReadAll(
    'SELECT max_block, next_seq, next_txo, next_id, edges FROM trace_index_state WHERE chain = $1',
    [CHAIN],
  )
  return [e.getRows(), ids.getRows(), s.getRows()]
}

describe('appending transfers held in memory', () => {
  it('numbers, orders and ids them exactly as the SQL build does', async () => {
    const piecewise = await openDuckDbStore(':memory:')
    const whole = await openDuckDbStore(':memory:')
    try {
      const [first, ...rest] = blocks()
      await write(piecewise, first as Row[])
      assert.equal(await ensureTraceIndex(piecewise.connection, CHAIN), true)
      for (const rows of rest) await write(piecewise, rows)
      for (const rows of blocks()) await write(whole, rows)
      assert.equal(await ensureTraceIndex(whole.connection, CHAIN), true)
      const [got, want] = [await index(piecewise), await index(whole)]
      assert.deepEqual(got, want)
      // The worked-out order, by hand: block 2's tx value, its calls '', 2, 2_0, 10, then tx 1's logs 2, 10.
      const block2 = (want[0] as unknown[][]).filter((r) => r[9] === 2n).map((r) => r[12])
      assert.deepEqual(block2, [
        'tx',
        'trace:',
        'trace:2',
        'trace:2_0',
        'trace:10',
        'log:2',
        'log:10',
        'log:0',
        'log:1',
        'tx',
      ])
      // 2^126 + 5 is kept as text; 2^64 is lo 2 and hi 0... as two 63-bit words: lo = 2^64 mod 2^63 = 0, hi = 2.
      const wide = (want[0] as unknown[][]).find((r) => r[8] !== null) as unknown[]
      assert.equal(wide[8], (2n ** 126n + 5n).toString())
      const big = (want[0] as unknown[][]).find((r) => r[12] === 'log:0') as unknown[]
      assert.deepEqual([big[6], big[7], big[10]], [0n, 2n, null])
      assert.equal(await ensureTraceIndex(piecewise.connection, CHAIN), false)
    } finally {
      await piecewise.close()
      await whole.close()
    }
  })
})
