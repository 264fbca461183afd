import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatAssetAmount, groupThousands, nativeAsset } from './asset-amount.ts'

test('amounts read in the asset symbol and decimals, exact, grouped by thousands', () => {
  const eth = nativeAsset('ethereum')
  // 1413.826237060000070656 ETH in wei: more digits than a double holds.
  assert.equal(formatAssetAmount(1_413_826_237_060_000_070_656n, eth, 'native'), '1,413.826237060000070656 ETH')
  assert.equal(formatAssetAmount(3_863_850_135_610_000_070_656n, eth, 'native'), '3,863.850135610000070656 ETH')
  assert.equal(formatAssetAmount(1_500_000n * 10n ** 6n, { symbol: 'USDX', decimals: 6 }, '0xabc'), '1,500,000 USDX')
  assert.equal(formatAssetAmount(50n, eth, 'native'), '0.00000000000000005 ETH')
  assert.equal(formatAssetAmount(0n, eth, 'native'), '0 ETH')
  assert.equal(
    formatAssetAmount(1234567n, { symbol: null, decimals: null }, '0xabc'),
    '1,234,567 base units of 0xabc (decimals unknown)',
  )
  assert.equal(
    formatAssetAmount(1234567n, { symbol: 'TKN', decimals: null }, '0xabc'),
    '1,234,567 base units of TKN (decimals unknown)',
  )
  assert.equal(groupThousands('-1234567.891'), '-1,234,567.891')
  assert.equal(groupThousands('999'), '999')
  assert.deepEqual(nativeAsset('bsc'), { symbol: 'BNB', decimals: 18 })
  assert.deepEqual(nativeAsset('demo'), { symbol: 'ETH', decimals: 18 })
})
