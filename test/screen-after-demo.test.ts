import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { silentLogger } from '../src/core/logger.ts'
import { playAndIngestHeist } from '../src/demo/heist-demo.ts'
import { labelHeistWorld } from '../src/demo/heist-labels.ts'
import { AMOUNTS } from '../src/devnet/world/scenario.ts'
import { DuckDbLabelStore } from '../src/labels/duckdb-label-store.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import { errorOf, runCli } from './support/run-cli.ts'

/** README's example: the Lazarus Group's address on the OFAC SDN list (profile 27307, DPRK3). */
const LAZARUS = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96'
/** Harbor Exchange's USDX deposit address in the demo world, and the world's USDX token. */
const HARBOR_USDX_DEPOSIT = '0x86c53eb85d0b7548fea5c4b4f82b4205c8f6ac18'
const USDX = '0x057ef64e23666f000b34ae31332854acbd1c8544'
const ATTACKER = '0x71be63f3384f5fb98995898a86b02fb2426c5788'
/** The shipped pack's sources and the dates of their lists (src/labels/pack, NOTICE). */
const PACK = [
  ['etherscan', '2023-10-01'],
  ['fbi-psa250226', '2025-02-26'],
  ['ofac-sdn', '2025-11-19'],
]

const dir = mkdtempSync(join(tmpdir(), 'dragnet-screen-demo-'))
after(() => rmSync(dir, { recursive: true, force: true }))

interface Json {
  labelSources: { source: string; sourceDate: string | null }[]
  results: {
    address: string
    chain: string
    severity: string
    labels: { category: string; name: string; source: string }[]
    exposureNote: string | null
    assets: Record<string, { symbol: string | null; decimals: number | null }>
    reasons: {
      kind: string
      category: string
      direction?: string
      asset?: string
      amount?: string
      total?: string
      amountText?: string
      totalText?: string
      symbol?: string
      decimals?: number
    }[]
  }[]
}

const sources = (j: Json) => j.labelSources.map((s) => [s.source, s.sourceDate])

/** The store after the demo world was played, ingested and labelled into it: its labels are not the pack's. */
describe('screening a store the demo wrote into', () => {
  const db = join(dir, 'world.duckdb')

  before(async () => {
    const store = await openDuckDbStore(db)
    try {
      const run = await playAndIngestHeist({ logger: silentLogger() }, store)
      await labelHeistWorld(new DuckDbLabelStore(store.connection), run.manifest, 'demo')
    } finally {
      await store.close()
    }
  })

  test("README's example finds the Lazarus Group, and says which lists and dates it rests on", async () => {
    const human = await runCli(['screen', LAZARUS, '--db', db])
    assert.equal(human.code, 0, human.stderr)
    assert.match(human.stdout, /^0x098b716b8aaf21512996dc57eb0615e2383e2f96 \(ethereum\): severe\n/)
    assert.match(human.stdout, /\n {2}label {2}sanctioned: Lazarus Group \(ofac-sdn 2025-11-19\)\n/)
    assert.match(human.stdout, /\nlabels: demo-world 2025-02-19 \(9 listed\), etherscan 2023-10-01 \(\d+ listed\), /)
    assert.match(human.stdout, /, fbi-psa250226 2025-02-26 \(51 listed\), ofac-sdn 2025-11-19 \(\d+ listed\)\n$/)
    const json = await runCli(['screen', LAZARUS, '--db', db, '--json'])
    assert.equal(json.code, 0, json.stderr)
    const j = JSON.parse(json.stdout) as Json
    assert.deepEqual(sources(j), [['demo-world', '2025-02-19'], ...PACK])
    const r = j.results[0]
    assert.equal(r?.severity, 'severe')
    assert.deepEqual(
      r?.labels.map((l) => [l.category, l.name, l.source]),
      [
        ['sanctioned', 'Lazarus Group', 'ofac-sdn'],
        ['dprk-attributed', 'Lazarus Group', 'ofac-sdn'],
      ],
    )
  })

  test('--chain demo walks exposure on the demo chain, amounts in USDX beside base units', async () => {
    const out = await runCli(['screen', '--chain', 'demo', HARBOR_USDX_DEPOSIT, '--db', db, '--json', '--hops', '2'])
    assert.equal(out.code, 0, out.stderr)
    const r = (JSON.parse(out.stdout) as Json).results[0]
    assert.equal(r?.exposureNote, null)
    // The heist's split7 deposited 1,500,000 USDX at Harbor (attacker -> split7 -> deposit): all it received.
    const stolen = AMOUNTS.splitUsdx.split7
    assert.equal(stolen, 1_500_000n * 10n ** 6n)
    assert.equal(r?.severity, 'high')
    const hack = r?.reasons.find((x) => x.kind === 'exposure' && x.category === 'hack')
    assert.deepEqual(hack && [hack.direction, hack.asset, hack.amount, hack.total], [
      'incoming',
      USDX,
      stolen.toString(),
      stolen.toString(),
    ])
    assert.deepEqual(hack && [hack.symbol, hack.decimals, hack.amountText, hack.totalText], [
      'USDX',
      6,
      '1,500,000 USDX',
      '1,500,000 USDX',
    ])
    const human = await runCli(['screen', '--chain', 'demo', HARBOR_USDX_DEPOSIT, '--db', db, '--hops', '2'])
    assert.match(
      human.stdout,
      new RegExp(
        `\\n {2}reason high: incoming any hack 100.00% of ${USDX}: 1,500,000 USDX of 1,500,000 USDX from ${ATTACKER} ` +
          'Meridian heist \\(demo-world\\) 1,500,000 USDX in 2 hop\\(s\\) via ',
      ),
    )
    assert.doesNotMatch(human.stdout, /direct hits only/)
  })

  test('a chain the store does not hold fails with CHAIN_UNKNOWN naming the chains it holds', async () => {
    const out = await runCli(['screen', '--chain', 'nosuch', HARBOR_USDX_DEPOSIT, '--db', db, '--json'])
    assert.equal(out.code, 2)
    const e = errorOf(out)
    assert.equal(e.code, 'CHAIN_UNKNOWN')
    assert.deepEqual(e.details.held, ['demo'])
    assert.match(e.message, /the store holds data of: demo$/)
    // On the demo chain (EVM data under a name Dragnet does not know), a 0x address is checked as EVM.
    const short = await runCli(['screen', '--chain', 'demo', '0x12', '--db', db, '--json'])
    assert.equal(short.code, 3)
    assert.deepEqual([errorOf(short).code, errorOf(short).details.reason], ['INVALID_ADDRESS', 'bad-length'])
  })
})

test("after the real `dragnet demo`, README's screen example finds the Lazarus Group", async () => {
  const db = join(dir, 'demo-command.duckdb')
  const demo = await runCli(['demo', '--db', db])
  assert.equal(demo.code, 0, demo.stderr)
  const out = await runCli(['screen', LAZARUS, '--db', db, '--json'])
  assert.equal(out.code, 0, out.stderr)
  const j = JSON.parse(out.stdout) as Json
  assert.equal(j.results[0]?.severity, 'severe')
  assert.ok(j.results[0]?.labels.some((l) => l.name === 'Lazarus Group' && l.source === 'ofac-sdn'))
  for (const [source, date] of PACK)
    assert.ok(
      sources(j).some(([s, d]) => s === source && d === date),
      source,
    )
})
