import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { errorOf, runCli } from '../../test/support/run-cli.ts'
import { toChecksumAddress } from '../labels/chain-address.ts'
import { LabelIndex } from '../labels/label-index.ts'
import type { Label } from '../labels/label-types.ts'
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import type { Row } from '../store/store.ts'
import { loadPolicy } from './policy.ts'
import { Screener } from './screener.ts'

const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
const X = a(0x10)
const A = a(0x11)
const B = a(0x12)
const C = a(0x13)
const S = a(0x5a) // sanctioned
const M = a(0x3e) // mixer
const Y = a(0x20)
const Z = a(0x21)
const E = a(0xec) // exchange
const tx = (n: number) => `0x${n.toString(16).padStart(64, '0')}`

// Incoming: S->A 100, C->A 300, A->X 200, B->X 200, M->X 10. Outgoing: X->Y 100, Y->E 40, Y->Z 60.
const FLOWS: [number, string, string, bigint][] = [
  [1, S, A, 100n],
  [2, C, A, 300n],
  [3, A, X, 200n],
  [4, B, X, 200n],
  [5, M, X, 10n],
  [6, X, Y, 100n],
  [7, Y, E, 40n],
  [8, Y, Z, 60n],
]

function rows(): Row[] {
  return FLOWS.map(([block, from, to, amount]) => ({
    block_number: BigInt(block),
    block_time: BigInt(1000 + block),
    tx_hash: tx(block),
    tx_index: 0n,
    position: 'call:',
    kind: 'native',
    from_address: from,
    to_address: to,
    asset: 'native',
    amount: amount.toString(),
  }))
}

const label = (address: string, category: Label['category'], name: string): Label => ({
  chain: 'ethereum',
  address,
  category,
  name,
  source: 'test',
  sourceDate: '2025-01-01',
  confidence: 100,
  programmes: category === 'sanctioned' ? ['DPRK3'] : [],
  asset: null,
  notes: null,
})
const LABELS = [label(S, 'sanctioned', 'Sanctioned One'), label(M, 'mixer', 'Mixer'), label(E, 'exchange', 'Exchange')]

const dir = mkdtempSync(join(tmpdir(), 'dragnet-screen-'))
after(() => rmSync(dir, { recursive: true, force: true }))

async function storeAt(path: string) {
  const store = await openDuckDbStore(path)
  await store.writeBatch({ chain: 'ethereum', fromBlock: 0n, toBlock: 8n, tables: { transfers: rows() }, replace: [] })
  return store
}

test('exposure is the haircut share per category and direction, with the labelled address, path and amount', async () => {
  const store = await storeAt(':memory:')
  try {
    const s = new Screener(LabelIndex.fromLabels(LABELS), loadPolicy(), store, { hops: 3, maxEdges: 1000 })
    const r = await s.screen(X)
    const [incoming, outgoing] = r.exposure
    assert.deepEqual(incoming?.totals, { native: 410n })
    assert.deepEqual(
      incoming?.contributions.map((c) => [c.address, c.label.category, c.hops, c.asset, c.amount, c.path, c.txs]),
      [
        [S, 'sanctioned', 2, 'native', 50n, [X, A, S], [tx(3), tx(1)]],
        [M, 'mixer', 1, 'native', 10n, [X, M], [tx(5)]],
      ],
    )
    assert.deepEqual(outgoing?.totals, { native: 100n })
    assert.deepEqual(
      outgoing?.contributions.map((c) => [c.address, c.hops, c.amount, c.path]),
      [[E, 2, 40n, [X, Y, E]]],
    )
    assert.equal(r.severity, 'high')
    assert.deepEqual(
      r.reasons.map((x) =>
        x.kind === 'exposure' ? [x.severity, x.category, x.direction, x.exposure, x.amount, x.total, x.sharePct] : [],
      ),
      [
        ['high', 'sanctioned', 'incoming', 'indirect', 50n, 410n, '12.19'],
        ['high', 'mixer', 'incoming', 'direct', 10n, 410n, '2.43'],
      ],
    )
    const self = await s.screen(S.toUpperCase().replace('0X', '0x'))
    assert.equal(self.severity, 'severe')
    assert.deepEqual(self.reasons[0], {
      kind: 'self',
      severity: 'severe',
      category: 'sanctioned',
      name: 'Sanctioned One',
      source: 'test',
      sourceDate: '2025-01-01',
      programmes: ['DPRK3'],
    })
    const oneHop = new Screener(LabelIndex.fromLabels(LABELS), loadPolicy(), store, { hops: 1, maxEdges: 1000 })
    const r1 = await oneHop.screen(X)
    assert.deepEqual(
      r1.exposure[0]?.contributions.map((c) => c.address),
      [M],
    )
  } finally {
    await store.close()
  }
})

