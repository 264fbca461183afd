import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runInProcess as run } from '../src/cli/main.ts'
import { addr, type FixtureTransfer, storeWith } from '../src/trace/trace-fixture.ts'

// The Bybit exploiter's address (it received the stolen funds in the theft transaction, which this store lacks) and
// the FBI's laundering addresses (PSA250226), from the real list.
const EXPLOITER = '0x47666fab8bd0ac7003bce3f5c3585383f09486e2'
const FBI_FILE = join(import.meta.dirname, '../../shared/data/attribution/fbi_psa250226_bybit_51_addresses.txt')
const fbi = [
  ...new Set(
    readFileSync(FBI_FILE, 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean),
  ),
]
const HOPS = [addr(0xa1), addr(0xa2), addr(0xa3)]
// 600 ETH each, in wei: above the freeze list's default minimum share.
const PER = 600n * 10n ** 18n

const dir = mkdtempSync(join(tmpdir(), 'dragnet-trace-seeds-'))
const db = join(dir, 'store.duckdb')

describe('trace seeds: outflows of a seed that received nothing, seeds files, seeds from labels', () => {
  before(async () => {
    // The exploiter splits over three first hops, each of which pays its share of the FBI's addresses PER each.
    const t: FixtureTransfer[] = []
    const share = (i: number) => fbi.filter((_, k) => k % HOPS.length === i)
    HOPS.forEach((h, i) => {
      t.push({ block: 10, tx: i, from: EXPLOITER, to: h, amount: BigInt(share(i).length) * PER })
      share(i).forEach((a, k) => {
        t.push({ block: 20 + i, tx: k, from: h, to: a, amount: PER })
      })
    })
    const store = await storeWith(t, db)
    await store.close()
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('the FBI list holds 51 distinct addresses', () => {
    assert.equal(fbi.length, 51)
  })

  it('--seed EXPLOITER (no receipt in the data) is seeded by its outflows and reaches every FBI address', async () => {
    const r = await run(['trace', '--seed', EXPLOITER, '--db', db, '--model', 'haircut', '--json'])
    assert.equal(r.code, 0, r.err)
    const j = JSON.parse(r.out)
    assert.equal(j.empty, null)
    assert.deepEqual(j.seeds.rules, [{ seed: EXPLOITER, rule: 'outflows', note: null }])
    assert.equal(j.totals.native.stolen, String(BigInt(fbi.length) * PER))
    const held = new Map<string, string>(
      j.endpoints
        .filter((e: { category: string }) => e.category === 'held')
        .map((e: { address: string; amount: string }) => [e.address, e.amount]),
    )
    for (const a of fbi) assert.equal(held.get(a), String(PER), `FBI address ${a} reached`)
    const x = await run(['trace', '--seed', EXPLOITER, '--db', db, '--explain', fbi[0] as string])
    assert.equal(x.code, 0, x.err)
    assert.match(x.out, /\n {2}category: held \(dprk-attributed: .+\), hop 2\n/)
    assert.ok(x.out.includes(`0x47666f…86e2 -> 0x000000…00a1`), x.out)
  })

  it('--seeds FILE (CSV or JSON) carries each seed’s note into the result', async () => {
    const csv = join(dir, 'seeds.csv')
    writeFileSync(csv, `seed,note\n# the thief\n${EXPLOITER},Bybit exploiter\n`)
    const json = join(dir, 'seeds.json')
    writeFileSync(json, JSON.stringify([{ seed: EXPLOITER, note: 'Bybit exploiter' }]))
    for (const file of [csv, json]) {
      const r = await run(['trace', '--seeds', file, '--db', db, '--json'])
      assert.equal(r.code, 0, r.err)
      const j = JSON.parse(r.out)
      assert.deepEqual(j.seeds.rules, [{ seed: EXPLOITER, rule: 'outflows', note: 'Bybit exploiter' }])
      assert.equal(j.totals.native.stolen, String(BigInt(fbi.length) * PER))
    }
  })

  it('--seed-label dprk-attributed --seed-source fbi-psa250226 seeds every FBI address from the label registry', async () => {
    const r = await run([
      'trace',
      '--seed-label',
      'dprk-attributed',
      '--seed-source',
      'fbi-psa250226',
      '--db',
      db,
      '--json',
    ])
    assert.equal(r.code, 0, r.err)
    const j = JSON.parse(r.out)
    assert.equal(j.seeds.rules.length, fbi.length)
    assert.deepEqual(new Set(j.seeds.rules.map((s: { seed: string }) => s.seed)), new Set(fbi))
    for (const s of j.seeds.rules) {
      assert.equal(s.rule, 'receipts', s.seed)
      assert.match(s.note, /\(fbi-psa250226 2025-02-26\)$/)
    }
    // Each received PER from its first hop: that is what the seeds hold.
    assert.equal(j.totals.native.stolen, String(BigInt(fbi.length) * PER))
    assert.equal(j.totals.native.held, String(BigInt(fbi.length) * PER))
  })

  it('bad seeds files and label seeds fail with stable codes naming the line', async () => {
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, `seed,note\n${EXPLOITER},ok\n0x1234,typo\n`)
    const noHeader = join(dir, 'noheader.csv')
    writeFileSync(noHeader, `${EXPLOITER},x\n`)
    const badJson = join(dir, 'bad.json')
    writeFileSync(badJson, JSON.stringify([EXPLOITER, { note: 'no seed' }]))
    const cases: [string[], string, number, RegExp][] = [
      [['--seeds', bad], 'INVALID_ADDRESS', 3, /bad\.csv line 3: not an address or transaction hash: 0x1234/],
      [['--seeds', noHeader], 'INVALID_ARGUMENT', 2, /noheader\.csv line 1: the header must name a seed column/],
      [['--seeds', badJson], 'INVALID_ADDRESS', 3, /bad\.json item 2: expected a seed string/],
      [['--seeds', join(dir, 'none.csv')], 'FILE_NOT_FOUND', 3, /seeds file not found/],
      [['--seed-label', 'dprk'], 'INVALID_ARGUMENT', 2, /--seed-label dprk is not a label category/],
      [
        ['--seed-label', 'dprk-attributed', '--seed-source', 'fbi-typo'],
        'INVALID_ARGUMENT',
        2,
        /no dprk-attributed labels from source fbi-typo on ethereum/,
      ],
      [
        ['--seed-source', 'fbi-psa250226', '--seed', EXPLOITER],
        'INVALID_ARGUMENT',
        2,
        /--seed-source needs --seed-label/,
      ],
      [[], 'INVALID_ARGUMENT', 2, /at least one of --seed, --seeds or --seed-label/],
      [
        ['--seed', EXPLOITER, '--seed-outflows', '--direction', 'backward'],
        'INVALID_ARGUMENT',
        2,
        /forward traces only/,
      ],
    ]
    for (const [args, code, exit, message] of cases) {
      const r = await run(['trace', ...args, '--db', db, '--json'])
      assert.equal(r.code, exit, `${args.join(' ')}: ${r.err}`)
      const e = JSON.parse(r.err).error
      assert.equal(e.code, code, args.join(' '))
      assert.match(e.message, message)
    }
  })
})
