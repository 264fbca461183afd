import assert from 'node:assert/strict'
import { test } from 'node:test'
import { exposureRows, sharePct } from '../../web/src/address/exposure-table.ts'
import type { AlertRecord } from '../../web/src/alerts/alert-types.ts'
import { mergeAlerts } from '../../web/src/alerts/merge-alerts.ts'
import { parseCsv, parsePasted } from '../../web/src/screening/parse-input.ts'
import { screenBatch } from '../../web/src/screening/screen-batch.ts'
import type { ScreenBatchAnswer, ScreenResult } from '../../web/src/screening/screen-types.ts'

const A = '0x098b716b8aaf21512996dc57eb0615e2383e2f96'
const B = '0x1111111111111111111111111111111111111111'

test('pasted addresses: one a line or comma separated; blank and # lines skipped; line numbers kept', () => {
  const p = parsePasted(`${A}\n\n# a note\n${B}, 0xbad ,${A}\n`)
  assert.deepEqual(
    p.rows.map((r) => [r.line, r.address]),
    [
      [1, A],
      [4, B],
      [4, '0xbad'],
      [4, A],
    ],
  )
  assert.deepEqual(p.problems, [])
})

test('CSV: the address column by header (with chain), else the first column; bad lines reported in place', () => {
  const withHeader = parseCsv(
    `name,address,chain\r\n"Doe, J",${A},ethereum\r\nx,,ethereum\r\n"open,${B}\r\ny,${B},\r\n`,
  )
  assert.deepEqual(withHeader.rows, [
    { line: 2, address: A, chain: 'ethereum' },
    { line: 5, address: B },
  ])
  assert.deepEqual(
    withHeader.problems.map((p) => [p.line, p.code]),
    [
      [3, 'SCREEN_MALFORMED_INPUT'],
      [4, 'SCREEN_MALFORMED_INPUT'],
    ],
  )
  const bare = parseCsv(`\uFEFF${A},ignored\n${B}\n`)
  assert.deepEqual(
    bare.rows.map((r) => r.address),
    [A, B],
  )
  const long = parseCsv(`address\n0x${'a'.repeat(210)}\n`)
  assert.deepEqual(
    long.problems.map((p) => [p.line, p.code]),
    [[2, 'INVALID_ADDRESS']],
  )
})

const result = (address: string, chain: string): ScreenResult => ({
  address,
  chain,
  severity: 'none',
  reasons: [],
  labels: [],
  exposure: [],
  exposureNote: null,
  assets: {},
})

test('batch: one request per chain and per 1,000 addresses; results and invalid merged back in input order', async () => {
  const calls: { addresses: string[]; chain?: string }[] = []
  const post = async (_path: string, body: unknown): Promise<ScreenBatchAnswer> => {
    const b = body as { addresses: string[]; chain?: string }
    calls.push(b)
    const bad = b.addresses.filter((a) => a.startsWith('bad'))
    return {
      results: b.addresses
        .filter((a) => !a.startsWith('bad'))
        .map((a) => result(a.toLowerCase(), b.chain ?? 'ethereum')),
      invalid: bad.map((address) => ({ address, code: 'INVALID_ADDRESS', message: 'bad-characters' })),
      labelSources: [],
    }
  }
  const rows = [
    ...Array.from({ length: 1001 }, (_, i) => ({ line: i + 1, address: i === 5 ? 'bad5' : `0xA${i}` })),
    { line: 1002, address: '0xB', chain: 'bsc' },
    { line: 1003, address: 'bad-bsc', chain: 'bsc' },
  ]
  const out = await screenBatch(post, rows, { hops: 1 })
  assert.deepEqual(
    calls.map((c) => [c.addresses.length, c.chain]),
    [
      [1000, undefined],
      [1, undefined],
      [2, 'bsc'],
    ],
  )
  assert.equal(out.rows.length, rows.length)
  assert.deepEqual(out.rows[5]?.error, { code: 'INVALID_ADDRESS', message: 'bad-characters' })
  assert.equal(out.rows[6]?.result?.address, '0xa6')
  assert.equal(out.rows[1000]?.result?.address, '0xa1000')
  assert.deepEqual([out.rows[1001]?.result?.chain, out.rows[1002]?.error?.code], ['bsc', 'INVALID_ADDRESS'])
})

test('exposure by category: direct (1 hop) and indirect summed exactly per asset; share floored to 0.01 %', () => {
  const label = (category: string) => ({ category, name: category, source: 's' })
  const rows = exposureRows({
    direction: 'incoming',
    totals: { native: '3000000000000000000001' },
    truncated: false,
    contributions: [
      {
        address: A,
        label: label('hack'),
        hops: 1,
        asset: 'native',
        amount: '1000000000000000000000',
        path: [],
        txs: [],
      },
      { address: B, label: label('hack'), hops: 3, asset: 'native', amount: '1', path: [], txs: [] },
      {
        address: B,
        label: label('mixer'),
        hops: 2,
        asset: 'native',
        amount: '999999999999999999999',
        path: [],
        txs: [],
      },
    ],
  })
  assert.deepEqual(
    rows.map((r) => [r.category, r.direct, r.indirect, r.total, r.counterparties]),
    [
      ['hack', 1000000000000000000000n, 1n, 3000000000000000000001n, 2],
      ['mixer', 0n, 999999999999999999999n, 3000000000000000000001n, 1],
    ],
  )
  assert.equal(sharePct(1000000000000000000001n, 3000000000000000000001n), '33.33')
  assert.equal(sharePct(1n, 0n), '0.00')
})

test('alert feed: newest first by seq; a re-raise replaces the old record; a retraction marks its target', () => {
  const alert = (id: string, seq: number, over: Partial<AlertRecord> = {}) =>
    ({ id, seq, kind: 'funds-moved', retracts: null, retracted: false, raisedAt: 't', ...over }) as AlertRecord
  let feed = mergeAlerts([], [alert('a', 1), alert('b', 2)])
  feed = mergeAlerts(feed, [alert('r', 3, { kind: 'retracted', retracts: 'a', raisedAt: 't3' })])
  assert.deepEqual(
    feed.map((a) => [a.id, a.seq, a.retracted]),
    [
      ['r', 3, false],
      ['b', 2, false],
      ['a', 1, true],
    ],
  )
  feed = mergeAlerts(feed, [alert('a', 4), alert('b', 2)])
  assert.deepEqual(
    feed.map((a) => [a.id, a.seq, a.retracted]),
    [
      ['a', 4, false],
      ['r', 3, false],
      ['b', 2, false],
    ],
  )
})
