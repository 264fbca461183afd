import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { BtcTransaction } from '../core/btc-types.ts'
import { type ClusterRuleName, clusterAddresses } from './cluster-addresses.ts'
import { clusterLabels } from './cluster-labels.ts'
import { type Coin, coins, tx } from './cluster-test-kit.ts'

const BTC = 100_000_000n
const ALL: ClusterRuleName[] = [
  'multi-input',
  'change:address-reuse',
  'change:script-type',
  'change:round-amount',
  'change:smaller-than-inputs',
  'change:never-reused',
]
/** Only the named rule on. */
const only = (rule: ClusterRuleName) => ({ rules: Object.fromEntries(ALL.map((r) => [r, r === rule])) })
const pairs = (txs: BtcTransaction[], rule: ClusterRuleName) =>
  clusterAddresses(txs, only(rule)).links.map((l) => [l.a, l.b, l.rule, l.confidence])

describe('clusterAddresses: rules', () => {
  it('multi-input: every input address of an ordinary transaction is one owner', () => {
    const t = tx(
      [
        ['B', BTC],
        ['A', BTC],
        ['C', BTC],
        ['A', 5000n],
      ],
      [
        ['X', 2n * BTC],
        ['Y', 99_990_000n],
      ],
    )
    assert.deepEqual(pairs([t], 'multi-input'), [
      ['B', 'A', 'multi-input', 90],
      ['B', 'C', 'multi-input', 90],
    ])
    const r = clusterAddresses([t], only('multi-input'))
    assert.deepEqual(
      r.assignments.map((a) => [a.address, a.cluster]),
      [
        ['B', 'A'],
        ['A', 'A'],
        ['C', 'A'],
      ],
    )
  })

  it('change:address-reuse: the output paying an input address is the change', () => {
    const t = tx(
      [
        ['A', BTC],
        ['B', 50_000_000n],
      ],
      [
        ['P', 120_000_000n],
        ['B', 29_990_000n],
      ],
    )
    assert.deepEqual(pairs([t], 'change:address-reuse'), [['A', 'B', 'change:address-reuse', 100]])
  })

  it('change:script-type: the one output of the inputs script type', () => {
    const t = tx(
      [['A', BTC, 'witness_v1_taproot']],
      [
        ['P', 60_000_000n, 'pubkeyhash'],
        ['C', 39_990_000n, 'witness_v1_taproot'],
      ],
    )
    assert.deepEqual(pairs([t], 'change:script-type'), [['A', 'C', 'change:script-type', 60]])
    // Both outputs of the inputs' type: undecided.
    const same = tx(
      [['A', BTC]],
      [
        ['P', 60_000_000n],
        ['C', 39_990_000n],
      ],
    )
    assert.deepEqual(pairs([same], 'change:script-type'), [])
  })

  it('change:round-amount: the non-round output beside a round one', () => {
    const t = tx(
      [
        ['A', 3n * BTC],
        ['B', BTC],
      ],
      [
        ['P', 250_000_000n],
        ['C', 149_990_000n],
      ],
    )
    assert.deepEqual(pairs([t], 'change:round-amount'), [['A', 'C', 'change:round-amount', 50]])
  })

  it('change:smaller-than-inputs: the one output below the smallest input', () => {
    // Inputs 1 and 0.8 BTC: a payment of 0.2999 would not have needed both, so 0.2999 is the change.
    const t = tx(
      [
        ['A', BTC],
        ['B', 80_000_000n],
      ],
      [
        ['P', 150_000_000n],
        ['C', 29_990_000n],
      ],
    )
    assert.deepEqual(pairs([t], 'change:smaller-than-inputs'), [['A', 'C', 'change:smaller-than-inputs', 50]])
    // One input: every output is below it, so it says nothing.
    assert.deepEqual(
      pairs(
        [
          tx(
            [['A', BTC]],
            [
              ['P', 60_000_000n],
              ['C', 39_990_000n],
            ],
          ),
        ],
        'change:smaller-than-inputs',
      ),
      [],
    )
  })

  it('change:never-reused: the one fresh address among outputs seen before, dropped if it is reused later', () => {
    const before = tx([['Z', BTC]], [['P', 99_990_000n]])
    const t = tx(
      [['A', BTC]],
      [
        ['P', 60_000_000n],
        ['N', 39_990_000n],
      ],
    )
    assert.deepEqual(pairs([before, t], 'change:never-reused'), [['A', 'N', 'change:never-reused', 50]])
    const later = tx([['Q', BTC]], [['N', 99_990_000n]])
    assert.deepEqual(pairs([before, t, later], 'change:never-reused'), [])
  })

  it('switching a rule off removes exactly its links', () => {
    const txs = [
      tx(
        [
          ['A', 3n * BTC],
          ['B', BTC],
        ],
        [
          ['P', 250_000_000n],
          ['C', 149_990_000n],
        ],
      ),
      tx(
        [
          ['D', BTC],
          ['E', BTC],
        ],
        [
          ['F', 150_000_000n],
          ['G', 49_990_000n],
        ],
      ),
    ]
    const all = clusterAddresses(txs)
    const key = (l: { a: string; b: string; rule: string }) => `${l.rule} ${l.a} ${l.b}`
    for (const rule of ALL) {
      const off = clusterAddresses(txs, { rules: { [rule]: false } })
      assert.deepEqual(off.links.map(key), all.links.filter((l) => l.rule !== rule).map(key), rule)
    }
    assert.ok(all.links.some((l) => l.rule === 'change:round-amount'))
    const noRound = clusterAddresses(txs, {
      rules: { 'change:round-amount': false, 'change:smaller-than-inputs': false },
    })
    // A, B are one owner (multi-input); C joins them only through the change rules that name it.
    assert.equal(noRound.assignments.find((a) => a.address === 'C')?.cluster, undefined)
    assert.equal(all.assignments.find((a) => a.address === 'C')?.cluster, 'A')
  })
})

