import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { EndpointLabel } from '../../labels/endpoint-labels.ts'
import { MIXER_RULES } from '../../mixer/mixer-types.ts'
import { renderJson } from '../render/render-formats.ts'
import { txHash } from '../trace-fixture.ts'
import {
  ACTIVITY,
  ALL,
  CHAIN,
  DEPOSIT,
  eth,
  GAS_LINK,
  LABELS,
  POOL,
  PROXY,
  RECIPIENT,
  RELAYER,
  run,
  TIMING_LINK,
  thiefNote,
} from './pool-scenario.ts'
import { fixedMixer, traceThroughMixers } from './probable-test-kit.ts'

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
