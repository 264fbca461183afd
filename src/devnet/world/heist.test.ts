import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { decodeEventLog, encodeFunctionData, getAddress, parseEther } from 'viem'
import { DragnetError } from '../../core/errors.ts'
import type { Address } from '../../core/hex.ts'
import type { Asset } from '../../core/types.ts'
import { type Anvil, startAnvil } from '../anvil.ts'
import type { ActorKey } from './actors.ts'
import { deployWorld, startWorldAnvil } from './deploy-world.ts'
import { impliedDeltas, verifyAgainstChain } from './ground-truth.ts'
import { type HeistManifest, serializeManifest } from './manifest.ts'
import { playHeist } from './play-heist.ts'
import { addressOf, callContract, readContract, type World, ZERO_FEES } from './world-driver.ts'

const eth = (n: string) => parseEther(n)
const usdx = (n: number) => BigInt(n) * 1_000_000n

const TOPICS = {
  transfer: '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
  v2Swap: '0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822',
  v2Sync: '0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1',
  wethWithdrawal: '0x7fcf532c15f0a6db0bd6d0e038bea71d30d808c7d98cb3bf7268a95bf5081b65',
  tornadoDeposit: '0xa945e51eec50ab98c161376f0db4cf2aeba3ec92755fe2fcd388bdbbb80ff196',
}

