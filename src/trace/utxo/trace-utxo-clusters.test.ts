import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { EndpointLabel } from '../../labels/endpoint-labels.ts'
import { DEFAULT_LIMITS } from '../trace-types.ts'
import { traceUtxo } from './trace-utxo.ts'
import { TxChain } from './utxo-test-kit.ts'

const BTC = 100_000_000n

describe('traceUtxo with clusters', () => {
  // S pays D1 and D2; the exchange's hot wallet HOT is labelled, and clustering put D1 with HOT.
  const chain = () => {
    const c = new TxChain()
    c.tx('theft', [{ ext: 'victim', value: 3n * BTC + 1000n }], [['S', 3n * BTC]])
    c.tx(
      'pay',
      [['theft', 0]],
      [
        ['D1', 2n * BTC],
        ['D2', 99_990_000n],
      ],
    )
    c.tx('onward', [['pay', 0]], [['Z', 199_990_000n]])
    return c
  }
  const labels = new Map<string, EndpointLabel[]>([['HOT', [{ category: 'exchange', name: 'Binance' }]]])
  const clusters = new Map([
    ['D1', 'D1'],
    ['HOT', 'D1'],
    ['D2', 'D2'],
    ['X', 'D2'],
  ])
  const base = {
    chain: 'bitcoin',
    model: 'haircut' as const,
    seedAddresses: ['S'],
    seedTxs: [],
    limits: DEFAULT_LIMITS,
  }

  it('puts the cluster on each endpoint and lists endpoints per cluster', () => {
    const r = traceUtxo(chain().txs, { ...base, clusters }, labels)
    assert.deepEqual(
      r.endpoints.map((e) => [e.address, e.category, e.amount, e.cluster]),
      [
        ['Z', 'held', 199_990_000n, null],
        ['D2', 'held', 99_990_000n, 'D2'],
      ],
    )
    assert.deepEqual(r.clusters, [
      { cluster: 'D2', name: null, addresses: ['D2'], amount: 99_990_000n, categories: { held: 99_990_000n } },
    ])
  })

  it('with labelsFromClusters, an address in an exchange cluster is that exchange and is not followed', () => {
    const r = traceUtxo(chain().txs, { ...base, clusters, labelsFromClusters: true }, labels)
    const d1 = r.endpoints.find((e) => e.address === 'D1')
    assert.equal(d1?.category, 'exchange')
    assert.equal(d1?.name, 'Binance')
    assert.equal(d1?.amount, 2n * BTC)
    assert.equal(
      r.endpoints.find((e) => e.address === 'Z'),
      undefined,
    )
    assert.deepEqual(r.clusters?.[0], {
      cluster: 'D1',
      name: 'Binance',
      addresses: ['D1'],
      amount: 2n * BTC,
      categories: { exchange: 2n * BTC },
    })
  })
})
