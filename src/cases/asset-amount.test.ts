import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formattedAmount, groupDigits, humanAmount, unitsOf, unitsText } from './asset-amount.ts'

const USDX = { symbol: 'USDX', decimals: 6 }

describe('amounts for people, exact', () => {
  it('formats base units in the asset units without a float, base units kept beside', () => {
    assert.deepEqual(formattedAmount('1500000000000', USDX), {
      amount: '1500000000000',
      amountFormatted: '1500000',
      symbol: 'USDX',
      decimals: 6,
    })
    // 2^64 + 1 wei: a float would round it.
    assert.equal(unitsText(18446744073709551617n, { symbol: 'ETH', decimals: 18 }), '18.446744073709551617')
  })
  it('groups digits and names the asset in messages; unknown decimals stay base units and say so', () => {
    assert.equal(humanAmount('750000500000', USDX), '750,000.5 USDX')
    assert.equal(humanAmount(60n * 10n ** 18n, unitsOf(undefined, 'native')), '60 ETH')
    assert.equal(humanAmount('123', { symbol: null, decimals: null }, '0xabc'), '123 base units of 0xabc')
    assert.equal(groupDigits('1234567.891'), '1,234,567.891')
    assert.equal(groupDigits('999'), '999')
  })
  it('reads units from a trace asset table, native as ETH with 18 decimals', () => {
    assert.deepEqual(unitsOf({ '0xab': { symbol: 'USDX', decimals: 6 } }, '0xAB'), USDX)
    assert.deepEqual(unitsOf({}, 'native'), { symbol: 'ETH', decimals: 18 })
    assert.deepEqual(unitsOf({}, '0xcd'), { symbol: null, decimals: null })
  })
})
