import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { EndpointLabel } from '../../labels/endpoint-labels.ts'
import { MIXER_RULES, type MixerRule, type PoolActivity } from '../../mixer/mixer-types.ts'
import { renderJson } from '../render/render-formats.ts'
import { addr, type FixtureTransfer, txHash } from '../trace-fixture.ts'
import type { TaintModel } from '../trace-types.ts'
import { depositAt, fixedMixer, linkOf, traceThroughMixers, withdrawalAt } from './probable-test-kit.ts'

const E18 = 10n ** 18n
const eth = (n: number) => (BigInt(Math.round(n * 1000)) * E18) / 1000n
const [VICTIM, THIEF, CLEAN, CROWD, RECIPIENT, RELAYER, DEPOSIT, OTHER] = [1, 2, 3, 4, 5, 6, 7, 8].map(addr) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
]
const POOL = addr(0x100)
const PROXY = addr(0x101)
const HOT = addr(0x200)
const LABELS: [string, EndpointLabel][] = [
  [POOL, { category: 'mixer', name: 'Pool: 100 ETH' }],
  [HOT, { category: 'hot-wallet', name: 'Harbor' }],
]

/**
 * The thief receives 60 stolen ETH (the seed transaction, block 1) and 40 clean, and pays one 100 ETH note into
 * the pool (block 3): haircut and FIFO taint 60 of it, poison all 100. A crowd user pays in a note too (block 4).
 * A relayer withdraws the thief's note to a fresh recipient (block 5: 99 ETH to it, 1 ETH fee to the relayer), who
 * pays the 99 to a deposit address swept to Harbor's hot wallet. The crowd user withdraws its own note (block 8)
 * and a third withdrawal pays someone else (block 9).
 */
const CHAIN: FixtureTransfer[] = [
  { block: 1, from: VICTIM, to: THIEF, amount: eth(60) },
  { block: 2, from: CLEAN, to: THIEF, amount: eth(40) },
  { block: 3, from: THIEF, to: POOL, amount: eth(100) },
  { block: 4, from: CROWD, to: POOL, amount: eth(100) },
  { block: 5, from: POOL, to: RECIPIENT, amount: eth(99), kind: 'internal', position: 'trace:0' },
  { block: 5, from: POOL, to: RELAYER, amount: eth(1), kind: 'internal', position: 'trace:1' },
  { block: 6, from: RECIPIENT, to: DEPOSIT, amount: eth(99) },
  { block: 7, from: DEPOSIT, to: HOT, amount: eth(99) },
  { block: 8, from: POOL, to: CROWD, amount: eth(100), kind: 'internal', position: 'trace:0' },
]
const thiefNote = depositAt(POOL, 3, THIEF, 0)
const crowdNote = depositAt(POOL, 4, CROWD, 1)
const relayed = withdrawalAt(POOL, 5, RECIPIENT, RELAYER, eth(1))
const crowdOut = withdrawalAt(POOL, 8, CROWD, null, 0n)
const elsewhere = withdrawalAt(POOL, 9, OTHER, null, 0n)
const ACTIVITY: PoolActivity = {
  pools: [
    { chain: 'ethereum', address: POOL, asset: 'native', denomination: eth(100), name: null, recognisedBy: 'label' },
  ],
  deposits: [thiefNote, crowdNote],
  withdrawals: [relayed, crowdOut, elsewhere],
  interactions: new Map(),
  clusters: new Map(),
}
const GAS_LINK = linkOf(thiefNote, relayed, 0.8, ['gas-price'])
const CROWD_LINK = linkOf(crowdNote, crowdOut, 0.9, ['address-match'])
const TIMING_LINK = linkOf(thiefNote, elsewhere, 0.3, ['timing'])
const ALL = new Set(MIXER_RULES)

