import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { EndpointLabel } from '../../labels/endpoint-labels.ts'
import { DEFAULT_LIMITS, type TaintModel, type TraceLimits, type TraceResult } from '../trace-types.ts'
import { traceUtxo } from './trace-utxo.ts'
import { TxChain, txid } from './utxo-test-kit.ts'
import type { UtxoTraceRequest } from './utxo-types.ts'

const BTC = 100_000_000n
const noLabels = new Map<string, EndpointLabel[]>()

function trace(
  chain: TxChain,
  model: TaintModel,
  seeds: Partial<UtxoTraceRequest>,
  limits: Partial<TraceLimits> = {},
  labels = noLabels,
): TraceResult {
  const request: UtxoTraceRequest = {
    chain: 'bitcoin',
    model,
    seedAddresses: [],
    seedTxs: [],
    limits: { ...DEFAULT_LIMITS, ...limits },
    ...seeds,
  }
  return traceUtxo(chain.txs, request, labels)
}

/** The amount an address ended with in a category (0 for none). */
const at = (r: TraceResult, address: string, category = 'held') =>
  r.endpoints.find((e) => e.address === address && e.category === category)?.amount ?? 0n
const tx = (r: TraceResult, address: string) => r.edges.filter((e) => e.to === address).map((e) => e.tainted)

/**
 * S received 3 BTC (tainted, S is the seed) and C 1 BTC (clean); T spends both, S first, into X 2.5 BTC and
 * Y 1.4999 BTC with a fee of 0.0001 BTC. Then U spends a clean 1 BTC of Z and Y into P 1.2 and Q 1.2998 BTC.
 */
function mixed(): TxChain {
  const c = new TxChain()
  c.tx('fund-s', [{ ext: 'thief-source', value: 3n * BTC + 5000n }], [['S', 3n * BTC]])
  c.tx('fund-c', [{ ext: 'someone', value: BTC + 5000n }], [['C', BTC]])
  c.tx(
    'T',
    [
      ['fund-s', 0],
      ['fund-c', 0],
    ],
    [
      ['X', 250_000_000n],
      ['Y', 149_990_000n],
    ],
  )
  c.tx('fund-z', [{ ext: 'other', value: BTC + 5000n }], [['Z', BTC]])
  c.tx(
    'U',
    [
      ['fund-z', 0],
      ['T', 1],
    ],
    [
      ['P', 120_000_000n],
      ['Q', 129_980_000n],
    ],
  )
  return c
}

describe('traceUtxo: haircut', () => {
  it('shares the taint in proportion to value, the fee taking its share', () => {
    const r = trace(mixed(), 'haircut', { seedAddresses: ['S'] })
    // T: taint 3 of 4 BTC. X: floor(3e8 * 2.5e8 / 4e8) = 187,500,000; cumulated to Y: floor(3e8 * 3.9999e8 / 4e8)
    // = 299,992,500, so Y 112,492,500; the fee 3e8 - 299,992,500 = 7,500 (3/4 of 10,000).
    assert.deepEqual(tx(r, 'X'), [187_500_000n])
    // U: Y's 112,492,500 of 249,990,000. P: floor(112,492,500 * 1.2e8 / 2.4999e8) = 53,998,559; cumulated:
    // floor(112,492,500 * 2.4998e8 / 2.4999e8) = 112,488,000, so Q 58,489,441 and the fee 4,500.
    assert.equal(at(r, 'X'), 187_500_000n)
    assert.equal(at(r, 'P'), 53_998_559n)
    assert.equal(at(r, 'Q'), 58_489_441n)
    const t = r.totals.native
    assert.ok(t)
    assert.equal(t.stolen, 300_000_000n)
    assert.equal(r.fees?.native, 12_000n)
    assert.equal(t.held, 299_988_000n)
    assert.equal(t.stolen, t.traced + t.unfollowed + (r.fees?.native ?? 0n))
  })

  it('rounds by cumulated floors: the shares add up to the taint exactly', () => {
    // 7 tainted sat and 4 clean into 3 + 3 + 3, fee 2: floors of 7 * 3k / 11 are 1, 3, 5; shares 1, 2, 2, fee 2.
    const c = new TxChain()
    c.tx('seed', [{ ext: 'x', value: 7n }], [['A', 7n]])
    c.tx(
      'mix',
      [['seed', 0], { ext: 'clean', value: 4n }],
      [
        ['K', 3n],
        ['L', 3n],
        ['M', 3n],
      ],
    )
    const r = trace(c, 'haircut', { seedTxs: [txid('seed')] })
    assert.deepEqual(
      ['K', 'L', 'M'].map((a) => at(r, a)),
      [1n, 2n, 2n],
    )
    assert.equal(r.fees?.native, 2n)
  })
})

