import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LabelIndex } from '../../labels/label-index.ts'
import type { Label, LabelCategory } from '../../labels/label-types.ts'
import { RegistryEndpointLabels } from '../../labels/registry-endpoint-labels.ts'
import { runTrace } from '../run-trace.ts'
import { addr, storeWith } from '../trace-fixture.ts'
import { traceRequest } from '../trace-request.ts'
import { totalsOf } from '../trace-test-kit.ts'
import { traceRoleOf } from './label-roles.ts'

const [V, S, DEP, HOT, MIXER] = [1, 2, 0x11, 0x10, 0x60].map(addr) as [string, string, string, string, string]

const label = (address: string, category: LabelCategory, name: string): Label => ({
  chain: 'ethereum',
  address,
  category,
  name,
  source: `src-${category}`,
  sourceDate: null,
  confidence: 100,
  programmes: [],
  asset: null,
  notes: null,
})

describe('label roles', () => {
  it('all of an address’s labels decide its role, whatever their order', () => {
    const mixer = { category: 'mixer', name: 'Tornado' } as const
    const sanctioned = { category: 'sanctioned', name: 'Tornado Cash' } as const
    for (const labels of [
      [sanctioned, mixer],
      [mixer, sanctioned],
    ]) {
      const role = traceRoleOf(labels)
      assert.equal(role?.stop, 'mixer')
      assert.equal(role?.name, 'Tornado')
      assert.equal(role?.labels.length, 2)
    }
    assert.equal(traceRoleOf([sanctioned])?.stop, null)
    assert.deepEqual(traceRoleOf([{ category: 'hot-wallet', name: 'Binance' }])?.stop, 'exchange')
    assert.equal(traceRoleOf([{ category: 'hot-wallet', name: 'Binance' }])?.sweepTarget, true)
    assert.equal(traceRoleOf([{ category: 'exchange-deposit', name: 'Binance' }])?.sweepTarget, false)
    assert.equal(traceRoleOf([{ category: 'exchange-deposit', name: 'Binance' }])?.depositAddress, true)
    assert.equal(traceRoleOf([{ category: 'dex', name: 'Pair' }])?.converter, true)
    // A stop wins over a converter: a mixer that is also tagged dex is not followed.
    assert.equal(traceRoleOf([{ category: 'dex', name: 'Pair' }, mixer])?.converter, false)
    assert.equal(traceRoleOf([{ category: 'issuer-freezable', name: 'Circle' }])?.freezeIssuer, 'Circle')
    assert.equal(traceRoleOf([]), undefined)
  })

  it('a sanctioned mixer and a sanctioned exchange stop the trace through the label registry', async () => {
    const store = await storeWith([
      { block: 1, from: V, to: S, amount: 100 },
      { block: 2, from: S, to: MIXER, amount: 30 },
      { block: 3, from: MIXER, to: addr(0x70), amount: 30 },
      { block: 4, from: S, to: DEP, amount: 70 },
      { block: 5, from: DEP, to: HOT, amount: 70 },
      { block: 6, from: HOT, to: addr(0x71), amount: 70 },
    ])
    try {
      // The registry keeps `sanctioned` first (most severe): the trace must still see the mixer and the exchange.
      const index = LabelIndex.fromLabels([
        label(MIXER, 'mixer', 'Tornado'),
        label(MIXER, 'sanctioned', 'Tornado Cash'),
        label(HOT, 'exchange', 'Garantex'),
        label(HOT, 'sanctioned', 'Garantex Europe'),
      ])
      const r = await runTrace(
        store,
        traceRequest('ethereum', { addresses: [S], txs: [] }),
        new RegistryEndpointLabels(index, 'ethereum'),
      )
      assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', exchange: '70', mixer: '30' })
      assert.deepEqual(
        r.endpoints.map((e) => [e.address, e.category, e.name, e.depositAddress]),
        [
          [DEP, 'exchange', 'Garantex', true],
          [MIXER, 'mixer', 'Tornado', false],
        ],
      )
      const node = r.nodes.find((n) => n.address === MIXER)
      assert.deepEqual(node?.label, { category: 'mixer', name: 'Tornado' })
      assert.deepEqual(node?.labels.map((l) => l.category).sort(), ['mixer', 'sanctioned'])
    } finally {
      await store.close()
    }
  })
})
