import assert from 'node:assert/strict'
import { test } from 'node:test'
import { btcToSatoshi } from './btc-amount.ts'

test('BTC decimal text becomes exact satoshi, where the double would round', () => {
  assert.equal(btcToSatoshi('50.00000000'), 5_000_000_000n)
  assert.equal(btcToSatoshi('50.0'), 5_000_000_000n)
  assert.equal(btcToSatoshi('0.29'), 29_000_000n)
  assert.equal(Math.trunc(0.29 * 1e8), 28_999_999, 'the float path is wrong by one satoshi')
  assert.equal(btcToSatoshi('20999999.97690000'), 2_099_999_997_690_000n)
  assert.equal(btcToSatoshi('0.00000001'), 1n)
  assert.equal(btcToSatoshi('5e-05'), 5_000n)
  assert.equal(btcToSatoshi('1E+1'), 1_000_000_000n)
  assert.equal(btcToSatoshi('0'), 0n)
  assert.equal(btcToSatoshi('-1.5'), -150_000_000n)
  assert.equal(btcToSatoshi('0.000000010'), 1n)
})

test('more precision than a satoshi, or no number, is RPC_INVALID_DATA', () => {
  for (const bad of ['0.000000001', '1.2.3', '', 'abc', '1e-9']) {
    assert.throws(() => btcToSatoshi(bad), { code: 'RPC_INVALID_DATA' }, bad)
  }
})
