import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { DEMO_CHAIN } from '../../src/demo/heist-demo.ts'
import type { AddressTransfer } from '../../src/server/web/web-api-types.ts'
import { type AddressTransferRow, addressTransfersOf, type TransferKey } from '../../src/store/address-transfers.ts'
import { openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import { openTestSqlClient } from '../../src/store/postgres/open-sql-client.ts'
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts'
import type { Row, Store } from '../../src/store/store.ts'
import { type HeistServer, heistServer } from './heist-world.ts'
import { call, createOrg, type OrgSetup } from './server-kit.ts'

const A = '0x00000000000000000000000000000000000000aa'
const B = '0x00000000000000000000000000000000000000bb'
const T = '0x00000000000000000000000000000000000000cc'
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const HUGE = '123456789012345678901234567890123456789'

const row = (
  block: bigint,
  tx: number,
  txIndex: bigint,
  position: string,
  from: string,
  to: string,
  amount: string,
): Row => ({
  block_number: block,
  block_time: 1_700_000_000n + block,
  tx_hash: hash(tx),
  tx_index: txIndex,
  position,
  kind: position.startsWith('log:') ? 'erc20' : 'native',
  from_address: from,
  to_address: to,
  asset: position.startsWith('log:') ? T : 'native',
  amount,
})

// Chain order worked out by hand: block, then transaction index, then in a transaction its own value, its calls,
// its token events by log index (log:2 before log:10).
const ROWS: Row[] = [
  row(7n, 5, 0n, 'log:0', B, A, '5'),
  row(5n, 3, 1n, 'log:10', A, B, '4'),
  row(5n, 3, 1n, 'trace:0_1', A, B, '3'),
  row(5n, 3, 1n, 'log:2', B, A, HUGE),
  row(5n, 3, 1n, 'tx', A, B, '2'),
  row(5n, 2, 0n, 'log:7', A, A, '1'),
  row(3n, 1, 0n, 'tx', B, A, '1000000000000000000'),
  row(4n, 9, 0n, 'tx', B, T, '77'),
]
const EXPECTED = ['3 tx', '5 log:7', '5 tx', '5 trace:0_1', '5 log:2', '5 log:10', '7 log:0']

async function storeContract(store: Store) {
  await store.writeBatch({
    chain: 'c1',
    fromBlock: 3n,
    toBlock: 7n,
    tables: { transfers: ROWS },
    replace: ['transfers'],
  })
  const read = addressTransfersOf(store)
  assert.ok(read)
  const label = (r: AddressTransferRow) => `${r.key.block} ${r.key.position}`
  const all = await read({ chain: 'c1', address: A, direction: 'both', limit: 100 })
  assert.deepEqual(all.map(label), EXPECTED)
  assert.equal(all.find((r) => r.key.position === 'log:2')?.amount, HUGE, 'exact beyond 2^64')
  assert.equal(all[0]?.time, 1_700_000_003n)
  // Page by page, two at a time, after each page's last key: the same rows, none twice.
  const paged: string[] = []
  let afterKey: TransferKey | undefined
  for (;;) {
    const page = await read({
      chain: 'c1',
      address: A,
      direction: 'both',
      limit: 2,
      ...(afterKey ? { after: afterKey } : {}),
    })
    paged.push(...page.map(label))
    if (page.length < 2) break
    afterKey = page.at(-1)?.key
  }
  assert.deepEqual(paged, EXPECTED)
  const ins = await read({ chain: 'c1', address: A, direction: 'in', limit: 100 })
  assert.deepEqual(ins.map(label), ['3 tx', '5 log:7', '5 log:2', '7 log:0'])
  const outs = await read({ chain: 'c1', address: A, direction: 'out', limit: 100, asset: T })
  assert.deepEqual(outs.map(label), ['5 log:7', '5 log:10'])
  assert.deepEqual(await read({ chain: 'c2', address: A, direction: 'both', limit: 10 }), [])
}

describe('an address’s transfers in chain order, keyset-paged', () => {
  test('DuckDB store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragnet-transfers-'))
    const store = await openDuckDbStore(join(dir, 't.duckdb'))
    try {
      await storeContract(store)
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
  test(process.env.DATABASE_URL ? 'PostgreSQL store' : 'PostgreSQL store (PGlite)', async () => {
    const { client, drop } = await openTestSqlClient()
    const store = await openPostgresStore(client, { closeClient: false })
    try {
      await storeContract(store)
    } finally {
      await store.close()
      await drop()
    }
  })
})

describe('GET /v1/addresses/:chain/:address/transfers on the demo heist', () => {
  let h: HeistServer
  let a: OrgSetup
  const key = (name: string) => h.manifest.entities.find((e) => e.key === name)?.address as string
  const url = (address: string, q = '') => `/v1/addresses/${DEMO_CHAIN}/${address}/transfers${q}`

  before(async () => {
    h = await heistServer()
    a = await createOrg(h.t, 'Meridian Investigations')
  })
  after(async () => {
    await h?.close()
  })

  test('the USDX deposit address received the 1,500,000 stolen USDX and the mixing wallet’s 120 ETH, exactly', async () => {
    const usdx = h.manifest.assets.find((x) => x.symbol === 'USDX')
    const truth = h.manifest.expected.endpoints.find((e) => e.address === key('depositUsdx') && e.asset === usdx?.asset)
    const payout = h.manifest.expected.mixing.moves.find(
      (m) => m.direction === 'out' && m.counterparty === key('depositUsdx'),
    )
    const r = await call(h.t.app, a.viewerKey, 'GET', url(key('depositUsdx'), '?direction=in&limit=500'))
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.next, null)
    const ins = r.body.transfers as AddressTransfer[]
    assert.ok(ins.every((t) => t.to === key('depositUsdx') && t.direction === 'in'))
    const usdxIn = ins.filter((t) => t.asset === usdx?.asset)
    assert.equal(
      usdxIn.reduce((s, t) => s + BigInt(t.amount), 0n),
      truth?.amount,
    )
    assert.equal(usdxIn[0]?.tx, truth?.arrivalTx)
    assert.equal(usdxIn[0]?.symbol, 'USDX')
    assert.equal(usdxIn[0]?.decimals, 6)
    assert.equal(usdxIn[0]?.amountFormatted, '1500000')
    assert.match(usdxIn[0]?.position ?? '', /^log:\d+$/)
    assert.equal(usdxIn[0]?.logIndex, Number(usdxIn[0]?.position.slice(4)))
    const eth = ins.find((t) => t.tx === payout?.hash)
    assert.equal(eth?.amount, payout?.amount.toString())
    assert.equal(eth?.amountFormatted, '120')
    assert.equal(eth?.from, h.manifest.expected.mixing.wallet)
    assert.equal(eth?.block, payout?.blockNumber.toString())
    assert.match(eth?.time ?? '', /^\d{4}-\d\d-\d\dT/)
  })

  test('paging one by one gives the whole list in chain order; the CSV holds the same rows', async () => {
    const address = key('mixed')
    const whole = (await call(h.t.app, a.viewerKey, 'GET', url(address, '?limit=500'))).body
      .transfers as AddressTransfer[]
    assert.ok(whole.length >= 4, 'two in, two out at least')
    const ordered = [...whole].sort(
      (x, y) => Number(BigInt(x.block) - BigInt(y.block)) || (x.txIndex ?? -1) - (y.txIndex ?? -1),
    )
    assert.deepEqual(
      whole.map((t) => t.block),
      ordered.map((t) => t.block),
    )
    const moves = h.manifest.expected.mixing.moves
    assert.deepEqual(
      whole.filter((t) => t.asset === 'native' && moves.some((m) => m.hash === t.tx)).map((t) => [t.tx, t.amount]),
      moves.map((m) => [m.hash, m.amount.toString()]),
      'the mixing wallet’s moves, in order, exact',
    )
    const paged: AddressTransfer[] = []
    let cursor: string | null = null
    do {
      const r = await call(h.t.app, a.viewerKey, 'GET', url(address, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`))
      assert.equal(r.status, 200, r.text)
      paged.push(...r.body.transfers)
      cursor = r.body.next
    } while (cursor !== null)
    assert.deepEqual(paged, whole)

    const csv = await call(h.t.app, a.viewerKey, 'GET', url(address, '?format=csv'))
    assert.equal(csv.status, 200)
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8')
    assert.equal(csv.headers['x-dragnet-row-limit'], '100000')
    assert.equal(csv.headers['x-dragnet-truncated'], 'false')
    const lines = csv.text.trimEnd().split('\n')
    assert.equal(
      lines[0],
      'block,time,tx,tx_index,log_index,position,direction,from,to,asset,symbol,decimals,amount,amount_formatted',
    )
    assert.equal(lines.length, whole.length + 1)
    const first = whole[0] as AddressTransfer
    assert.equal(
      lines[1],
      [
        first.block,
        first.time,
        first.tx,
        first.txIndex ?? '',
        first.logIndex ?? '',
        first.position,
        first.direction,
        first.from,
        first.to,
        first.asset,
        first.symbol ?? '',
        first.decimals ?? '',
        first.amount,
        first.amountFormatted,
      ].join(','),
    )
    const accept = await call(h.t.app, a.viewerKey, 'GET', url(address), undefined, { accept: 'text/csv' })
    assert.equal(accept.text, csv.text)
  })

  test('bad address, cursor, limit and direction are 400 with stable codes', async () => {
    const cases: [string, string][] = [
      [url('0x1234'), 'INVALID_ADDRESS'],
      [url(key('mixed'), '?cursor=bm90LWEtY3Vyc29y'), 'INVALID_CURSOR'],
      [
        url(key('mixed'), `?cursor=${Buffer.from('["1","0",7,"-1","tx","0x"]').toString('base64url')}`),
        'INVALID_CURSOR',
      ],
      [url(key('mixed'), '?limit=0'), 'SERVER_INVALID_REQUEST'],
      [url(key('mixed'), '?limit=501'), 'SERVER_INVALID_REQUEST'],
      [url(key('mixed'), '?limit=ten'), 'SERVER_INVALID_REQUEST'],
      [url(key('mixed'), '?direction=sideways'), 'SERVER_INVALID_REQUEST'],
      [url(key('mixed'), '?asset=usd'), 'SERVER_INVALID_REQUEST'],
    ]
    for (const [u, code] of cases) {
      const r = await call(h.t.app, a.viewerKey, 'GET', u)
      assert.equal(r.status, 400, `${u}: ${r.text}`)
      assert.equal(r.body.code, code, u)
    }
    assert.equal((await call(h.t.app, null, 'GET', url(key('mixed')))).body.code, 'AUTH_REQUIRED')
  })
})