describe('traceUtxo: FIFO', () => {
  it('maps the tainted satoshi ranges of the inputs onto the outputs in order', () => {
    const r = trace(mixed(), 'fifo', { seedAddresses: ['S'] })
    // T's satoshis: S's [0, 3e8) tainted, then C's. X = [0, 2.5e8): all tainted; Y = [2.5e8, 3.9999e8): its
    // first 0.5e8 tainted; the fee (the last 10,000 sat) clean.
    assert.equal(at(r, 'X'), 250_000_000n)
    // U: Z's clean [0, 1e8), then Y at [1e8, 2.4999e8) with [1e8, 1.5e8) tainted. P = [0, 1.2e8) gets
    // [1e8, 1.2e8) = 2e7; Q = [1.2e8, 2.4998e8) gets [1.2e8, 1.5e8) = 3e7; the fee nothing.
    assert.equal(at(r, 'P'), 20_000_000n)
    assert.equal(at(r, 'Q'), 30_000_000n)
    const t = r.totals.native
    assert.equal(r.fees?.native, 0n)
    assert.equal(t?.held, 300_000_000n)
  })

  it('gives the fee the last satoshis', () => {
    // All 2 BTC tainted, outputs 1.9999: the fee (10,000 sat) is tainted.
    const c = new TxChain()
    c.tx('seed', [{ ext: 'x', value: 2n * BTC }], [['A', 2n * BTC]])
    c.tx('spend', [['seed', 0]], [['B', 199_990_000n]])
    const r = trace(c, 'fifo', { seedTxs: [txid('seed')] })
    assert.equal(r.fees?.native, 10_000n)
    assert.equal(at(r, 'B'), 199_990_000n)
  })
})

describe('traceUtxo: poison', () => {
  it('taints every output of a transaction with a tainted input in full', () => {
    const r = trace(mixed(), 'poison', { seedAddresses: ['S'] })
    assert.equal(at(r, 'X'), 250_000_000n)
    assert.equal(at(r, 'P'), 120_000_000n)
    assert.equal(at(r, 'Q'), 129_980_000n)
    assert.equal(r.totals.native?.stolen, 300_000_000n)
    assert.equal(r.fees?.native, 20_000n)
  })
})

describe('traceUtxo: CoinJoin', () => {
  // Five inputs of 1.0001 BTC, the third tainted, into five outputs of 1 BTC; the fee 0.0005 BTC.
  const coinjoin = () => {
    const c = new TxChain()
    const ins = ['I0', 'I1', 'I2', 'I3', 'I4'].map((a, i) => {
      c.tx(`fund-${a}`, [{ ext: `src-${i}`, value: 100_020_000n }], [[a, 100_010_000n]])
      return [`fund-${a}`, 0] as [string, number]
    })
    c.tx(
      'cj',
      ins,
      ['O0', 'O1', 'O2', 'O3', 'O4'].map((a) => [a, BTC] as [string, bigint]),
    )
    return c
  }
  const outs = (r: TraceResult) => ['O0', 'O1', 'O2', 'O3', 'O4'].map((a) => at(r, a))

  it('haircut: each equal output carries a fifth', () => {
    // T = 100,010,000 of V = 500,050,000: floor(T * k * 1e8 / V) = k * 20,000,000 exactly; the fee 10,000.
    const r = trace(coinjoin(), 'haircut', { seedAddresses: ['I2'] })
    assert.deepEqual(outs(r), [20_000_000n, 20_000_000n, 20_000_000n, 20_000_000n, 20_000_000n])
    assert.equal(r.fees?.native, 10_000n)
  })

  it('FIFO: the tainted input lands on the third and fourth outputs', () => {
    // Tainted satoshis [200,020,000, 300,030,000): O2 = [2e8, 3e8) gets 99,980,000, O3 = [3e8, 4e8) 30,000.
    const r = trace(coinjoin(), 'fifo', { seedAddresses: ['I2'] })
    assert.deepEqual(outs(r), [0n, 0n, 99_980_000n, 30_000n, 0n])
  })

  it('poison: all five outputs', () => {
    const r = trace(coinjoin(), 'poison', { seedAddresses: ['I2'] })
    assert.deepEqual(outs(r), [BTC, BTC, BTC, BTC, BTC])
  })
})