test('dragnet screen --file: CSV in, CSV out with severity, reasons and exposure; a bad address is its own row', async () => {
  const db = join(dir, 'screen.duckdb')
  const store = await storeAt(db)
  await store.close()
  const labels = join(dir, 'labels.csv')
  writeFileSync(
    labels,
    `address,label,category,source\n${S},Sanctioned One,sanctioned,test\n${M},Mixer,mixer,test\n${E},Exchange,exchange,test\n`,
  )
  const imported = await runCli(['labels', 'import', '--format', 'csv', labels, '--db', db, '--json'])
  assert.equal(imported.code, 0, imported.stderr)
  assert.deepEqual(JSON.parse(imported.stdout), { sources: [{ source: 'test', added: 3, removed: 0, kept: 0 }] })
  const input = join(dir, 'in.csv')
  const out = join(dir, 'out.csv')
  writeFileSync(
    input,
    `address\n${X}\n${Z}\n0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\n0xZZZB716B8Aaf21512996dC57EB0615e2383E2f96\n`,
  )
  const run = await runCli(['screen', '--file', input, '--out', out, '--db', db])
  assert.equal(run.code, 0, run.stderr)
  const lines = readFileSync(out, 'utf8').trimEnd().split('\n')
  assert.equal(lines[0], 'address,chain,severity,labels,reasons,incoming_exposure,outgoing_exposure,error')
  assert.equal(
    lines[1],
    `${X},ethereum,high,,` +
      // 50 wei of 410 wei: the amounts in ETH (18 decimals), the base units beside them.
      'high: incoming indirect sanctioned 12.19% of native: 0.00000000000000005 ETH of 0.00000000000000041 ETH ' +
      `[base units 50/410] from ${S} Sanctioned One (test) 0.00000000000000005 ETH [50] in 2 hop(s) via ${X}>${A}>${S} | ` +
      'high: incoming direct mixer 2.43% of native: 0.00000000000000001 ETH of 0.00000000000000041 ETH ' +
      `[base units 10/410] from ${M} Mixer (test) 0.00000000000000001 ETH [10] in 1 hop(s) via ${X}>${M},` +
      'sanctioned:native=50/410;mixer:native=10/410,exchange:native=40/100,',
  )
  // Z is 4 hops from S (not counted) and 3 from M: 10/410 of X's 100 to Y is 2, and 2/100 of Y's 60 to Z is 1.
  assert.equal(
    lines[2],
    `${Z},ethereum,medium,,medium: incoming indirect mixer 1.66% of native: 0.000000000000000001 ETH of ` +
      `0.00000000000000006 ETH [base units 1/60] from ${M} Mixer (test) 0.000000000000000001 ETH [1] in 3 hop(s) ` +
      `via ${Z}>${Y}>${X}>${M},mixer:native=1/60,,`,
  )
  assert.match(
    lines[3] as string,
    /^0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD,,invalid,,,,,"?INVALID_ADDRESS bad-checksum: /,
  )
  // A mistyped hex address is told its characters are wrong, not to pass --chain.
  assert.match(
    lines[4] as string,
    /^0xZZZB716B8Aaf21512996dC57EB0615e2383E2f96,,invalid,.*non-hex character 'Z' at position 3/,
  )
  assert.ok(!(lines[4] as string).includes('--chain'), lines[4])
  const bad = join(dir, 'bad.csv')
  writeFileSync(bad, `address\n"${X}\n`)
  const failed = await runCli(['screen', '--file', bad, '--db', db, '--json'])
  assert.equal(failed.code, 3)
  assert.equal(errorOf(failed).code, 'SCREEN_MALFORMED_INPUT')
  const risky = await runCli(['screen', S, '--db', db, '--fail-on', 'high', '--json'])
  assert.equal(risky.code, 10)
  assert.equal(errorOf(risky).code, 'SCREEN_RISK_FOUND')
})

