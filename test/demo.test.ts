import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { silentLogger } from '../src/core/logger.ts'
import { checkAgainstGroundTruth, freezerNames } from '../src/demo/heist-checks.ts'
import { type HeistDemoRun, playAndIngestHeist, traceHeist } from '../src/demo/heist-demo.ts'
import { checkThroughMixers, heistPastMixers, scoreDemoRules } from '../src/demo/mixer-demo.ts'
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
  // The world `npm run demo` plays: with the THORChain swap and its Bitcoin leg, then the mixer leg.
  run = await playAndIngestHeist({ logger: silentLogger() }, store, undefined, { crossChain: true, mixers: true })
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

/**
 * The mixer leg pays note 0 back to split3, its depositor, less the relayer's 0.3 ETH: 99.7 ETH that poison
 * holds as taint at split3 (a followed address); haircut and FIFO see clean ETH arriving at an emptied wallet.
 */
const RETURNED_TO_SPLIT3 = { poison: 997n * 10n ** 17n, haircut: 0n, fifo: 0n } as const
const DEPOSIT_W1 = '0xc004e69c5c04a223463ff32042dd36dabf63a25a'

describe('the heist demo, traced with each model', () => {
  test('ingest stores the whole heist, internal transfers included', () => {
    // 66 blocks and 65 transactions of the heist, then the THORChain router's deployment and split 5's deposit,
    // then the mixer leg's 47 (docs/demo-world.md): 2 pool deployments, 13 fundings, 12 deposits before the
    // attacker's withdrawals, notes 0 and 1 withdrawn, W1's payment and its sweep, 6 careless withdrawals,
    // linkedOut's payment, the timing deposit and withdrawal, and 7 withdrawals on day 1.
    assert.equal(run.ingest.blocks, 68 + 47)
    assert.equal(run.ingest.transactions, 67 + 47)
    // 52 transfers up to the USDX bridge, then 11: five plain ETH sends of the mixing leg and sweep, Harbor's
    // withdrawal, the mixer's internal payout, the pool user's wrap (ETH in, WETH minted) and swap (WETH in, USDX out);
    // then 2: split 5's 40 ETH to the router, and the router's internal call passing them to the vault. The mixer
    // leg adds 59: 13 fundings, 13 deposits, 3 plain payments (W1's, its sweep, linkedOut's; the deployments move
    // no value) and 30 internal payouts of 16 withdrawals: 14 relayed ones pay the recipient and the relayer's
    // fee, the 2 direct ones (W1's and gasOut's) the recipient only.
    assert.equal(run.ingest.transfers, 65 + 59)
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
        held: (hand.heldEth - 40n) * E18 + RETURNED_TO_SPLIT3[model],
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

describe('the heist demo past the mixer pools (--through-mixers)', () => {
  const entity = (key: string) => run.manifest.entities.find((e) => e.key === key)?.address
  for (const model of ['poison', 'haircut', 'fifo'] as const) {
    test(`${model}: notes 0 and 1 are followed by their rules, note 2 stays unlinked, exact figures untouched`, async () => {
      const exact = await traceHeist(store, run.manifest, model)
      // On a trace of its own, so that the comparison would see the layer changing what it was given.
      const r = await heistPastMixers(store, run.manifest, await traceHeist(store, run.manifest, model))
      assert.deepEqual(r.totals, exact.totals)
      assert.deepEqual(r.endpoints, exact.endpoints)
      const p = r.probable
      assert.ok(p)
      const leg = run.manifest.mixerLeg
      assert.ok(leg)
      const note = (key: string) => leg.notes.find((n) => n.key === key)
      // The three stolen notes, each 100 ETH of stolen ETH in every model (split3 held only stolen ETH).
      assert.deepEqual(
        p.deposits.map((d) => [d.tx, d.tainted]),
        ['heist-0', 'heist-1', 'heist-2'].map((k) => [note(k)?.depositTx, 100n * E18]),
      )
      assert.deepEqual(
        p.links.map((l) => [l.deposit.tx, l.withdrawal.tx, l.rules.map((x) => x.rule).join('+')]),
        [
          [note('heist-0')?.depositTx, note('heist-0')?.withdrawalTx, 'address-match'],
          [note('heist-1')?.depositTx, note('heist-1')?.withdrawalTx, 'gas-price'],
        ],
      )
      assert.deepEqual(p.unlinked, { native: 100n * E18 })
      // Past the links: split3 keeps note 0 less the relayer's 0.3 ETH, which the relayer keeps; W1 adds its
      // 0.01 clean ETH of gas money to note 1 and pays all 100.01 ETH to its Harbor deposit address: poison taints
      // the whole payment, haircut and FIFO the note's 100 ETH.
      const w1Deposit = model === 'poison' ? 10001n * 10n ** 16n : 100n * E18
      // The relayer keeps note 0's 0.3 ETH fee; poison also holds every later fee it is paid, and note 0's is the
      // first relayed withdrawal of the leg: all its fees, 2 × 0.3 + 2 × 0.03 + 3 × 0.003 = 0.669 ETH.
      const relayerFee = model === 'poison' ? 669n * 10n ** 15n : 3n * 10n ** 17n
      assert.deepEqual(
        p.endpoints.map((e) => `${e.category} ${e.address} ${e.amount}`).sort(),
        [
          `held ${entity('split3')} ${997n * 10n ** 17n}`,
          `held ${leg.relayers[0]} ${relayerFee}`,
          `exchange ${DEPOSIT_W1} ${w1Deposit}`,
        ].sort(),
      )
      const target = p.endpoints.find((e) => e.address === DEPOSIT_W1)
      assert.equal(target?.depositAddress, true)
      assert.deepEqual(freezerNames(target?.freezableBy ?? []), ['Harbor Exchange (exchange)'])
      assert.equal(target?.link, p.links[1]?.id)
      assert.deepEqual(target?.rules, ['gas-price'])
      assert.deepEqual(
        checkThroughMixers(r, run.manifest, model).filter((c) => !c.ok),
        [],
      )
    })
  }

  test('each rule alone finds the notes planted for it and links no careful user', async () => {
    const scores = await scoreDemoRules(store, run.manifest)
    // docs/demo-world.md's truth table: address-match heist-0 and same-address; gas-price heist-1 and gas;
    // linked-addresses linked; multi-denomination the three multi notes; timing the timing note.
    assert.deepEqual(
      scores.map((x) => [x.rule, x.planted, x.found, x.linked - x.correct, x.crowd]),
      [
        ['address-match', 2, 2, 0, 0],
        ['gas-price', 2, 2, 0, 0],
        ['linked-addresses', 1, 1, 0, 0],
        ['multi-denomination', 3, 3, 0, 0],
        ['timing', 1, 1, 0, 0],
      ],
    )
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
    assert.equal(commands.length, 5)
    const [trace, explain, across, through, explainThrough] = commands.map((c) => c.trim()) as string[] as [
      string,
      string,
      string,
      string,
      string,
    ]
    assert.equal(across, `${trace} --cross-chain --btc-chain demo-bitcoin`)
    assert.equal(through, `${trace} --through-mixers`)
    assert.equal(explainThrough, `${trace} --explain ${DEPOSIT_W1} --through-mixers`)
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
