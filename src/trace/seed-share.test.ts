import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MapEndpointLabels } from '../labels/endpoint-labels.ts'
import { runTrace } from './run-trace.ts'
import { addr, storeWith, txHash } from './trace-fixture.ts'
import { traceRequest } from './trace-request.ts'
import type { TaintModel } from './trace-types.ts'

const [POOL, A, B, C, D, E] = [0x100, 1, 2, 3, 4, 5].map(addr) as [string, string, string, string, string, string]

/** One transaction pays 99 and 1 from the pool and 50 from C to E; A then pays 33 of its 99 on to D. */
const CHAIN = [
  { block: 1, from: B, to: POOL, amount: 100 },
  { block: 2, from: POOL, to: A, amount: 99, kind: 'internal' as const, position: 'trace:0' },
  { block: 2, from: POOL, to: B, amount: 1, kind: 'internal' as const, position: 'trace:1' },
  { block: 2, from: C, to: E, amount: 50 },
  { block: 3, from: A, to: D, amount: 33 },
]

async function traced(model: TaintModel, share: { from: string; tainted: bigint; of: bigint }) {
  const store = await storeWith(CHAIN)
  try {
    const request = traceRequest('ethereum', { addresses: [], txs: [txHash(2)] }, { model })
    request.seedShare = share
    return await runTrace(store, request, new MapEndpointLabels())
  } finally {
    await store.close()
  }
}

describe('a partial seed (seedShare)', () => {
  it('haircut: only the sender’s transfers are seeded, each floor(amount × tainted / of)', async () => {
    const r = await traced('haircut', { from: POOL, tainted: 3n, of: 4n })
    // floor(99 × 3/4) = 74 and floor(1 × 3/4) = 0; C's 50 to E is not seeded. A passes on 33 × 74/99 = 24 (floor).
    assert.equal(r.totals.native?.stolen, 74n)
    assert.deepEqual(
      r.edges.map((e) => [e.from, e.to, e.tainted]),
      [
        [POOL, A, 74n],
        [A, D, 24n],
      ],
    )
  })

  it('FIFO: the tainted part arrives first and leaves first', async () => {
    const r = await traced('fifo', { from: POOL, tainted: 3n, of: 4n })
    assert.deepEqual(
      r.edges.map((e) => [e.from, e.to, e.tainted]),
      [
        [POOL, A, 74n],
        [A, D, 33n],
      ],
    )
  })

  it('poison: the sender’s transfers are seeded whole', async () => {
    const r = await traced('poison', { from: POOL, tainted: 1n, of: 4n })
    assert.equal(r.totals.native?.stolen, 100n)
    assert.ok(!r.edges.some((e) => e.from === C))
  })

  it('a share that is not a fraction in [0, 1] is refused', async () => {
    await assert.rejects(traced('haircut', { from: POOL, tainted: 5n, of: 4n }), { code: 'INVALID_ARGUMENT' })
    await assert.rejects(traced('haircut', { from: POOL, tainted: 1n, of: 0n }), { code: 'INVALID_ARGUMENT' })
    await assert.rejects(traced('haircut', { from: 'pool', tainted: 1n, of: 2n }), { code: 'INVALID_ADDRESS' })
  })
})
