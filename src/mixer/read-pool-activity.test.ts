import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeAbiParameters, encodeEventTopics, type Hex } from 'viem'
import { MapEndpointLabels } from '../labels/endpoint-labels.ts'
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { addr, txHash } from './pool-activity-fixture.ts'
import { POOL_EVENTS } from './pool-events.ts'
import { depositLog, log, transfer, tx } from './pool-rows-fixture.ts'
import { readPoolActivity } from './read-pool-activity.ts'

const USDX = addr('70c')
const TOKEN_POOL = addr('7001')
const ETH_POOL = addr('e001')
const VARIED = addr('fa11')
const [U1, U2, U3, Y, R] = [addr('a1'), addr('a2'), addr('a3'), addr('b1'), addr('fee')]
const NOTE = 100_000_000_000n // 100,000 USDX at 6 decimals
const E18 = 10n ** 18n

test('token pools by label and transfers, batch deposits, relayed withdrawals, and what is not a pool', async (t) => {
  const store = await openDuckDbStore(':memory:')
  t.after(() => store.close())
  await store.putTokens([
    { chain: 'devnet', address: USDX, symbol: 'USDX', name: 'USD X', decimals: 6, wrappedNative: false },
  ])
  const withdrawal = encodeEventTopics({ abi: POOL_EVENTS, eventName: 'Withdrawal', args: { relayer: R as Hex } })
  await store.writeBatch({
    chain: 'devnet',
    fromBlock: 1n,
    toBlock: 7n,
    replace: [],
    tables: {
      transactions: [
        tx(1, 1, U1, TOKEN_POOL),
        tx(2, 2, U2, TOKEN_POOL),
        tx(3, 3, U1, VARIED, E18),
        tx(4, 4, U2, VARIED, 2n * E18),
        tx(5, 5, U3, ETH_POOL, 2n * E18),
        tx(6, 6, R, TOKEN_POOL),
        tx(7, 7, U1, USDX),
        tx(8, 7, U2, Y, 1n),
      ],
      logs: [
        depositLog(1, 1, 1, TOKEN_POOL, 0),
        depositLog(2, 2, 1, TOKEN_POOL, 1),
        depositLog(3, 3, 0, VARIED, 0),
        depositLog(4, 4, 0, VARIED, 1),
        depositLog(5, 5, 0, ETH_POOL, 0),
        depositLog(5, 5, 1, ETH_POOL, 1),
        log(
          6,
          6,
          2,
          TOKEN_POOL,
          withdrawal,
          encodeAbiParameters(
            [{ type: 'address' }, { type: 'bytes32' }, { type: 'uint256' }],
            [Y as Hex, txHash(777) as Hex, 500_000_000n],
          ),
        ),
      ],
      transfers: [
        transfer(1, 1, U1, TOKEN_POOL, USDX, NOTE),
        transfer(2, 2, U2, TOKEN_POOL, USDX, NOTE),
        transfer(3, 3, U1, VARIED, 'native', E18),
        transfer(4, 4, U2, VARIED, 'native', 2n * E18),
        transfer(5, 5, U3, ETH_POOL, 'native', 2n * E18),
        transfer(6, 6, TOKEN_POOL, Y, USDX, NOTE - 500_000_000n, 0),
        transfer(6, 6, TOKEN_POOL, R, USDX, 500_000_000n, 1),
        // A zero-amount transferFrom anyone can forge "from" U1, and a real 1-wei payment from U2.
        transfer(7, 7, U1, Y, USDX, 0n),
        transfer(8, 7, U2, Y, 'native', 1n),
      ],
    },
  })
  const labels = new MapEndpointLabels([
    [TOKEN_POOL, { category: 'mixer', name: 'Tornado.Cash: 100,000 USDX' }],
    // Labelled as a pool, but its deposits paid 1 and 2 ETH: not one denomination, so not a pool.
    [VARIED, { category: 'mixer', name: 'Mixer (1 ETH pool)' }],
  ])
  const a = await readPoolActivity(store, 'devnet', labels)
  assert.deepEqual(
    a.pools,
    [
      {
        chain: 'devnet',
        address: TOKEN_POOL,
        asset: USDX,
        denomination: NOTE,
        name: 'Tornado.Cash: 100,000 USDX',
        recognisedBy: 'label+events',
      },
      { chain: 'devnet', address: ETH_POOL, asset: 'native', denomination: E18, name: null, recognisedBy: 'events' },
    ].sort((x, y) => (x.address < y.address ? -1 : 1)),
  )
  assert.deepEqual(
    a.deposits.map((d) => [d.pool, d.tx, d.logIndex, d.depositor, d.leafIndex, d.time, d.gas.maxFeePerGas]),
    [
      [TOKEN_POOL, txHash(1), 1, U1, 0, 1012n, 2_000_000_001n],
      [TOKEN_POOL, txHash(2), 1, U2, 1, 1024n, 2_000_000_002n],
      [ETH_POOL, txHash(5), 0, U3, 0, 1060n, 2_000_000_005n],
      [ETH_POOL, txHash(5), 1, U3, 1, 1060n, 2_000_000_005n],
    ],
  )
  assert.deepEqual(a.withdrawals, [
    {
      pool: TOKEN_POOL,
      tx: txHash(6),
      logIndex: 2,
      block: 6n,
      time: 1072n,
      recipient: Y,
      relayer: R,
      fee: 500_000_000n,
      sender: R,
      nullifierHash: txHash(777),
      gas: { type: 2, gasPrice: null, maxFeePerGas: 2_000_000_006n, maxPriorityFeePerGas: 1_000_000n },
    },
  ])
  assert.deepEqual([...a.interactions], [[`${U2}|${Y}`, { tx: txHash(8), block: 7n }]])

  // Without a store that names tokens the label cannot be checked: the events alone recognise the pool.
  const bare = await readPoolActivity({ read: store.read.bind(store) }, 'devnet', labels)
  assert.deepEqual(
    bare.pools.map((p) => [p.address, p.recognisedBy]),
    a.pools.map((p) => [p.address, p.address === TOKEN_POOL ? 'events' : p.recognisedBy]),
  )
})
