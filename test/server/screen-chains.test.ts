import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { silentLogger } from '../../src/core/logger.ts'
import { DuckDbLabelStore } from '../../src/labels/duckdb-label-store.ts'
import type { Label } from '../../src/labels/label-types.ts'
import { type Serving, startServing } from '../../src/server/serve.ts'
import { openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import type { Row } from '../../src/store/store.ts'
import { runCli } from '../support/run-cli.ts'

const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
const HACKER = a(0x4a)
const A = a(0xa1)
const B = a(0xb1)
const X = a(0x10)
const LAZARUS = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96'
const E18 = 10n ** 18n

const dir = mkdtempSync(join(tmpdir(), 'dragnet-screen-chains-'))
const chainDb = join(dir, 'chain.duckdb')
const serverDb = join(dir, 'server')
let serving: Serving
let key: string

// On chain "demo": the hacker sends 1000 ETH to A, A sends 400 ETH to X, B sends 600 ETH to X.
const FLOWS: [number, string, string, bigint][] = [
  [1, HACKER, A, 1000n * E18],
  [2, A, X, 400n * E18],
  [3, B, X, 600n * E18],
]

function rows(): Row[] {
  return FLOWS.map(([block, from, to, amount]) => ({
    block_number: BigInt(block),
    block_time: BigInt(1000 + block),
    tx_hash: `0x${block.toString(16).padStart(64, '0')}`,
    tx_index: 0n,
    position: 'call:',
    kind: 'native',
    from_address: from,
    to_address: to,
    asset: 'native',
    amount: amount.toString(),
  }))
}

const hackLabel: Label = {
  chain: 'demo',
  address: HACKER,
  category: 'hack',
  name: 'Meridian heist',
  source: 'demo-world',
  sourceDate: '2025-02-19',
  confidence: 100,
  programmes: [],
  asset: null,
  notes: null,
}

before(async () => {
  // A chain store as the demo leaves it: demo transfers and the demo world's own label source, no pack yet.
  const store = await openDuckDbStore(chainDb)
  try {
    await store.writeBatch({ chain: 'demo', fromBlock: 1n, toBlock: 3n, tables: { transfers: rows() }, replace: [] })
    const info = { source: 'demo-world', format: 'demo', sourceDate: '2025-02-19', origin: 'demo world manifest' }
    await new DuckDbLabelStore(store.connection).replaceSource(info, [hackLabel], '2025-02-19')
  } finally {
    await store.close()
  }
  const init = await runCli(['server', 'init', '--org', 'Platform', '--admin', 'root', '--db', serverDb, '--json'])
  assert.equal(init.code, 0, init.stderr)
  const org = await runCli(
    ['server', 'create-org', '--name', 'Harbor', '--user', 'ops', '--role', 'investigator'].concat([
      '--db',
      serverDb,
      '--json',
    ]),
  )
  assert.equal(org.code, 0, org.stderr)
  key = JSON.parse(org.stdout).key
  serving = await startServing({ port: 0, host: '127.0.0.1', db: serverDb, chainDb, logger: silentLogger() })
})
after(async () => {
  await serving?.close().catch(() => {})
  rmSync(dir, { recursive: true, force: true })
})

// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field and every field asserted
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${serving.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: await res.json() }
}

const PACK_AND_WORLD = [
  ['demo-world', '2025-02-19'],
  ['etherscan', '2023-10-01'],
  ['fbi-psa250226', '2025-02-26'],
  ['ofac-sdn', '2025-11-19'],
]
const dated = (list: { source: string; sourceDate: string | null }[]) => list.map((s) => [s.source, s.sourceDate])

test('/ready and /v1/screen name the label sources and list dates; the pack loaded beside the demo world', async () => {
  const ready = await fetch(`${serving.url}/ready`)
  const r = (await ready.json()) as { status: string; labelSources: { source: string; sourceDate: string | null }[] }
  assert.equal(r.status, 'ready')
  assert.deepEqual(dated(r.labelSources), PACK_AND_WORLD)
  const one = await api('POST', '/v1/screen', { address: LAZARUS })
  assert.equal(one.status, 200)
  assert.equal(one.body.severity, 'severe')
  assert.equal(one.body.labels[0].name, 'Lazarus Group')
  assert.deepEqual(dated(one.body.labelSources), PACK_AND_WORLD)
  const batch = await api('POST', '/v1/screen', { addresses: [LAZARUS] })
  assert.deepEqual(dated(batch.body.labelSources), PACK_AND_WORLD)
})

test('GET /v1/addresses/demo/... walks exposure on the demo chain, amounts in ETH beside base units', async () => {
  const r = await api('GET', `/v1/addresses/demo/${X}?hops=2`)
  assert.equal(r.status, 200)
  assert.equal(r.body.exposureNote, null)
  // X received 1000 ETH: 400 from A, whose every wei came from the hacker. 400/1000 = 40.00 %.
  const hack = r.body.reasons.find((x: { category: string }) => x.category === 'hack')
  assert.deepEqual(
    [hack.severity, hack.direction, hack.asset, hack.amount, hack.total, hack.sharePct],
    ['high', 'incoming', 'native', (400n * E18).toString(), (1000n * E18).toString(), '40.00'],
  )
  assert.deepEqual([hack.symbol, hack.decimals, hack.amountText, hack.totalText], ['ETH', 18, '400 ETH', '1,000 ETH'])
  assert.deepEqual(dated(r.body.labelSources), PACK_AND_WORLD)
})

test('unknown chains answer 400 CHAIN_UNKNOWN listing the chains held: screening and opening an incident', async () => {
  const look = await api('GET', `/v1/addresses/nosuch/${X}`)
  assert.equal(look.status, 400)
  assert.equal(look.body.code, 'CHAIN_UNKNOWN')
  assert.deepEqual(look.body.details.held, ['demo'])
  const screen = await api('POST', '/v1/screen', { address: X, chain: 'nosuch' })
  assert.deepEqual([screen.status, screen.body.code], [400, 'CHAIN_UNKNOWN'])
  const batch = await api('POST', '/v1/screen', { addresses: [X], chain: 'nosuch' })
  assert.deepEqual(
    [batch.status, batch.body.results, batch.body.invalid.map((i: { code: string }) => i.code)],
    [200, [], ['CHAIN_UNKNOWN']],
  )
  const refused = await api('POST', '/v1/incidents', { title: 'typo', tlp: 'AMBER', chain: 'nosuchchain' })
  assert.deepEqual([refused.status, refused.body.code], [400, 'CHAIN_UNKNOWN'])
  assert.deepEqual(refused.body.details.held, ['demo'])
  assert.deepEqual((await api('GET', '/v1/incidents')).body.incidents, [])
  // The chain the store holds, and a chain known by name (no data yet), are accepted.
  for (const chain of ['demo', 'ethereum']) {
    const ok = await api('POST', '/v1/incidents', { title: `on ${chain}`, tlp: 'AMBER', chain })
    assert.equal(ok.status, 201, JSON.stringify(ok.body))
  }
})
