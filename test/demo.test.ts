import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { silentLogger } from '../src/core/logger.ts'
import { type HeistDemoRun, playAndIngestHeist, traceHeist } from '../src/demo/heist-demo.ts'
import { checkAgainstGroundTruth } from '../src/demo/heist-report.ts'
import { type DuckDbStore, openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import type { TraceResult } from '../src/trace/trace-types.ts'
import { runCli } from './support/run-cli.ts'

const USDX = '0x057ef64e23666f000b34ae31332854acbd1c8544'
const WETH = '0x5fbdb2315678afecb367f032d93f642f64180aa3'
const E18 = 10n ** 18n
const E6 = 10n ** 6n

let store: DuckDbStore
let run: HeistDemoRun
const dir = mkdtempSync(join(tmpdir(), 'dragnet-demo-'))

before(async () => {
  store = await openDuckDbStore(join(dir, 'demo.duckdb'))
  run = await playAndIngestHeist({ logger: silentLogger() }, store)
})
after(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

const totals = (r: TraceResult, asset: string) => {
  const t = r.totals[asset]
  assert.ok(t, `no totals for ${asset}`)
  return {
    stolen: t.stolen,
    swappedIn: t.swappedIn,
    held: t.held,
    exchange: t.exchange,
    issuerFreezable: t.issuerFreezable,
    bridge: t.bridge,
    mixer: t.mixer,
    dex: t.dex,
    dark: t.dark,
    unfollowed: t.unfollowed,
  }
}

describe('the heist demo, traced with each model', () => {
  test('ingest stores the whole heist, internal transfers included', () => {
    assert.equal(run.ingest.blocks, 56)
    assert.equal(run.ingest.transactions, 55)
    assert.equal(run.ingest.transfers, 52)
    assert.equal(run.ingest.traceSource, 'debug')
  })

  // Nothing in the heist mixes clean and stolen funds before a service stops the trace, so the three
  // models must agree to the unit; where they would differ is covered by src/trace's model tests.
  for (const model of ['haircut', 'fifo', 'poison'] as const) {
    test(`${model}: exact totals, what to freeze where, and the ground truth`, async () => {
      const r = await traceHeist(store, run.manifest, model)
      assert.equal(r.model, model)
      assert.deepEqual(totals(r, 'native'), {
        stolen: 1000n * E18,
        swappedIn: 400n * E18,
        held: 440n * E18,
        exchange: 60n * E18,
        issuerFreezable: 0n,
        bridge: 600n * E18,
        mixer: 300n * E18,
        dex: 0n,
        dark: 0n,
        unfollowed: 0n,
      })
      assert.deepEqual(totals(r, USDX), {
        stolen: 5_000_000n * E6,
        swappedIn: 0n,
        held: 2_000_000n * E6,
        exchange: 1_500_000n * E6,
        // docs/demo-world.md: depositUsdx 1,500,000 and split8 2,000,000.
        issuerFreezable: 3_500_000n * E6,
        bridge: 500_000n * E6,
        mixer: 0n,
        dex: 1_000_000n * E6,
        dark: 0n,
        unfollowed: 0n,
      })
      assert.deepEqual(totals(r, WETH), {
        stolen: 0n,
        swappedIn: 400n * E18,
        held: 0n,
        exchange: 0n,
        issuerFreezable: 0n,
        bridge: 0n,
        mixer: 0n,
        dex: 400n * E18,
        dark: 0n,
        unfollowed: 0n,
      })
      const freezable = r.endpoints
        .filter((e) => e.freezableBy.length > 0)
        .map((e) => [e.category, e.freezableBy.map((f) => f.name).join(' + '), e.address, e.asset, e.amount])
      assert.deepEqual(freezable, [
        [
          'exchange',
          'Harbor Exchange + USDX issuer',
          '0x86c53eb85d0b7548fea5c4b4f82b4205c8f6ac18',
          USDX,
          1_500_000n * E6,
        ],
        ['exchange', 'Harbor Exchange', '0xcf2d5b3cbb4d7bf04e3f7bfa8e27081b52191f91', 'native', 60n * E18],
        ['held', 'USDX issuer', '0x8626f6940e2eb28930efb4cef49b2d1f2c9c1199', USDX, 2_000_000n * E6],
      ])
      const checks = checkAgainstGroundTruth(r, run.manifest)
      assert.equal(checks.length, 7)
      assert.deepEqual(
        checks.filter((c) => !c.ok),
        [],
      )
    })
  }

  test('every freezable endpoint is explained by transactions that exist in the store', async () => {
    const r = await traceHeist(store, run.manifest, 'haircut')
    const hashes = new Set<string>()
    for await (const b of store.read('transactions', { chain: 'demo' })) for (const t of b) hashes.add(t.hash as string)
    for (const e of r.endpoints.filter((x) => x.freezableBy.length > 0)) {
      assert.ok(e.path.length > 0)
      assert.equal(e.path.at(-1)?.to, e.address)
      for (const step of e.path) assert.ok(hashes.has(step.tx), `${step.tx} is stored`)
    }
  })
})

test('npm run demo (dragnet demo) prints the report and a clean ground-truth check', async () => {
  const out = await runCli(['demo', '--db', join(dir, 'cli.duckdb')])
  assert.equal(out.code, 0, out.stderr)
  assert.match(out.stdout, /What to freeze where/)
  assert.match(
    out.stdout,
    /exchange Harbor Exchange or issuer USDX issuer: 0x86c53eb85d0b7548fea5c4b4f82b4205c8f6ac18 holds 1500000 USDX/,
  )
  assert.doesNotMatch(out.stdout, /DIFF/)
  assert.equal((out.stdout.match(/^ {2}ok {3}/gm) ?? []).length, 7)
})
