import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isNativeSymbol, labelAmountUnits, parseLabelDenomination } from './pool-label.ts'

test('a mixer label states one denomination, or none', () => {
  assert.deepEqual(parseLabelDenomination('Tornado.Cash: 10 ETH'), { amount: '10', symbol: 'ETH' })
  assert.deepEqual(parseLabelDenomination('Tornado.Cash: 100,000 USDT'), { amount: '100000', symbol: 'USDT' })
  assert.deepEqual(parseLabelDenomination('Mixer (100 ETH pool)'), { amount: '100', symbol: 'ETH' })
  assert.deepEqual(parseLabelDenomination('Tornado.Cash: 0.10 ETH'), { amount: '0.1', symbol: 'ETH' })
  assert.deepEqual(parseLabelDenomination('Tornado.Cash: 5,000,000 cDAI'), { amount: '5000000', symbol: 'CDAI' })
  for (const none of ['Tornado.Cash: Router', 'Tornado.Cash', 'Mixer 1 ETH or 10 ETH', 'Tornado.Cash: 0 ETH']) {
    assert.equal(parseLabelDenomination(none), null, none)
  }
  assert.equal(labelAmountUnits({ amount: '0.1', symbol: 'ETH' }, 18), 100_000_000_000_000_000n)
  assert.equal(labelAmountUnits({ amount: '100000', symbol: 'USDT' }, 6), 100_000_000_000n)
  assert.equal(labelAmountUnits({ amount: '0.0000001', symbol: 'USDT' }, 6), null)
  assert.equal(isNativeSymbol('ethereum', 'eth'), true)
  assert.equal(isNativeSymbol('bsc', 'ETH'), false)
  assert.equal(isNativeSymbol('bsc', 'BNB'), true)
})
