import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { ensureWrappedNative } from './wrapped-native.ts'

const WETH = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2'

test('WETH9 is wrapped native on ethereum by default; cached metadata is kept; other chains get none', async () => {
  const store = await openDuckDbStore(':memory:')
  await store.putTokens([
    {
      chain: 'ethereum',
      address: WETH,
      symbol: 'WETH',
      name: 'Wrapped Ether (cached)',
      decimals: 18,
      wrappedNative: false,
    },
  ])
  assert.deepEqual([...(await ensureWrappedNative(store, 'ethereum'))], [WETH])
  assert.equal((await store.getTokens('ethereum', [WETH])).get(WETH)?.name, 'Wrapped Ether (cached)')
  assert.deepEqual([...(await ensureWrappedNative(store, 'testnet'))], [])
  await store.close()
})
