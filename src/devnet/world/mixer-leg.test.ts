import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { decodeEventLog, parseEther } from 'viem'
import { DragnetError } from '../../core/errors.ts'
import type { Address, Hex } from '../../core/hex.ts'
import type { Asset } from '../../core/types.ts'
import type { Anvil } from '../anvil.ts'
import { loadArtifact } from '../artifact.ts'
import { deployWorld, startWorldAnvil } from './deploy-world.ts'
import { impliedDeltas, verifyAgainstChain } from './ground-truth.ts'
import type { HeistManifest } from './manifest.ts'
import { mixerLegDeltas } from './mixer-leg-truth.ts'
import { playHeist } from './play-heist.ts'
import { addressOf, lower, type World } from './world-driver.ts'

const eth = (n: string) => parseEther(n)
const MIXER_ABI = loadArtifact('Mixer').abi
/** The later of two block times (Math.max takes no bigint). */
function later(a: bigint, b: bigint): bigint {
  if (a > b) return a
  return b
}

interface Played {
  anvil: Anvil
  world: World
  manifest: HeistManifest
}

async function play(mixers: boolean): Promise<Played> {
  const anvil = await startWorldAnvil()
  try {
    const world = await deployWorld(anvil.rpcUrl)
    return { anvil, world, manifest: await playHeist(world, mixers ? { mixers: true } : {}) }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}

describe('the mixer leg', () => {
  let plain: Played
  let leg: Played
  before(async () => {
    plain = await play(false)
    leg = await play(true)
  })
  after(async () => {
    await plain?.anvil.stop()
    await leg?.anvil.stop()
  })

  const truth = () => leg.manifest.mixerLeg!
  const client = () => leg.world.clients.deployer
  const note = (key: string) => truth().notes.find((n) => n.key === key)!
  const balanceChange = async (address: Address, block: bigint) =>
    (await client().getBalance({ address, blockNumber: block })) -
    (await client().getBalance({ address, blockNumber: block - 1n }))

  it('plays last, in its own blocks, and records three pools, two relayers and every note', async () => {
    const m = leg.manifest
    assert.equal(plain.manifest.mixerLeg, undefined)
    assert.deepEqual(truth().blocks, { from: 66n, to: 112n })
    assert.equal(m.heistBlocks.to, 112n)
    const legTxs = m.transactions.filter((t) => t.blockNumber >= 66n)
    assert.equal(legTxs.length, 47)
    assert.equal(new Set(legTxs.map((t) => t.blockNumber)).size, 47)
    // Day 0 to day 1: an hour after the heist's last block, 27 hours long.
    assert.equal(truth().time.from, 1_740_000_780n + 3600n)
    assert.equal(truth().time.to - truth().time.from, 27n * 3600n)
    assert.deepEqual(
      truth().pools.map((p) => [p.name, p.denomination]),
      [
        ['Mixer (100 ETH pool)', eth('100')],
        ['Mixer (10 ETH pool)', eth('10')],
        ['Mixer (1 ETH pool)', eth('1')],
      ],
    )
    assert.equal(truth().pools[0]!.address, leg.world.contracts.mixer.address)
    for (const p of truth().pools) {
      const e = m.entities.find((x) => x.address === p.address)
      assert.deepEqual(e?.label, { category: 'mixer', name: p.name, entity: 'Demo Mixer' })
      assert.equal(await client().getBalance({ address: p.address }), 0n, `${p.name} is emptied`)
    }
    assert.deepEqual(truth().relayers, [addressOf(leg.world, 'relayer1'), addressOf(leg.world, 'relayer2')])
    for (const r of truth().relayers) assert.equal(m.entities.find((x) => x.address === r)?.label, null)
    assert.equal(m.entities.find((x) => x.key === 'depositW1')?.label, null)
    const perPool = truth().pools.map((p) => truth().notes.filter((n) => n.pool === p.address).length)
    assert.deepEqual(perPool, [7, 5, 6])
  })

  it('plants the rules of the truth table, and no others', () => {
    const planted = Object.fromEntries(truth().notes.map((n) => [n.key, `${n.owner}:${n.planted.join('+')}`]))
    assert.deepEqual(planted, {
      'customer-0': 'crowd:',
      'customer-1': 'crowd:',
      'heist-0': 'attacker:address-match',
      'heist-1': 'attacker:gas-price',
      'heist-2': 'attacker:',
      crowd1: 'crowd:',
      crowd2: 'crowd:',
      crowd3: 'crowd:',
      crowd4: 'crowd:',
      crowd5: 'crowd:',
      crowd6: 'crowd:',
      linked: 'careless:linked-addresses',
      'same-address': 'careless:address-match',
      gas: 'careless:gas-price',
      'multi-10': 'careless:multi-denomination',
      'multi-1a': 'careless:multi-denomination',
      'multi-1b': 'careless:multi-denomination',
      timing: 'careless:timing',
    })
    assert.deepEqual(
      truth()
        .notes.filter((n) => n.stolen)
        .map((n) => n.key),
      ['heist-0', 'heist-1', 'heist-2'],
    )
  })

  it('matches every deposit and withdrawal on chain: events, senders and the amounts paid', async () => {
    const denomination = new Map(truth().pools.map((p) => [p.address, p.denomination]))
    for (const n of truth().notes) {
      const d = denomination.get(n.pool)!
      const dep = await client().getTransactionReceipt({ hash: n.depositTx })
      const depTx = await client().getTransaction({ hash: n.depositTx })
      const depLog = dep.logs.find((l) => l.logIndex === n.depositLogIndex)!
      assert.equal(lower(depLog.address), n.pool, n.key)
      const depEvent = decodeEventLog({ abi: MIXER_ABI, data: depLog.data, topics: depLog.topics })
      assert.equal(depEvent.eventName, 'Deposit')
      const depArgs = depEvent.args as unknown as { commitment: Hex; leafIndex: number }
      assert.equal(depArgs.commitment, n.commitment, n.key)
      assert.equal(depArgs.leafIndex, n.leafIndex, n.key)
      assert.equal(lower(depTx.from), n.depositor, n.key)
      assert.equal(depTx.value, d, n.key)
      assert.equal(dep.blockNumber, n.depositBlock)
      if (!n.withdrawalTx) continue
      const wd = await client().getTransactionReceipt({ hash: n.withdrawalTx })
      const wdLog = wd.logs.find((l) => l.logIndex === n.withdrawalLogIndex)!
      const wdEvent = decodeEventLog({ abi: MIXER_ABI, data: wdLog.data, topics: wdLog.topics })
      assert.equal(wdEvent.eventName, 'Withdrawal')
      const w = wdEvent.args as unknown as { to: Address; relayer: Address; fee: bigint; nullifierHash: Hex }
      assert.equal(lower(w.to), n.recipient, n.key)
      assert.equal(lower(w.relayer), n.relayer ?? '0x0000000000000000000000000000000000000000', n.key)
      assert.equal(w.fee, n.fee, n.key)
      assert.equal(w.nullifierHash, n.nullifierHash, n.key)
      // Relayed notes are sent by the relayer; direct ones by the recipient itself.
      assert.equal(lower(wd.from), n.relayer ?? n.recipient, n.key)
      // 0.3% to the relayer: 0.3 ETH of a 100 ETH note.
      assert.equal(n.fee, n.relayer ? (d * 3n) / 1000n : 0n, n.key)
      const block = wd.blockNumber
      assert.equal(await balanceChange(n.pool, block), -d, `${n.key} pool`)
      if (n.relayer) assert.equal(await balanceChange(n.relayer, block), n.fee, `${n.key} relayer`)
      assert.equal(await balanceChange(n.recipient!, block), d - n.fee, `${n.key} recipient`)
    }
  })

  it("withdraws the attacker's notes three ways, and W1's note reaches a Harbor deposit address", async () => {
    const split3 = addressOf(leg.world, 'split3')
    const w1 = addressOf(leg.world, 'w1')
    assert.equal(note('heist-0').recipient, split3)
    assert.equal(note('heist-1').recipient, w1)
    assert.equal(note('heist-1').relayer, null)
    assert.equal(note('heist-2').recipient, addressOf(leg.world, 'w2'))
    const balance = async (key: Parameters<typeof addressOf>[1]) =>
      await client().getBalance({ address: addressOf(leg.world, key) })
    assert.equal(await balance('split3'), eth('99.7'))
    assert.equal(await balance('w2'), eth('99.7'))
    assert.equal(await balance('w1'), 0n)
    assert.equal(await balance('depositW1'), 0n)
    // 700 ETH after the heist, plus W1's 100.01.
    assert.equal(await balance('hotWallet'), eth('800.01'))
    const [target] = truth().probable
    assert.equal(truth().probable.length, 1)
    assert.equal(target!.address, addressOf(leg.world, 'depositW1'))
    assert.equal(target!.heldBy, addressOf(leg.world, 'hotWallet'))
    assert.equal(target!.amount, eth('100.01'))
    assert.equal(target!.fromNote, eth('100'))
    assert.equal(target!.note.withdrawalTx, note('heist-1').withdrawalTx)
    assert.equal(target!.note.commitment, note('heist-1').commitment)
    const arrival = await client().getTransaction({ hash: target!.arrivalTx })
    assert.deepEqual([lower(arrival.from), lower(arrival.to!), arrival.value], [w1, target!.address, eth('100.01')])
    const sweep = await client().getTransaction({ hash: target!.sweepTx })
    assert.deepEqual(
      [lower(sweep.from), lower(sweep.to!), sweep.value],
      [target!.address, target!.heldBy, eth('100.01')],
    )
  })

  it('schedules the pools so that each rule finds exactly its planted links', async () => {
    const notes = truth().notes
    const withdrawn = notes.filter((n) => n.withdrawalTime !== null)
    // Timing: a deposit into the pool in the 600 s before the withdrawal, and only one.
    for (const n of withdrawn) {
      const inWindow = notes.filter(
        (d) => d.pool === n.pool && d.depositTime <= n.withdrawalTime! && d.depositTime >= n.withdrawalTime! - 600n,
      )
      const linked = inWindow.length === 1 && inWindow[0]!.key === n.key
      assert.equal(linked, n.planted.includes('timing'), `timing ${n.key}`)
      if (n.owner === 'crowd' && n.depositBlock >= 66n) {
        const lastBefore = notes
          .filter((d) => d.pool === n.pool && d.depositTime <= n.withdrawalTime!)
          .map((d) => d.depositTime)
          .reduce(later)
        assert.ok(n.withdrawalTime! - lastBefore >= 3600n, `${n.key} withdraws an hour after any deposit`)
      }
    }
    assert.equal(note('timing').withdrawalTime! - note('timing').depositTime, 90n)
    // Gas price: a fee cap seen on exactly one deposit and one withdrawal sent by its recipient.
    const caps = new Map<bigint, string[]>()
    for (const n of notes) {
      const dep = await client().getTransaction({ hash: n.depositTx })
      caps.set(dep.maxFeePerGas!, [...(caps.get(dep.maxFeePerGas!) ?? []), `d:${n.key}`])
      if (n.withdrawalTx) {
        const wd = await client().getTransaction({ hash: n.withdrawalTx })
        assert.equal(wd.maxPriorityFeePerGas, 0n)
        caps.set(wd.maxFeePerGas!, [...(caps.get(wd.maxFeePerGas!) ?? []), `w:${n.key}`])
      }
    }
    assert.deepEqual(
      [...caps.entries()].filter(([cap]) => cap > 0n).map(([cap, uses]) => [cap, uses]),
      [
        [37_777_777_777n, ['d:heist-1', 'w:heist-1']],
        [27_182_818_284n, ['d:gas', 'w:gas']],
      ],
    )
    // Address match: paid back to the depositor.
    assert.deepEqual(
      withdrawn.filter((n) => n.recipient === n.depositor).map((n) => n.key),
      ['heist-0', 'same-address'],
    )
    // Linked addresses: the only direct transfer between a depositor and a recipient (outside the pools).
    const depositors = new Set(notes.map((n) => n.depositor))
    const recipients = new Set(withdrawn.map((n) => n.recipient!))
    const pools = new Set(truth().pools.map((p) => p.address))
    const joined = leg.manifest.transactions.filter(
      (t) =>
        t.to !== null &&
        !pools.has(t.to) &&
        ((depositors.has(t.from) && recipients.has(t.to)) || (recipients.has(t.from) && depositors.has(t.to))),
    )
    assert.deepEqual(
      joined.map((t) => [t.from, t.to]),
      [[addressOf(leg.world, 'linkedOut'), addressOf(leg.world, 'linkedIn')]],
    )
    // Multi-denomination: one depositor and one recipient use two pools; the same 10 + 1 + 1 within a day.
    const poolsOf = (pick: (n: (typeof notes)[number]) => Address | null) => {
      const by = new Map<Address, bigint[]>()
      for (const n of withdrawn) {
        const who = pick(n)!
        const d = truth().pools.find((p) => p.address === n.pool)!.denomination
        by.set(who, [...(by.get(who) ?? []), d])
      }
      return [...by.entries()].filter(([, ds]) => new Set(ds).size >= 2)
    }
    const sets = [eth('10'), eth('1'), eth('1')]
    assert.deepEqual(
      poolsOf((n) => n.depositor),
      [[addressOf(leg.world, 'multiIn'), sets]],
    )
    assert.deepEqual(
      poolsOf((n) => n.recipient),
      [[addressOf(leg.world, 'multiOut'), sets]],
    )
    const multi = notes.filter((n) => n.planted.includes('multi-denomination'))
    const lastDeposit = multi.map((n) => n.depositTime).reduce(later)
    for (const n of multi) assert.ok(n.withdrawalTime! - lastDeposit <= 86_400n)
  })

  it('changes no earlier block, transaction or exact figure of the story', async () => {
    const p = plain.manifest
    const m = leg.manifest
    assert.deepEqual(
      m.transactions.slice(0, p.transactions.length),
      p.transactions,
      'the same transactions before the leg',
    )
    for (let b = 1n; b <= p.heistBlocks.to; b++) {
      const [x, y] = await Promise.all([
        plain.world.clients.deployer.getBlock({ blockNumber: b }),
        client().getBlock({ blockNumber: b }),
      ])
      assert.equal(y.hash, x.hash, `block ${b}`)
    }
    assert.deepEqual(m.expected.endpoints, p.expected.endpoints)
    assert.deepEqual(m.expected.conversions, p.expected.conversions)
    assert.deepEqual(m.expected.mixing, p.expected.mixing)
    assert.deepEqual(m.expected.clean, p.expected.clean)
    assert.deepEqual(m.expected.models.haircut, p.expected.models.haircut)
    assert.deepEqual(m.expected.models.fifo, p.expected.models.fifo)
    // Poison alone holds what comes back to a followed address: note 0's 99.7 ETH at split3, absorbed.
    const poison = m.expected.models.poison
    const before = p.expected.models.poison
    const split3 = addressOf(leg.world, 'split3')
    assert.deepEqual(poison.endpoints.slice(0, before.endpoints.length), before.endpoints)
    assert.deepEqual(
      poison.endpoints.slice(before.endpoints.length).map((e) => [e.category, e.address, e.amount, e.arrivalTx]),
      [['held', split3, eth('99.7'), note('heist-0').withdrawalTx]],
    )
    assert.deepEqual(poison.absorbed, [{ asset: 'native', amount: eth('199.7') }])
    assert.equal(poison.totals[0]!.held, eth('519.7'))
    assert.deepEqual(poison.totals.slice(1), before.totals.slice(1))
    assert.equal(poison.totals[0]!.exchange, before.totals[0]!.exchange)
    assert.equal(poison.totals[0]!.mixer, eth('300'))
  })

  it("proves every balance change of the leg, and fails when a note's fee is misstated", async () => {
    const m = leg.manifest
    const implied = (notes: typeof m.mixerLeg) =>
      impliedDeltas(
        addressOf(leg.world, 'victim'),
        m.stolen as { asset: Asset; amount: bigint }[],
        m.expected.endpoints,
        m.expected.conversions,
        m.expected.mixing,
        m.expected.clean,
        mixerLegDeltas(notes!),
      )
    const blocks = { before: m.heistBlocks.from - 1n, after: m.heistBlocks.to }
    const addresses = m.entities.map((e) => e.address)
    await verifyAgainstChain(leg.world, addresses, implied(m.mixerLeg), blocks)
    const tampered = {
      ...truth(),
      notes: truth().notes.map((n) => (n.key === 'crowd4' ? { ...n, fee: n.fee + 1n } : n)),
    }
    await assert.rejects(
      verifyAgainstChain(leg.world, addresses, implied(tampered), blocks),
      (error: unknown) => error instanceof DragnetError && error.code === 'CHAIN_INCONSISTENT',
    )
    // By hand: each relayer kept 2 x 0.3 + 2 x 0.03 + 3 x 0.003 ETH.
    for (const r of truth().relayers) assert.equal(await client().getBalance({ address: r }), eth('0.669'))
  })
})

describe('the mixer leg with the THORChain swap', () => {
  it('plays after the swap, and the chain check still proves every balance change', async () => {
    const anvil = await startWorldAnvil()
    try {
      const world = await deployWorld(anvil.rpcUrl)
      let swapBlock = 0n
      const manifest = await playHeist(world, {
        thorchain: { btcDestination: 'bcrt1qmixerlegtest', played: (l) => (swapBlock = l.block) },
        mixers: true,
      })
      const legBlocks = manifest.mixerLeg!.blocks
      // The router's deployment and the swap come first (blocks 66 and 67); the leg's 47 blocks follow.
      assert.equal(swapBlock, 67n)
      assert.deepEqual(legBlocks, { from: 68n, to: 114n })
      assert.equal(manifest.heistBlocks.to, 114n)
      assert.equal(manifest.mixerLeg!.probable[0]!.amount, eth('100.01'))
    } finally {
      await anvil.stop()
    }
  })
})

describe('the mixer leg plan', () => {
  it('refuses a start that is not at least a second after the heist', async () => {
    const anvil = await startWorldAnvil()
    try {
      const world = await deployWorld(anvil.rpcUrl)
      await assert.rejects(
        playHeist(world, { mixers: { startAfterSeconds: 0 } }),
        (error: unknown) => error instanceof DragnetError && error.code === 'INVALID_ARGUMENT',
      )
    } finally {
      await anvil.stop()
    }
  })
})
