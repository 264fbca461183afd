import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type Address, encodeFunctionData, type Hash, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { type Anvil, DEFAULT_MNEMONIC, startAnvil } from '../src/devnet/anvil.ts'
import { loadArtifact } from '../src/devnet/artifact.ts'
import { deployContract } from '../src/devnet/deploy.ts'
import { confirm, createDevnetClient, devnetChain } from '../src/devnet/devnet-client.ts'
import { errorOf, runCli } from './support/run-cli.ts'

// Block times are set one by one, so every price and transfer has a time worked out here, not read back.
const T0 = 1_740_096_000 // 2025-02-21T00:00:00Z
const alice = mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: 0 })
const bob = mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: 1 })
const carol = mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: 2 }).address
const TOKEN = '0x00000000000000000000000000000000000000aa'
const PHASE = 1n << 64n

interface World {
  aggregator: Address
  proxy: Address
  tokenFeed: Address
  /** Block of each step, by name. */
  block: Record<string, bigint>
  last: bigint
}

let anvil: Anvil
let world: World
const dir = mkdtempSync(join(tmpdir(), 'dragnet-price-feeds-'))

async function rpc(method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(anvil.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await res.json()) as { result: unknown }).result
}

/**
 * ETH/USD (8 decimals) behind a proxy: round 1 = 2700 at T0+100 (deployment), round 2 = 2739.15 at T0+2000,
 * round 3 = 0 at T0+3000 (no price), round 4 = 2650.12345678 at T0+4000. A token feed: 0.9998 at T0+300.
 * Transfers: alice -> bob 1.5 ETH at T0+1000, bob -> carol 1 ETH at T0+5000.
 */
async function playWorld(): Promise<World> {
  const wallet = createDevnetClient(anvil.rpcUrl, alice, devnetChain(31337, anvil.rpcUrl))
  const bobWallet = createDevnetClient(anvil.rpcUrl, bob, devnetChain(31337, anvil.rpcUrl))
  const aggAbi = loadArtifact('PriceFeedAggregator').abi
  const block: Record<string, bigint> = {}
  const at = async (offset: number) => void (await rpc('evm_setNextBlockTimestamp', [T0 + offset]))
  const mined = async (name: string, hash: Hash) => {
    block[name] = (await confirm(wallet, hash, name)).blockNumber
  }
  await at(100)
  const agg = await deployContract(wallet, loadArtifact('PriceFeedAggregator'), [8, 'ETH / USD', 270_000_000_000n])
  block.round1 = agg.blockNumber
  await at(200)
  const proxy = await deployContract(wallet, loadArtifact('PriceFeedProxy'), [agg.address, 1])
  await at(300)
  const tokenFeed = await deployContract(wallet, loadArtifact('PriceFeedAggregator'), [8, 'USDX / USD', 99_980_000n])
  await at(1000)
  await mined('pay', await wallet.sendTransaction({ to: bob.address, value: parseEther('1.5') }))
  const update = async (name: string, offset: number, answer: bigint) => {
    await at(offset)
    const data = encodeFunctionData({ abi: aggAbi, functionName: 'updateAnswer', args: [answer] })
    await mined(name, await wallet.sendTransaction({ to: agg.address, data }))
  }
  await update('round2', 2000, 273_915_000_000n)
  await update('round3', 3000, 0n)
  await update('round4', 4000, 265_012_345_678n)
  await at(5000)
  await mined('pay2', await bobWallet.sendTransaction({ to: carol, value: parseEther('1') }))
  return {
    aggregator: agg.address,
    proxy: proxy.address,
    tokenFeed: tokenFeed.address,
    block,
    last: block.pay2 as bigint,
  }
}

function feedList(name: string, feeds: object[]): string {
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify({ format: 'dragnet.price-feeds/1', feeds }))
  return path
}

async function ingest(db: string, feeds: string, from: bigint | number, to: bigint | string = 'latest') {
  const run = await runCli(
    ['ingest', 'evm', '--rpc', anvil.rpcUrl, '--chain', 'local', '--from', String(from), '--to', String(to)].concat([
      '--traces',
      'none',
      '--price-feeds',
      feeds,
      '--db',
      db,
      '--json',
    ]),
  )
  assert.equal(run.code, 0, run.stderr)
  return JSON.parse(run.stdout) as { priceFeeds: { points: number; skipped: number; emitter: string | null }[] }
}

interface ShownPrice {
  usdPerUnit: string
  time: string
  source: string
  roundId: string
  block: string | null
}