async function playOnFreshAnvil(): Promise<{ anvil: Anvil; world: World; manifest: HeistManifest }> {
  const anvil = await startWorldAnvil()
  try {
    const world = await deployWorld(anvil.rpcUrl)
    return { anvil, world, manifest: await playHeist(world) }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}

describe('the heist demo world', () => {
  let anvil: Anvil
  let world: World
  let manifest: HeistManifest

  before(async () => {
    ;({ anvil, world, manifest } = await playOnFreshAnvil())
  })
  after(async () => {
    await anvil?.stop()
  })

  const balance = async (address: Address, asset: 'ETH' | 'USDX' | 'WETH'): Promise<bigint> => {
    if (asset === 'ETH') return await world.clients.deployer.getBalance({ address })
    return (await readContract(world, asset === 'USDX' ? 'usdx' : 'weth', 'balanceOf', [address])) as bigint
  }

  it('leaves every actor and service with exact final balances', async () => {
    const expected: [ActorKey, bigint, bigint][] = [
      ['victim', 0n, 0n],
      ['attacker', 0n, 0n],
      ['split1', 0n, 0n],
      ['split2', 0n, 0n],
      ['split3', 0n, 0n],
      ['split4', 0n, 0n],
      ['split5', eth('100'), 0n],
      ['split6', 0n, 0n],
      ['split7', 0n, 0n],
      ['split8', 0n, usdx(2_000_000)],
      ['peel1', 0n, 0n],
      ['peel4', 0n, 0n],
      ['side1', eth('10'), 0n],
      ['side2', eth('10'), 0n],
      ['side3', eth('10'), 0n],
      ['side4', eth('10'), 0n],
      ['forwardA', eth('50'), 0n],
      ['forwardB', eth('50'), 0n],
      ['forwardC', eth('100'), 0n],
      ['depositEth', 0n, 0n],
      ['depositUsdx', 0n, usdx(1_500_000)],
      ['depositCustomer', 0n, 0n],
      // 500 float + 50 customer + 60 and 120 swept - 30 paid to the customer.
      ['hotWallet', eth('700'), usdx(2_000_000)],
      ['mixerRecipient', eth('100'), 0n],
      ['mixerRecipient2', eth('100'), 0n],
      ['bridgeRecipient', 0n, 0n],
      ['mixed', eth('20'), 0n],
      ['cashOut', eth('60'), 0n],
      // 40 WETH in at reserves 3,600 WETH / 9,973,000 USDX: 40e18*997*9973000e6 / (3600e18*1000 + 40e18*997).
      ['poolUser', eth('9960'), 109_268_228_622n],
      ['cleanFunder', eth('9900'), 0n],
    ]
    for (const [actor, wantEth, wantUsdx] of expected) {
      const address = addressOf(world, actor)
      assert.equal(await balance(address, 'ETH'), wantEth, `${actor} ETH`)
      assert.equal(await balance(address, 'USDX'), wantUsdx, `${actor} USDX`)
    }
    const c = world.contracts
    assert.equal(await balance(c.bridge.address, 'ETH'), eth('600'))
    assert.equal(await balance(c.bridge.address, 'USDX'), usdx(500_000))
    assert.equal(await balance(c.mixer.address, 'ETH'), eth('300'))
    assert.equal(await balance(c.forwarder.address, 'ETH'), 0n)
    assert.equal(await balance(c.pair.address, 'USDX'), usdx(9_973_000) - 109_268_228_622n)
    assert.equal(await balance(c.pair.address, 'WETH'), eth('3640'))
    assert.equal(await balance(c.weth.address, 'ETH'), eth('3640'))
  })

  it('writes the ground truth per model: where the 1,000 ETH and 5,000,000 USDX ended, per category', () => {
    const usdxAsset = world.contracts.usdx.address
    assert.deepEqual(manifest.stolen, [
      { asset: 'native', amount: eth('1000') },
      { asset: usdxAsset, amount: usdx(5_000_000) },
    ])
    // By hand: 340 ETH held and 60 at depositEth in every model; the mixing wallet (100 stolen, then 100 clean;
    // pays 120 to depositUsdx, 60 to cashOut, keeps 20) adds poison 120/60+20, haircut 60/30+10, FIFO 100/0+0.
    const ethTotals = (exchange: string, held: string) => ({
      asset: 'native',
      stolen: eth('1000'),
      exchange: eth(exchange),
      bridge: eth('200'),
      mixer: eth('300'),
      held: eth(held),
      issuerFreezable: 0n,
    })
    const usdxTotals = {
      asset: usdxAsset,
      stolen: usdx(5_000_000),
      exchange: usdx(1_500_000),
      bridge: usdx(1_500_000),
      mixer: 0n,
      held: usdx(2_000_000),
      issuerFreezable: usdx(3_500_000),
    }
    assert.deepEqual(manifest.expected.models.poison.totals, [ethTotals('180', '420'), usdxTotals])
    assert.deepEqual(manifest.expected.models.haircut.totals, [ethTotals('120', '380'), usdxTotals])
    assert.deepEqual(manifest.expected.models.fifo.totals, [ethTotals('160', '340'), usdxTotals])
    assert.deepEqual(manifest.expected.models.poison.absorbed, [{ asset: 'native', amount: eth('100') }])
    assert.deepEqual(manifest.expected.models.haircut.absorbed, [])
    const nativeNow = (m: 'poison' | 'haircut' | 'fifo') => manifest.expected.models[m].assets[0]
    assert.deepEqual(nativeNow('fifo'), {
      asset: 'native',
      stolen: eth('1000'),
      swappedIn: eth('400'),
      exchange: eth('160'),
      bridge: eth('600'),
      mixer: eth('300'),
      dex: 0n,
      held: eth('340'),
      issuerFreezable: 0n,
    })
    assert.deepEqual(manifest.expected.models.haircut.assets.slice(1), [
      {
        asset: usdxAsset,
        stolen: usdx(5_000_000),
        swappedIn: 0n,
        exchange: usdx(1_500_000),
        bridge: usdx(500_000),
        mixer: 0n,
        dex: usdx(1_000_000),
        held: usdx(2_000_000),
        issuerFreezable: usdx(3_500_000),
      },
      {
        asset: world.contracts.weth.address,
        stolen: 0n,
        swappedIn: eth('400'),
        exchange: 0n,
        bridge: 0n,
        mixer: 0n,
        dex: eth('400'),
        held: 0n,
        issuerFreezable: 0n,
      },
    ])
    const summary = manifest.expected.endpoints.map(
      (e) => `${e.category} ${e.name} ${e.asset === 'native' ? 'ETH' : 'USDX'} ${e.amount} ${e.freezableBy.join('+')}`,
    )
    assert.deepEqual(summary, [
      'held Peel side address 1 ETH 10000000000000000000 ',
      'held Peel side address 2 ETH 10000000000000000000 ',
      'held Peel side address 3 ETH 10000000000000000000 ',
      'held Peel side address 4 ETH 10000000000000000000 ',
      'exchange Harbor Exchange deposit address ETH 60000000000000000000 exchange',
      'bridge Bridge ETH 200000000000000000000 ',
      'mixer Mixer (100 ETH pool) ETH 100000000000000000000 ',
      'mixer Mixer (100 ETH pool) ETH 100000000000000000000 ',
      'mixer Mixer (100 ETH pool) ETH 100000000000000000000 ',
      'held Forwarder split recipient A ETH 50000000000000000000 ',
      'held Forwarder split recipient B ETH 50000000000000000000 ',
      'held Forwarder recipient C ETH 100000000000000000000 ',
      'held Split wallet 5 (dormant) ETH 100000000000000000000 ',
      'bridge Bridge ETH 400000000000000000000 ',
      'exchange Harbor Exchange deposit address USDX 1500000000000 exchange+issuer',
      'bridge Bridge USDX 500000000000 ',
      'held Split wallet 8 (dormant USDX) USDX 2000000000000 issuer',
    ])
    const swept = manifest.expected.endpoints[4]!
    assert.equal(swept.address, addressOf(world, 'depositEth'))
    assert.equal(swept.heldBy, addressOf(world, 'hotWallet'))
    assert.deepEqual(manifest.expected.endpoints[13]!.origin, { asset: usdxAsset, amount: usdx(1_000_000) })
    const mixing = (m: 'poison' | 'haircut' | 'fifo') =>
      manifest.expected.models[m].endpoints.slice(manifest.expected.endpoints.length).map((e) => {
        const key = manifest.entities.find((x) => x.address === e.address)?.key
        return `${e.category} ${key} ${e.amount / 10n ** 18n} ${e.freezableBy.join('+')}`
      })
    assert.deepEqual(mixing('poison'), ['exchange depositUsdx 120 exchange', 'held cashOut 60 ', 'held mixed 20 '])
    assert.deepEqual(mixing('haircut'), ['exchange depositUsdx 60 exchange', 'held cashOut 30 ', 'held mixed 10 '])
    assert.deepEqual(mixing('fifo'), ['exchange depositUsdx 100 exchange'])
    assert.deepEqual(
      manifest.expected.untainted.map((u) => u.key),
      ['poolUser', 'mixerRecipient2', 'customer', 'cleanFunder', 'depositCustomer'],
    )
  })

  it('records the seeds, block range, reproducible times and labels', async () => {
    assert.equal(manifest.chainId, 31337)
    assert.deepEqual(manifest.setupBlocks, { from: 1n, to: 21n })
    assert.deepEqual(manifest.heistBlocks, { from: 22n, to: 65n })
    assert.deepEqual(manifest.heistTime, { from: 1_740_000_264n, to: 1_740_000_780n })
    assert.deepEqual(manifest.seeds.addresses, ['0x71be63f3384f5fb98995898a86b02fb2426c5788'])
    // The drain of the ETH is the victim's first transaction: its hash depends only on the fixed key and amounts.
    assert.equal(manifest.seeds.transactions[0], '0x579e46114c1122b6c9f40b1efcfa4c91ee444396af1838363645308ce117042d')
    assert.equal(manifest.seeds.transactions.length, 2)
    for (const hash of manifest.seeds.transactions) {
      const tx = await world.clients.deployer.getTransaction({ hash })
      assert.equal(tx.from, addressOf(world, 'victim'))
      assert.equal(tx.blockNumber! >= 22n, true)
    }
    const byKey = new Map(manifest.entities.map((e) => [e.key, e]))
    assert.deepEqual(byKey.get('hotWallet')?.label, {
      category: 'hot-wallet',
      name: 'Harbor Exchange hot wallet',
      entity: 'Harbor Exchange',
    })
    assert.equal(byKey.get('pair')?.label?.category, 'dex')
    assert.equal(byKey.get('forwarder')?.label, null)
    assert.equal(byKey.get('split3')?.label, null)
    // Deposit addresses are found by their sweeps, never by a label.
    for (const k of ['depositEth', 'depositUsdx', 'depositCustomer']) assert.equal(byKey.get(k)?.label, null, k)
    const json = JSON.parse(serializeManifest(manifest))
    assert.equal(json.stolen[0].amount, '1000000000000000000000')
  })

  it('emits the event signatures tracers key on', async () => {
    const [swap, unwrap] = manifest.expected.conversions
    const swapLogs = (await world.clients.deployer.getTransactionReceipt({ hash: swap!.hash })).logs
    assert.deepEqual(
      swapLogs.map((l) => l.topics[0]),
      [TOPICS.transfer, TOPICS.transfer, TOPICS.v2Sync, TOPICS.v2Swap],
    )
    const swapEvent = decodeEventLog({ abi: world.contracts.pair.abi, ...swapLogs[3]! })
    assert.equal(swapEvent.eventName, 'Swap')
    assert.deepEqual(swapEvent.args, {
      sender: getAddress(world.contracts.router.address),
      amount0In: usdx(1_000_000),
      amount1In: 0n,
      amount0Out: 0n,
      amount1Out: eth('400'),
      to: getAddress(addressOf(world, 'split6')),
    })
    const unwrapLogs = (await world.clients.deployer.getTransactionReceipt({ hash: unwrap!.hash })).logs
    assert.deepEqual(
      unwrapLogs.map((l) => l.topics[0]),
      [TOPICS.wethWithdrawal],
    )
    const mixerTx = manifest.transactions.find((t) => t.step === 'mixer')!
    const mixerLogs = (await world.clients.deployer.getTransactionReceipt({ hash: mixerTx.hash })).logs
    assert.deepEqual(
      mixerLogs.map((l) => l.topics[0]),
      [TOPICS.tornadoDeposit],
    )
  })

  it('fails the ground-truth check when the story and the chain disagree', async () => {
    const tampered = manifest.expected.endpoints.map((e, i) => (i === 0 ? { ...e, amount: e.amount + 1n } : e))
    const implied = impliedDeltas(
      addressOf(world, 'victim'),
      manifest.stolen as { asset: Asset; amount: bigint }[],
      tampered,
      manifest.expected.conversions,
      manifest.expected.mixing,
      manifest.expected.clean,
    )
    await assert.rejects(
      verifyAgainstChain(
        world,
        manifest.entities.map((e) => e.address),
        implied,
        {
          before: manifest.heistBlocks.from - 1n,
          after: manifest.heistBlocks.to,
        },
      ),
      (error: unknown) => error instanceof DragnetError && error.code === 'CHAIN_INCONSISTENT',
    )
  })

  // Changes the chain after the heist, so it runs last.
  it('lets the issuer freeze the unswept deposit address, after which its transfer reverts', async () => {
    const frozen = addressOf(world, 'depositUsdx')
    const log = { phase: 'heist' as const, step: 'freeze', note: 'freeze' }
    await assert.rejects(callContract(world, 'attacker', 'usdx', 'freeze', [frozen], log), /Stablecoin: not issuer/)
    await callContract(world, 'issuer', 'usdx', 'freeze', [frozen], log)
    assert.equal(await readContract(world, 'usdx', 'isFrozen', [frozen]), true)
    const data = encodeFunctionData({
      abi: world.contracts.usdx.abi,
      functionName: 'transfer',
      args: [addressOf(world, 'hotWallet'), 1n],
    })
    await assert.rejects(
      world.clients.depositUsdx.sendTransaction({ to: world.contracts.usdx.address, data, ...ZERO_FEES }),
      /Stablecoin: sender frozen/,
    )
    await callContract(world, 'issuer', 'usdx', 'unfreeze', [frozen], log)
    await callContract(world, 'depositUsdx', 'usdx', 'transfer', [addressOf(world, 'hotWallet'), 1n], log)
    assert.equal(await balance(frozen, 'USDX'), usdx(1_500_000) - 1n)
  })
})

describe('determinism and preconditions', () => {
  it('gives identical transactions and manifests when played twice on fresh anvils', async () => {
    const runs: string[] = []
    for (const _ of [1, 2]) {
      const { anvil, manifest } = await playOnFreshAnvil()
      await anvil.stop()
      runs.push(serializeManifest(manifest))
    }
    assert.equal(runs[0], runs[1])
    const hashes = (JSON.parse(runs[0]!) as HeistManifest).transactions.map((t) => t.hash)
    assert.equal(hashes.length, 65)
    assert.equal(new Set(hashes).size, 65)
  })

  it('refuses an anvil that does not start at the fixed genesis time', async () => {
    const plain = await startAnvil()
    try {
      await assert.rejects(
        deployWorld(plain.rpcUrl),
        (error: unknown) => error instanceof DragnetError && error.code === 'INVALID_ARGUMENT',
      )
    } finally {
      await plain.stop()
    }
  })
})