async function run(model: TaintModel, minConfidence = 0.5, rules: ReadonlySet<MixerRule> = ALL, chain = CHAIN) {
  const mixer = fixedMixer(ACTIVITY, [GAS_LINK, CROWD_LINK, TIMING_LINK])
  const r = await traceThroughMixers(chain, [txHash(1)], LABELS, model, mixer, { minConfidence, rules }, renderJson)
  return { ...r, calls: mixer.calls }
}

const byAddress = (r: Awaited<ReturnType<typeof run>>) =>
  Object.fromEntries((r.out.probable?.endpoints ?? []).map((e) => [e.address, [e.category, e.amount, e.link]]))

describe('addProbableLayer', () => {
  it('haircut: a note tainted 60 of 100 seeds 60% of each transfer the withdrawal paid; exact parts unchanged', async () => {
    const r = await run('haircut')
    const p = r.out.probable
    assert.ok(p)
    // The exact trace: 60 stolen, all of it in the pool; nothing of the layer enters it.
    assert.equal(r.exact.totals.native?.stolen, eth(60))
    assert.equal(r.exact.totals.native?.mixer, eth(60))
    assert.equal(renderJson({ ...r.out, probable: undefined }), r.exactJson)
    assert.equal(renderJson(r.exact), r.exactJson, 'the exact result is not changed in place')
    assert.deepEqual(
      p.deposits.map((d) => [d.tx, d.tainted, d.endpoint, d.links]),
      [[thiefNote.tx, eth(60), POOL, [GAS_LINK.id]]],
    )
    assert.deepEqual(
      p.links.map((l) => [l.id, l.tainted, l.seeded, l.hops]),
      // floor(99 × 60/100) + floor(1 × 60/100) = 59.4 + 0.6; 10 hops less the pool's 2.
      [[GAS_LINK.id, eth(60), eth(60), 8]],
    )
    assert.deepEqual(byAddress(r), {
      [DEPOSIT]: ['exchange', eth(59.4), GAS_LINK.id],
      [RELAYER]: ['held', eth(0.6), GAS_LINK.id],
    })
    const target = p.endpoints.find((e) => e.freezableBy.length > 0)
    assert.deepEqual(target?.freezableBy, [{ kind: 'exchange', name: 'Harbor' }])
    assert.deepEqual([target?.confidence, target?.rules], [0.8, ['gas-price']])
    const t = p.totals.native
    assert.deepEqual([t?.stolen, t?.exchange, t?.held, t?.traced], [eth(60), eth(59.4), eth(0.6), eth(60)])
    assert.deepEqual(p.unlinked, {})
    assert.equal(p.capped, null)
    assert.ok(!r.out.endpoints.some((e) => e.address === DEPOSIT), 'no probable endpoint among the exact ones')
    assert.deepEqual(
      p.edges.map((e) => [e.from, e.to, e.tainted, e.hop, e.link]),
      [
        [POOL, RECIPIENT, eth(59.4), 1, GAS_LINK.id],
        [POOL, RELAYER, eth(0.6), 1, GAS_LINK.id],
        [RECIPIENT, DEPOSIT, eth(59.4), 2, GAS_LINK.id],
      ],
    )
  })

  it('FIFO: the tainted 60 leave the thief first, the recipient passes its tainted 59.4 on first', async () => {
    const r = await run('fifo')
    assert.deepEqual(byAddress(r), {
      [DEPOSIT]: ['exchange', eth(59.4), GAS_LINK.id],
      [RELAYER]: ['held', eth(0.6), GAS_LINK.id],
    })
  })

  it('poison: the whole withdrawal is seeded when any taint went in', async () => {
    const r = await run('poison')
    const p = r.out.probable
    assert.equal(r.exact.totals.native?.mixer, eth(100))
    assert.deepEqual(
      p?.links.map((l) => [l.tainted, l.seeded]),
      [[eth(100), eth(100)]],
    )
    assert.deepEqual(byAddress(r), {
      [DEPOSIT]: ['exchange', eth(99), GAS_LINK.id],
      [RELAYER]: ['held', eth(1), GAS_LINK.id],
    })
  })

  it('links below the minimum confidence are not followed; at a lower minimum each link gets its own trace', async () => {
    const high = await run('haircut', 0.9)
    assert.deepEqual(high.out.probable?.links, [])
    assert.deepEqual(high.out.probable?.endpoints, [])
    assert.deepEqual(high.out.probable?.unlinked, { native: eth(60) })
    assert.equal(high.calls[0]?.minConfidence, 0.9)
    const low = await run('haircut', 0.25)
    const p = low.out.probable
    assert.deepEqual(
      p?.links.map((l) => l.id),
      [GAS_LINK.id, TIMING_LINK.id],
    )
    // The timing link's withdrawal (block 9) is not in the data: its trace is empty and says why.
    assert.match(p?.links[1]?.empty ?? '', /moved nothing/)
    assert.ok(p?.endpoints.every((e) => e.link === GAS_LINK.id))
  })

  it('a rule switched off removes its links', async () => {
    const r = await run('haircut', 0.25, new Set(MIXER_RULES.filter((x) => x !== 'gas-price')))
    const p = r.out.probable
    assert.deepEqual(
      p?.links.map((l) => l.id),
      [TIMING_LINK.id],
    )
    assert.deepEqual(p?.rules, ['address-match', 'linked-addresses', 'multi-denomination', 'timing'])
    assert.equal(r.calls[0]?.rules?.has('gas-price'), false)
  })

  it('a deposit through a proxy contract is matched by its transaction, not by the endpoint address', async () => {
    const viaProxy = CHAIN.map((t) => (t.block === 3 ? { ...t, to: PROXY } : t)).concat([
      { block: 3, from: PROXY, to: POOL, amount: eth(100), kind: 'internal', position: 'trace:0' },
    ])
    const mixer = fixedMixer(ACTIVITY, [GAS_LINK])
    const labels: [string, EndpointLabel][] = [...LABELS, [PROXY, { category: 'mixer', name: 'Router' }]]
    const r = await traceThroughMixers(
      viaProxy,
      [txHash(1)],
      labels,
      'haircut',
      mixer,
      { minConfidence: 0.5, rules: ALL },
      renderJson,
    )
    assert.deepEqual(
      r.out.probable?.deposits.map((d) => [d.pool, d.endpoint, d.tainted]),
      [[POOL, PROXY, eth(60)]],
    )
    assert.equal(r.out.probable?.links[0]?.seeded, eth(60))
  })

  it('follows at most maxLinks links and says what the others would have seeded', async () => {
    const mixer = fixedMixer(ACTIVITY, [GAS_LINK, TIMING_LINK])
    const options = { minConfidence: 0.25, rules: ALL, maxLinks: 1 }
    const r = await traceThroughMixers(CHAIN, [txHash(1)], LABELS, 'haircut', mixer, options, renderJson)
    assert.deepEqual(
      r.out.probable?.links.map((l) => l.id),
      [GAS_LINK.id],
    )
    // The timing link's withdrawal pays 100 with no fee: 60% of it.
    assert.deepEqual(r.out.probable?.capped, { maxLinks: 1, links: 2, notFollowed: { native: eth(60) } })
  })

  it('refuses a minimum confidence outside (0, 1] and a backward trace', async () => {
    await assert.rejects(run('haircut', 0), { code: 'INVALID_ARGUMENT' })
    await assert.rejects(run('haircut', 1.5), { code: 'INVALID_ARGUMENT' })
    const mixer = fixedMixer(ACTIVITY, [GAS_LINK])
    const backward = traceThroughMixers(
      CHAIN,
      [txHash(8)],
      LABELS,
      'haircut',
      mixer,
      { minConfidence: 0.5, rules: ALL },
      renderJson,
      (request) => {
        request.direction = 'backward'
      },
    )
    await assert.rejects(backward, { code: 'INVALID_ARGUMENT' })
  })
})