async function shown(db: string, asset: string): Promise<ShownPrice[]> {
  const run = await runCli(['prices', 'show', '--chain', 'local', '--asset', asset, '--db', db, '--json'])
  assert.equal(run.code, 0, run.stderr)
  return (JSON.parse(run.stdout) as { prices: ShownPrice[] }).prices
}

async function valueAt(db: string, args: string[]) {
  const run = await runCli(['prices', 'value', '--chain', 'local', '--db', db, '--json', ...args])
  assert.equal(run.code, 0, run.stderr)
  return JSON.parse(run.stdout) as { usd: string | null; price?: { usdPerUnit: string; time: string; source: string } }
}

before(async () => {
  anvil = await startAnvil({ timestamp: T0 })
  world = await playWorld()
})
after(async () => {
  await anvil?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('Chainlink price feeds read at ingest (anvil)', () => {
  test('events through a proxy: every round at its block and time, the zero answer skipped', async () => {
    const db = join(dir, 'events.duckdb')
    const feeds = feedList('events.json', [
      { chain: 'local', asset: 'native', feed: world.proxy },
      { asset: TOKEN, feed: world.tokenFeed },
    ])
    const summary = await ingest(db, feeds, 0)
    assert.equal(summary.priceFeeds[0]?.emitter, world.aggregator.toLowerCase())
    assert.equal(summary.priceFeeds[0]?.points, 3)
    assert.equal(summary.priceFeeds[0]?.skipped, 1)
    const source = `chainlink:${world.proxy.toLowerCase()}`
    assert.deepEqual(
      await shown(db, 'native'),
      [
        { usdPerUnit: '2700', time: `${T0 + 100}`, source, roundId: '1', block: `${world.block.round1}` },
        { usdPerUnit: '2739.15', time: `${T0 + 2000}`, source, roundId: '2', block: `${world.block.round2}` },
        { usdPerUnit: '2650.12345678', time: `${T0 + 4000}`, source, roundId: '4', block: `${world.block.round4}` },
      ].map((p) => ({ ...p, date: new Date(Number(p.time) * 1000).toISOString().replace('.000Z', 'Z') })),
    )
    assert.deepEqual(
      (await shown(db, TOKEN)).map((p) => [p.usdPerUnit, p.time]),
      [['0.9998', `${T0 + 300}`]],
    )
  })

  test('values at exact blocks: 1.5 ETH paid at T0+1000 is $4,050 (2700), 1 ETH at T0+5000 is $2,650.12345678', async () => {
    const db = join(dir, 'events.duckdb')
    const pay = await valueAt(db, ['--asset', 'native', '--amount', '1.5', '--block', `${world.block.pay}`])
    assert.equal(pay.usd, '4050')
    assert.equal(pay.price?.time, `${T0 + 100}`)
    const pay2 = await valueAt(db, ['--asset', 'native', '--amount', '1', '--block', `${world.block.pay2}`])
    assert.equal(pay2.usd, '2650.12345678')
    // Round 3 answered 0: between T0+3000 and T0+4000 the price is still round 2's.
    const mid = await valueAt(db, ['--asset', 'native', '--amount', '2', '--at', `${T0 + 3500}`])
    assert.equal(mid.usd, '5478.3')
    // At the second the round was updated, its answer holds.
    const same = await valueAt(db, ['--asset', 'native', '--amount', '1', '--at', `${T0 + 2000}`])
    assert.equal(same.usd, '2739.15')
    const before = await valueAt(db, ['--asset', 'native', '--amount', '1', '--at', `${T0 + 99}`])
    assert.equal(before.usd, null)
    const token = await valueAt(db, ['--asset', TOKEN, '--amount', '250', '--decimals', '6', '--at', `${T0 + 5000}`])
    assert.equal(token.usd, '249.95')
  })

  test('a range starting after an update also stores the round in effect at its first block', async () => {
    const db = join(dir, 'late.duckdb')
    const feeds = feedList('late.json', [{ chain: 'local', asset: 'native', feed: world.proxy }])
    await ingest(db, feeds, world.block.round3 as bigint)
    assert.deepEqual(
      (await shown(db, 'native')).map((p) => [p.usdPerUnit, p.time, p.roundId, p.block]),
      [
        ['2739.15', `${T0 + 2000}`, '2', null],
        ['2650.12345678', `${T0 + 4000}`, '4', `${world.block.round4}`],
      ],
    )
  })

  test("an old range also stores the feed's current round, for values now", async () => {
    const db = join(dir, 'old.duckdb')
    const feeds = feedList('old.json', [{ chain: 'local', asset: 'native', feed: world.proxy }])
    await ingest(db, feeds, 0, world.block.pay as bigint)
    assert.deepEqual(
      (await shown(db, 'native')).map((p) => [p.usdPerUnit, p.time, p.roundId, p.block]),
      [
        ['2700', `${T0 + 100}`, '1', `${world.block.round1}`],
        ['2650.12345678', `${T0 + 4000}`, `${PHASE | 4n}`, null],
      ],
    )
  })

  test('getRoundData walk through the proxy gives the same prices, with phase-encoded round ids', async () => {
    const db = join(dir, 'rounds.duckdb')
    const feeds = feedList('rounds.json', [{ chain: 'local', asset: 'native', feed: world.proxy, read: 'rounds' }])
    const summary = await ingest(db, feeds, world.block.pay as bigint)
    assert.equal(summary.priceFeeds[0]?.skipped, 1)
    assert.deepEqual(
      (await shown(db, 'native')).map((p) => [p.usdPerUnit, p.time, p.roundId, p.block]),
      [
        ['2700', `${T0 + 100}`, `${PHASE | 1n}`, null],
        ['2739.15', `${T0 + 2000}`, `${PHASE | 2n}`, null],
        ['2650.12345678', `${T0 + 4000}`, `${PHASE | 4n}`, null],
      ],
    )
  })

  test('a range without updates stores the round that held at its last block', async () => {
    const db = join(dir, 'quiet.duckdb')
    const feeds = feedList('quiet.json', [{ chain: 'local', asset: 'native', feed: world.proxy }])
    await ingest(db, feeds, world.last, world.last)
    assert.deepEqual(
      (await shown(db, 'native')).map((p) => [p.usdPerUnit, p.time, p.roundId]),
      [['2650.12345678', `${T0 + 4000}`, `${PHASE | 4n}`]],
    )
  })

  test('prices feeds reads the same prices without ingesting blocks; a list without the chain is refused', async () => {
    const db = join(dir, 'feeds-only.duckdb')
    const feeds = feedList('only.json', [{ chain: 'local', asset: 'native', feed: world.proxy }])
    const run = await runCli(
      ['prices', 'feeds', '--rpc', anvil.rpcUrl, '--feeds', feeds, '--chain', 'local'].concat([
        '--from',
        '0',
        '--to',
        'latest',
        '--db',
        db,
        '--json',
      ]),
    )
    assert.equal(run.code, 0, run.stderr)
    assert.equal(JSON.parse(run.stdout).to, `${world.last}`)
    assert.deepEqual(
      (await shown(db, 'native')).map((p) => [p.usdPerUnit, p.time]),
      [
        ['2700', `${T0 + 100}`],
        ['2739.15', `${T0 + 2000}`],
        ['2650.12345678', `${T0 + 4000}`],
      ],
    )
    const other = await runCli(
      ['prices', 'feeds', '--rpc', anvil.rpcUrl, '--feeds', feeds, '--chain', 'base'].concat([
        '--from',
        '0',
        '--to',
        'latest',
        '--db',
        db,
        '--json',
      ]),
    )
    assert.equal(other.code, 2)
    assert.equal(errorOf(other).code, 'INVALID_ARGUMENT')
  })

  test('an address that is not a feed fails with PRICES_FEED_INVALID before anything is ingested', async () => {
    const db = join(dir, 'bad.duckdb')
    const feeds = feedList('bad.json', [{ chain: 'local', asset: 'native', feed: carol }])
    const run = await runCli(
      ['ingest', 'evm', '--rpc', anvil.rpcUrl, '--chain', 'local', '--from', '0', '--to', 'latest'].concat([
        '--price-feeds',
        feeds,
        '--db',
        db,
        '--json',
      ]),
    )
    assert.equal(run.code, 3)
    assert.equal(errorOf(run).code, 'PRICES_FEED_INVALID')
    // Refused before the store was opened: no file, so no blocks and no prices.
    assert.equal(existsSync(db), false)
  })

  test('a malformed feed list fails with PRICES_MALFORMED naming the entry', async () => {
    const feeds = feedList('malformed.json', [{ chain: 'local', asset: 'ETH', feed: world.proxy }])
    const run = await runCli(
      ['ingest', 'evm', '--rpc', anvil.rpcUrl, '--from', '0', '--to', '1', '--price-feeds', feeds, '--json'].concat([
        '--chain',
        'local',
        '--db',
        join(dir, 'm.duckdb'),
      ]),
    )
    assert.equal(run.code, 3)
    assert.equal(errorOf(run).code, 'PRICES_MALFORMED')
    assert.equal(errorOf(run).details.entry, 0)
  })
})
