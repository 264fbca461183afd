import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { PoolActivity } from '../../mixer/mixer-types.ts'
import { addr, txHash } from '../trace-fixture.ts'
import type { TraceEndpoint, TraceResult } from '../trace-types.ts'
import { depositAt } from './probable-test-kit.ts'
import { taintedDeposits } from './tainted-deposits.ts'

const [P100, P10, ROUTER, D] = [0x100, 0x10, 0x200, 1].map(addr) as [string, string, string, string]
const pool = (address: string, denomination: bigint) => ({
  chain: 'ethereum',
  address,
  asset: 'native',
  denomination,
  name: null,
  recognisedBy: 'events' as const,
})

const endpoint = (address: string, arrivals: { tx: string; tainted: bigint }[], hop: number): TraceEndpoint => ({
  address,
  category: 'mixer',
  name: null,
  depositAddress: false,
  asset: 'native',
  amount: arrivals.reduce((s, a) => s + a.tainted, 0n),
  firstArrival: null,
  txs: arrivals.map((a) => a.tx),
  freezableBy: [],
  hop,
  path: [],
  arrivals,
})

describe('taintedDeposits', () => {
  it('shares one transaction’s taint between its notes by denomination; a transaction without a note is unmatched', () => {
    // One router transaction pays a 100 and a 10 note; 55 of its 110 are tainted: 50 and 5.
    const big = depositAt(P100, 7, D, 0)
    const small = { ...depositAt(P10, 7, D, 0), logIndex: 3 }
    const activity: PoolActivity = {
      pools: [pool(P100, 100n), pool(P10, 10n)],
      deposits: [small, big],
      withdrawals: [],
      interactions: new Map(),
      clusters: new Map(),
    }
    const result = {
      edges: [],
      endpoints: [
        endpoint(
          ROUTER,
          [
            { tx: txHash(7), tainted: 55n },
            { tx: txHash(9), tainted: 4n },
          ],
          3,
        ),
      ],
    } as unknown as TraceResult
    const t = taintedDeposits(result, activity)
    assert.deepEqual(
      t.deposits.map((d) => [d.pool, d.logIndex, d.endpoint, d.tainted]),
      [
        [P100, 0, ROUTER, 50n],
        [P10, 3, ROUTER, 5n],
      ],
    )
    assert.deepEqual(t.unmatched, { native: 4n })
    assert.deepEqual([...t.hops.values()], [3, 3])
  })
})
