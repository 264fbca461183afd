import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { silentLogger } from '../src/core/logger.ts'
import { checkAgainstGroundTruth, freezerNames } from '../src/demo/heist-checks.ts'
import { type HeistDemoRun, playAndIngestHeist, traceHeist } from '../src/demo/heist-demo.ts'
import { type DuckDbStore, openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import type { TraceResult } from '../src/trace/trace-types.ts'
import { runCli } from './support/run-cli.ts'

const USDX = '0x057ef64e23666f000b34ae31332854acbd1c8544'
const WETH = '0x5fbdb2315678afecb367f032d93f642f64180aa3'
const DEPOSIT_ETH = '0xcf2d5b3cbb4d7bf04e3f7bfa8e27081b52191f91'
const DEPOSIT_USDX = '0x86c53eb85d0b7548fea5c4b4f82b4205c8f6ac18'
const SPLIT8 = '0x8626f6940e2eb28930efb4cef49b2d1f2c9c1199'
const MIXED = '0x9eaf5590f2c84912a08de97fa28d0529361deb9e'
const CASH_OUT = '0x11e8f3ea3c6fcf12ecff2722d75cefc539c51a1c'
const SEED_ETH = '0x579e46114c1122b6c9f40b1efcfa4c91ee444396af1838363645308ce117042d'
const SEED_USDX = '0x0fa10cda7360ac030dc7b714e06f79699e2f48f72c0497b469f666e7afcd828d'
const E18 = 10n ** 18n
const E6 = 10n ** 6n

let store: DuckDbStore
let run: HeistDemoRun
const dir = mkdtempSync(join(tmpdir(), 'dragnet-demo-'))

before(async () => {
  store = await openDuckDbStore(join(dir, 'demo.duckdb'))
  // The world `npm run demo` plays: with the THORChain swap and its Bitcoin leg.
  run = await playAndIngestHeist({ logger: silentLogger() }, store, undefined, { crossChain: true })
})
after(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

const totals = (r: TraceResult, asset: string) => {
  const t = r.totals[asset]
  assert.ok(t, `no totals for ${asset}`)
  const { traced: _traced, ...rest } = t
  return rest
}

/**
 * Worked out by hand from docs/demo-world.md. Every model agrees on everything but the mixing wallet, which gets
 * 100 stolen ETH, then 100 clean, pays 120 into depositUsdx and 60 to a cash-out wallet, and keeps 20:
 * poison taints 120 / 60 / 20, haircut half of each (60 / 30 / 10), FIFO the first 100 out (100 / 0 / 0).
 * The other ETH: 60 at depositEth, 600 bridged (200 + the 400 the swapped USDX became), 300 mixed, and 340 held
 * (side1-4 10 each, forwardA and B 50 each, forwardC 100, split5 100).
 */
const BY_HAND = {
  poison: { exchangeEth: 180n, heldEth: 420n, atDepositUsdx: 120n, cashOut: 60n, mixed: 20n },
  haircut: { exchangeEth: 120n, heldEth: 380n, atDepositUsdx: 60n, cashOut: 30n, mixed: 10n },
  fifo: { exchangeEth: 160n, heldEth: 340n, atDepositUsdx: 100n, cashOut: 0n, mixed: 0n },
} as const

describe('the heist demo, traced with each model', () => {
  test('ingest stores the whole heist, internal transfers included', () => {
    // 66 blocks and 65 transactions of the heist, then the THORChain router's deployment and split 5's deposit.
    assert.equal(run.ingest.blocks, 68)
    assert.equal(run.ingest.transactions, 67)
    // 52 transfers up to the USDX bridge, then 11: five plain ETH sends of the mixing leg and sweep, Harbor's
    // withdrawal, the mixer's internal payout, the pool user's wrap (ETH in, WETH minted) and swap (WETH in, USDX out);
    // then 2: split 5's 40 ETH to the router, and the router's internal call passing them to the vault.
    assert.equal(run.ingest.transfers, 65)
    assert.equal(run.ingest.traceSource, 'debug')
  })

  for (const model of ['poison', 'haircut', 'fifo'] as const) {
    test(`${model}: every figure of the report agrees with the ground truth of the played chain`, async () => {
      const r = await traceHeist(store, run.manifest, model)
      assert.equal(r.model, model)
      // Every figure against the manifest's ground truth (worked out from the chain, not by the engine): all
      // differing figures at once, then the main ones against the figures worked out by hand.
      const failed = checkAgainstGroundTruth(r, run.manifest).filter((c) => !c.ok)
      assert.deepEqual(failed, [])
      const hand = BY_HAND[model]
      assert.deepEqual(totals(r, 'native'), {
        stolen: 1000n * E18,
        swappedIn: 400n * E18,
        // Split 5 held 100 stolen ETH and swapped 40 of them to Bitcoin through the THORChain router (a bridge):
        // only stolen ETH, so every model moves the same 40 from held to bridged.
        held: (hand.heldEth - 40n) * E18,
        exchange: hand.exchangeEth * E18,
        issuerFreezable: 0n,
        bridge: (600n + 40n) * E18,
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
        // USDX at the deposit address and at split8: the issuer can freeze both; the bridge's is not counted.
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
      // The deposit addresses carry no label: both are found by their sweeps to the hot wallet.
      const freeze = r.endpoints
        .filter((e) => freezerNames(e.freezableBy).length > 0)
        .map((e) => `${e.address} ${e.asset} ${e.amount} ${freezerNames(e.freezableBy).join('+')}`)
        .sort()
      const want = [
        `${DEPOSIT_ETH} native ${60n * E18} Harbor Exchange (exchange)`,
        `${DEPOSIT_USDX} native ${hand.atDepositUsdx * E18} Harbor Exchange (exchange)`,
        `${DEPOSIT_USDX} ${USDX} ${1_500_000n * E6} Harbor Exchange (exchange)+USDX issuer (issuer)`,
        `${SPLIT8} ${USDX} ${2_000_000n * E6} USDX issuer (issuer)`,
      ].sort()
      assert.deepEqual(freeze, want)
      for (const a of [DEPOSIT_ETH, DEPOSIT_USDX]) {
        assert.equal(r.endpoints.find((e) => e.address === a)?.depositAddress, true, `${a} found by the sweep rule`)
      }
      const held = (a: string) => r.endpoints.find((e) => e.address === a && e.category === 'held')?.amount ?? 0n
      assert.equal(held(MIXED), hand.mixed * E18, 'what the mixing wallet keeps')
      assert.equal(held(CASH_OUT), hand.cashOut * E18, 'what the cash-out wallet got')
    })
  }

  test('every freeze target is explained by stored transactions, from a theft transaction to the target', async () => {
    const r = await traceHeist(store, run.manifest, 'haircut')
    const hashes = new Set<string>()
    for await (const b of store.read('transactions', { chain: 'demo' })) for (const t of b) hashes.add(t.hash as string)
    const targets = r.endpoints.filter((x) => freezerNames(x.freezableBy).length > 0)
    assert.equal(targets.length, 4)
    for (const e of targets) {
      assert.equal(e.path.at(-1)?.to, e.address)
      // The path explains this asset: the 60 ETH at the USDX deposit address came from the mixing wallet, not
      // along the USDX route that reached the same address earlier.
      assert.equal(e.path.at(-1)?.asset, e.asset, `${e.address} ${e.asset}: the path carries its asset`)
      assert.ok(e.path.length <= e.hop, `${e.address} ${e.asset}: ${e.path.length} transfers at hop ${e.hop}`)
      assert.ok(
        [SEED_ETH, SEED_USDX].includes(e.path[0]?.tx ?? ''),
        `${e.address} ${e.asset}: path starts at the theft`,
      )
      for (const step of e.path) assert.ok(hashes.has(step.tx), `${step.tx} is stored`)
    }
    const ethAtUsdxDeposit = targets.find((x) => x.address === DEPOSIT_USDX && x.asset === 'native')
    assert.equal(ethAtUsdxDeposit?.path.at(-2)?.to, MIXED, 'the ETH reached the deposit address from the mixing wallet')
  })

  test('the check catches a wrong total, a wrong held balance, a missing freezer and a tainted bystander', async () => {
    const r = await traceHeist(store, run.manifest, 'fifo')
    const bystander = run.manifest.expected.untainted[0]!
    const wrong: TraceResult = {
      ...r,
      totals: { ...r.totals, native: { ...r.totals.native!, mixer: r.totals.native!.mixer + 1n } },
      endpoints: [
        ...r.endpoints.map((e) => (e.address === SPLIT8 ? { ...e, freezableBy: [] } : e)),
        { ...r.endpoints[0]!, address: bystander.address, category: 'held', asset: 'native', freezableBy: [] },
      ],
    }
    const failing = (x: TraceResult) =>
      checkAgainstGroundTruth(x, run.manifest)
        .filter((c) => !c.ok)
        .map((c) => `${c.kind} ${c.subject}`)
    // What the tampering adds to the figures that already differ (none, once the engine agrees everywhere).
    const before = new Set(failing(r))
    assert.deepEqual(
      failing(wrong).filter((f) => !before.has(f)),
      [
        'total ETH mixer',
        `endpoint held poolUser ${bystander.address} ETH`,
        `freeze split8 ${SPLIT8} USDX`,
        `clean poolUser ${bystander.address}`,
      ],
    )
  })

  test('honest addresses next to the laundering carry no taint in any model', async () => {
    assert.equal(run.manifest.expected.untainted.length, 5)
    for (const model of ['poison', 'haircut', 'fifo'] as const) {
      const r = await traceHeist(store, run.manifest, model)
      for (const u of run.manifest.expected.untainted) {
        assert.equal(
          r.edges.some((e) => e.to === u.address && e.tainted > 0n),
          false,
          `${model}: ${u.key}`,
        )
        assert.equal(
          r.endpoints.some((e) => e.address === u.address),
          false,
          `${model}: ${u.key}`,
        )
      }
    }
  })
})

/** The words of a printed `npx dragnet ...` command, as CLI arguments. */
const argsOf = (command: string) => command.replace(/^npx dragnet /, '').split(' ')

describe('dragnet demo (npm run demo)', () => {
  const db = join(dir, 'cli.duckdb')
  let out: { code: number; stdout: string; stderr: string }
  before(async () => {
    out = await runCli(['demo', '--db', db])
  })

  test('prints the theft transactions, the report and a ground-truth check where every figure agrees', () => {
    assert.match(out.stdout, new RegExp(`${SEED_ETH}\\s+1000 ETH`))
    assert.match(out.stdout, new RegExp(`${SEED_USDX}\\s+5000000 USDX`))
    assert.match(out.stdout, /What to freeze where/)
    assert.doesNotMatch(out.stdout, /DIFF/)
    assert.match(out.stdout, /all agree\./)
    assert.equal(out.code, 0, out.stderr)
  })

  test('prints a trace command that reproduces the trace, and one that explains the USDX deposit', async () => {
    const commands = out.stdout.split('\n').filter((l) => l.trim().startsWith('npx dragnet trace'))
    assert.equal(commands.length, 3)
    const [trace, explain, across] = commands.map((c) => c.trim()) as [string, string, string]
    assert.equal(across, `${trace} --cross-chain --btc-chain demo-bitcoin`)
    assert.equal(
      trace,
      `npx dragnet trace --db ${db} --chain demo --seed ${SEED_ETH} --seed ${SEED_USDX} --from-block 22 --model haircut`,
    )
    assert.equal(explain, `${trace} --explain ${DEPOSIT_USDX}`)

    // The command, run as printed, gives the demo's trace figure for figure.
    const again = await runCli([...argsOf(trace), '--json'])
    assert.equal(again.code, 0, again.stderr)
    const r = JSON.parse(again.stdout) as { totals: unknown; endpoints: { address: string; amount: string }[] }
    const demo = await traceHeist(store, run.manifest, 'haircut')
    const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)))
    assert.deepEqual(r.totals, plain(demo.totals))
    assert.deepEqual(
      r.endpoints.map((e) => `${e.address} ${e.amount}`),
      demo.endpoints.map((e) => `${e.address} ${e.amount}`),
    )
    // The USDX deposit is reached: explained from the USDX theft through split7 to the deposit.
    const x = await runCli(argsOf(explain))
    assert.equal(x.code, 0, x.stderr)
    assert.doesNotMatch(x.stdout, /not reached/)
    const deposit = run.manifest.expected.endpoints.find((e) => e.address === DEPOSIT_USDX && e.asset === USDX)
    for (const tx of [SEED_USDX, deposit?.arrivalTx ?? '']) assert.ok(x.stdout.includes(tx), `${tx} in the explanation`)
  })

  test('keeps its world in its own store file, never in the default store or $DRAGNET_DB', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dragnet-demo-cwd-'))
    const previous = { cwd: process.cwd(), db: process.env.DRAGNET_DB }
    process.chdir(cwd)
    process.env.DRAGNET_DB = join(cwd, 'users-store.duckdb')
    try {
      const out = await runCli(['demo', '--model', 'fifo', '--json'])
      const body = JSON.parse(out.stdout) as { store: string; command: string }
      assert.equal(body.store, './dragnet-data/demo.duckdb')
      assert.match(body.command, /--db \.\/dragnet-data\/demo\.duckdb --chain demo .* --model fifo$/)
      assert.equal(existsSync(join(cwd, 'dragnet-data', 'demo.duckdb')), true)
      assert.equal(existsSync(join(cwd, 'dragnet-data', 'dragnet.duckdb')), false)
      assert.equal(existsSync(join(cwd, 'users-store.duckdb')), false)
      // README's screening example answers from the user's store as before the demo: the Lazarus Group.
      const screened = await runCli(['screen', '0x098B716B8Aaf21512996dC57EB0615e2383E2f96', '--json'])
      const hit = JSON.parse(screened.stdout) as { results: { labels: { category: string; name: string }[] }[] }
      assert.ok(
        hit.results[0]?.labels.some((l) => l.category === 'sanctioned' && l.name === 'Lazarus Group'),
        screened.stdout,
      )
    } finally {
      process.chdir(previous.cwd)
      if (previous.db === undefined) delete process.env.DRAGNET_DB
      else process.env.DRAGNET_DB = previous.db
      rmSync(cwd, { recursive: true, force: true })
    }
  })
})