/** S (10 BTC) peels 1 BTC to E1, then E2, then P3, each time paying itself the change less 0.0001 BTC fee. */
function peel(): TxChain {
  const c = new TxChain()
  c.tx('theft', [{ ext: 'victim', value: 10n * BTC + 1000n }], [['S', 10n * BTC]])
  c.tx(
    'p1',
    [['theft', 0]],
    [
      ['E1', BTC],
      ['C1', 899_990_000n],
    ],
  )
  c.tx(
    'p2',
    [['p1', 1]],
    [
      ['E2', BTC],
      ['C2', 799_980_000n],
    ],
  )
  c.tx(
    'p3',
    [['p2', 1]],
    [
      ['P3', BTC],
      ['C3', 699_970_000n],
    ],
  )
  return c
}
const exchange = new Map<string, EndpointLabel[]>([
  ['E1', [{ category: 'exchange', name: 'Binance' }]],
  ['E2', [{ category: 'exchange', name: 'Kraken' }]],
])

describe('traceUtxo: peel chain, limits, endpoints', () => {
  it('follows the change and stops at exchanges, with the path of each', () => {
    const r = trace(peel(), 'haircut', { seedAddresses: ['S'] }, {}, exchange)
    assert.equal(at(r, 'E1', 'exchange'), BTC)
    assert.equal(at(r, 'E2', 'exchange'), BTC)
    assert.equal(at(r, 'P3'), BTC)
    assert.equal(at(r, 'C3'), 699_970_000n)
    const e2 = r.endpoints.find((e) => e.address === 'E2')
    assert.deepEqual(
      e2?.path.map((e) => [e.from, e.to, e.tx, e.position, e.hop]),
      [
        ['S', 'C1', txid('p1'), 'out:1', 1],
        ['C1', 'E2', txid('p2'), 'out:0', 2],
      ],
    )
    assert.deepEqual(e2?.freezableBy, [{ kind: 'exchange', name: 'Kraken' }])
    assert.equal(e2?.name, 'Kraken')
    assert.equal(r.totals.native?.exchange, 2n * BTC)
    assert.equal(r.fees?.native, 30_000n)
  })

  it('a labelled exchange output is not expanded even when spent', () => {
    const c = peel()
    c.tx('sweep', [['p1', 0]], [['HOT', 99_990_000n]])
    const r = trace(c, 'haircut', { seedAddresses: ['S'] }, {}, exchange)
    assert.equal(at(r, 'E1', 'exchange'), BTC)
    assert.equal(at(r, 'HOT'), 0n)
    // The exchange's own sweep keeps the customer's credit freezable: the window stays open.
    const w = r.freezeWindows.find((x) => x.address === 'E1')
    assert.deepEqual([w?.left, w?.remaining, w?.departed, w?.seconds], [0n, BTC, null, null])
  })

  it('hops: outputs reached at the limit are unfollowed', () => {
    // hops 2: p1's outputs are hop 1, p2's hop 2; p3 spends C2 at hop 2, not followed.
    const r = trace(peel(), 'fifo', { seedAddresses: ['S'] }, { hops: 2 }, exchange)
    assert.equal(at(r, 'C2', 'unfollowed'), 799_980_000n)
    assert.equal(at(r, 'P3'), 0n)
    assert.equal(r.nodes.find((n) => n.address === 'C2')?.stop, 'hop-limit')
    const t = r.totals.native
    assert.equal(t?.stolen, 10n * BTC)
    assert.equal(t?.unfollowed, 799_980_000n)
    assert.equal(t?.stolen, (t?.traced ?? 0n) + (t?.unfollowed ?? 0n) + (r.fees?.native ?? 0n))
    assert.equal(r.stopCounts['hop-limit'], 1)
  })

  it('minAmount: an output below it is dust; maxAddresses: the next address is not followed', () => {
    const dust = trace(peel(), 'haircut', { seedAddresses: ['S'] }, { minAmount: 800_000_000n })
    assert.equal(at(dust, 'C2', 'unfollowed'), 799_980_000n)
    assert.equal(dust.nodes.find((n) => n.address === 'C2')?.stop, 'dust')
    const few = trace(peel(), 'haircut', { seedAddresses: ['S'] }, { maxAddresses: 2 })
    // S and C1 are followed; C2 would be the third.
    assert.equal(at(few, 'C2', 'unfollowed'), 799_980_000n)
    assert.equal(few.nodes.find((n) => n.address === 'C2')?.stop, 'max-addresses')
  })

  it('the block window: transactions after toBlock are not read', () => {
    const c = peel()
    const p2 = c.txs[2]?.blockNumber as bigint
    const r = trace(c, 'haircut', { seedAddresses: ['S'] }, { toBlock: p2 })
    assert.equal(at(r, 'C2'), 799_980_000n)
    assert.equal(at(r, 'P3'), 0n)
  })
})