describe('clusterAddresses: CoinJoins', () => {
  it('reads no owner into a Whirlpool mix and lists it', () => {
    const mix = tx(coins('r', 5, 1_000_000n), coins('m', 5, 1_000_000n), 'mix')
    const r = clusterAddresses([mix])
    assert.deepEqual(r.links, [])
    assert.deepEqual(r.coinjoins, [{ tx: mix.hash, shape: 'whirlpool' }])
  })

  it('links a Tx0 inputs (one wallet) but takes no premix for change', () => {
    const outs: Coin[] = [
      ...coins('pre', 16, 1_000_170n),
      ['', 0n, 'nulldata'],
      ['coord', 50_000n],
      ['chg', 3_943_280n],
    ]
    const t0 = tx(
      [
        ['d0', 10_000_000n],
        ['d1', 10_000_000n],
      ],
      outs,
    )
    const r = clusterAddresses([t0])
    assert.deepEqual(
      r.links.map((l) => [l.a, l.b, l.rule]),
      [['d0', 'd1', 'multi-input']],
    )
    assert.equal(r.coinjoins[0]?.shape, 'whirlpool-tx0')
  })
})

describe('clusterLabels', () => {
  it('an exchange cluster is the exchange', () => {
    const txs = [
      tx(
        [
          ['hot', BTC],
          ['dep1', BTC],
          ['dep2', BTC],
        ],
        [['out', 299_990_000n]],
      ),
    ]
    const { assignments } = clusterAddresses(txs)
    const labels = clusterLabels(assignments, (a) => (a === 'hot' ? [{ category: 'exchange', name: 'Binance' }] : []))
    const c = labels.clusterOf('dep2')
    assert.equal(c, 'dep1')
    assert.equal(labels.nameOf(c as string), 'Binance')
    assert.deepEqual(labels.labelsOf(c as string), [{ category: 'exchange', name: 'Binance' }])
    assert.equal(labels.clusterOf('out'), null)
  })
})
