import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { addDecimals, decimalToString, formatUsd, parseDecimal, roundDecimal, valueUsd } from './usd.ts'

describe('exact USD arithmetic', () => {
  test('1.5 ETH at $2,739.15 is exactly $4,108.725, shown as $4,108.73', () => {
    const v = valueUsd(1_500_000_000_000_000_000n, 18, { units: 273915n, scale: 2 })
    assert.equal(decimalToString(v), '4108.725')
    assert.equal(formatUsd(v), '$4,108.73')
  })

  test('a Chainlink answer with 8 decimals: 250 USDT (6 decimals) at 1.00010000 is $250.025', () => {
    const v = valueUsd(250_000_000n, 6, { units: 100_010_000n, scale: 8 })
    assert.deepEqual(v, { units: 25_002_500_000_000_000n, scale: 14 })
    assert.equal(decimalToString(v), '250.025')
  })

  test('no float: 123456789.123456789 ETH at $3,000.000000000000000001 stays exact', () => {
    const amount = 123_456_789_123_456_789_000_000_000n
    const price = parseDecimal('3000.000000000000000001')
    assert.ok(price)
    // 123456789.123456789 * 3000.000000000000000001 = 370370367370.370367 + 0.000000000123456789123456789
    assert.equal(decimalToString(valueUsd(amount, 18, price)), '370370367370.370367000123456789123456789')
  })

  test('sums align scales exactly', () => {
    const s = addDecimals([
      { units: 4108725n, scale: 3 },
      { units: 250025n, scale: 3 },
      { units: 1n, scale: 8 },
    ])
    assert.equal(decimalToString(s), '4358.75000001')
  })

  test('rounding is half away from zero, at display only', () => {
    assert.equal(decimalToString(roundDecimal({ units: 5n, scale: 3 }, 2)), '0.01')
    assert.equal(decimalToString(roundDecimal({ units: 4n, scale: 3 }, 2)), '0')
    assert.equal(decimalToString(roundDecimal({ units: -125n, scale: 3 }, 2)), '-0.13')
    assert.equal(formatUsd({ units: 123456789012n, scale: 2 }), '$1,234,567,890.12')
    assert.equal(formatUsd({ units: 0n, scale: 0 }), '$0.00')
  })

  test('prices parse exactly or not at all', () => {
    assert.deepEqual(parseDecimal('2739.15'), { units: 273915n, scale: 2 })
    assert.deepEqual(parseDecimal('1'), { units: 1n, scale: 0 })
    assert.equal(parseDecimal('1e3'), undefined)
    assert.equal(parseDecimal('-1'), undefined)
    assert.equal(parseDecimal('1.'), undefined)
    assert.equal(parseDecimal('0.1234567890123456789'), undefined)
  })
})