describe('traceUtxo: seeds', () => {
  it('an outpoint seeded with part of its value (an upper-case THORChain txid) taints that part', () => {
    const c = new TxChain()
    c.tx('vault', [{ ext: 'vault', value: 2n * BTC + 1000n }], [['R', 2n * BTC]])
    c.tx(
      'spend',
      [['vault', 0]],
      [
        ['A', 150_000_000n],
        ['B', 49_990_000n],
      ],
    )
    const seed = { seedOutpoints: [{ txid: txid('vault').toUpperCase(), vout: 0, tainted: 50_000_000n }] }
    // Haircut: 0.5 of 2 BTC. A: floor(5e7 * 1.5e8 / 2e8) = 37,500,000; cumulated floor(5e7 * 1.9999e8 / 2e8)
    // = 49,997,500, so B 12,497,500; the fee 2,500.
    const h = trace(c, 'haircut', seed)
    assert.equal(at(h, 'A'), 37_500_000n)
    assert.equal(at(h, 'B'), 12_497_500n)
    assert.equal(h.totals.native?.stolen, 50_000_000n)
    assert.deepEqual(
      h.seeds.rules.map((x) => x.rule),
      ['transaction'],
    )
    // FIFO: the first 0.5 BTC of R are tainted, so all of it lands in A.
    const f = trace(c, 'fifo', seed)
    assert.equal(at(f, 'A'), 50_000_000n)
    assert.equal(at(f, 'B'), 0n)
  })

  it('an unknown seed gives an empty result saying why', () => {
    const r = trace(peel(), 'haircut', { seedAddresses: ['nobody'] })
    assert.equal(r.empty, 'no seed address, transaction or outpoint was found in the transactions read')
    assert.deepEqual(r.seeds.rules, [{ seed: 'nobody', rule: 'none', note: null }])
  })

  it('rejects a malformed outpoint with INVALID_ARGUMENT', () => {
    assert.throws(
      () => trace(peel(), 'haircut', { seedOutpoints: [{ txid: 'xyz', vout: 0, tainted: 1n }] }),
      (e: unknown) => (e as { code?: string }).code === 'INVALID_ARGUMENT',
    )
  })

  it('a tainted transaction with an input of unknown value fails with INVALID_ARGUMENT naming it', () => {
    const c = peel()
    const p1 = c.txs[1]
    assert.ok(p1)
    p1.inputs.push({
      ...(p1.inputs[0] as (typeof p1.inputs)[number]),
      index: 1,
      spentTransactionHash: txid('unknown'),
      value: null,
    })
    assert.throws(
      () => trace(c, 'haircut', { seedAddresses: ['S'] }),
      (e: unknown) =>
        (e as { code?: string }).code === 'INVALID_ARGUMENT' &&
        (e as { details?: { input?: number } }).details?.input === 1,
    )
  })
})