test('a bad label CSV row fails the import with LABELS_MALFORMED and stores nothing', async () => {
  const db = join(dir, 'labels-bad.duckdb')
  const file = join(dir, 'bad-labels.csv')
  writeFileSync(file, `address,label,category,source\n${S},One,sanctioned,t\n${M},Two,not-a-category,t\n`)
  const run = await runCli(['labels', 'import', '--format', 'csv', file, '--db', db, '--json'])
  assert.equal(run.code, 3)
  assert.deepEqual(errorOf(run), {
    code: 'LABELS_MALFORMED',
    message: `${file}:3: unknown category not-a-category`,
    details: { path: file, line: 3 },
  })
  const show = await runCli(['labels', 'sources', '--db', db, '--json'])
  // An empty registry loads the default pack on first use; the bad file added nothing to it.
  assert.deepEqual(
    JSON.parse(show.stdout).sources.map((s: { source: string }) => s.source),
    ['etherscan', 'fbi-psa250226', 'ofac-sdn'],
  )
})

test('exposure is walked on any chain the store holds (--chain local), its own labels in any case', async () => {
  const db = join(dir, 'local.duckdb')
  const store = await openDuckDbStore(db)
  await store.writeBatch({ chain: 'local', fromBlock: 0n, toBlock: 8n, tables: { transfers: rows() }, replace: [] })
  await store.close()
  const labels = join(dir, 'local-labels.csv')
  // Labels of the local chain, the sanctioned address written in checksum case, as a user would paste it.
  writeFileSync(
    labels,
    `address,label,category,source,chain\n${toChecksumAddress(S)},Sanctioned One,sanctioned,local-test,local\n` +
      `${M},Mixer,mixer,local-test,local\n`,
  )
  const imported = await runCli(['labels', 'import', '--format', 'csv', labels, '--db', db])
  assert.equal(imported.code, 0, imported.stderr)
  const run = await runCli(['screen', '--chain', 'local', X, '--db', db, '--json'])
  assert.equal(run.code, 0, run.stderr)
  const r = JSON.parse(run.stdout).results[0]
  assert.equal(r.chain, 'local')
  assert.equal(r.exposureNote, null)
  // As on ethereum above: S's 100 reaches A, which passes 200 of its 400 to X: 50 of X's 410 incoming.
  assert.deepEqual(
    r.reasons.map((x: { category: string; amount: string; total: string }) => [x.category, x.amount, x.total]),
    [
      ['sanctioned', '50', '410'],
      ['mixer', '10', '410'],
    ],
  )
  const self = await runCli(['screen', '--chain', 'local', S, '--db', db, '--json', '--hops', '0'])
  const hit = JSON.parse(self.stdout).results[0]
  assert.deepEqual([hit.address, hit.severity, hit.labels[0].name], [S, 'severe', 'Sanctioned One'])
  assert.equal(hit.exposureNote, 'hops 0: direct hits only, exposure not computed')
  // A chain the store holds no transfers of says so, rather than blaming the chain's name.
  const eth = await runCli(['screen', X, '--db', db, '--json'])
  assert.equal(
    JSON.parse(eth.stdout).results[0].exposureNote,
    'the store holds no transfers of chain ethereum: direct hits only',
  )
})
