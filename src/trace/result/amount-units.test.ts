import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { DuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { addr, storeWith } from '../trace-fixture.ts'
import { parseAmountWithUnit, storeUnits, type UnitLookup } from './amount-units.ts'

const USDX = addr(0x40)
const USDX2 = addr(0x41)
const ODD = addr(0x42)
const FAKE_ETH = addr(0x43)

describe('parseAmountWithUnit', () => {
  let store: DuckDbStore
  let units: UnitLookup
  before(async () => {
    store = await storeWith([])
    const token = (address: string, symbol: string, decimals: number | null, chain = 'ethereum') => ({
      chain,
      address,
      symbol,
      name: null,
      decimals,
      wrappedNative: false,
    })
    await store.putTokens([
      token(USDX, 'USDX', 6),
      token(ODD, 'ODD', null),
      token(USDX2, 'USDY', 2),
      token(USDX2, 'USDY', 2, 'other'),
      token(FAKE_ETH, 'ETH', 18, 'scamchain'),
    ])
    units = storeUnits(store, 'ethereum')
  })
  after(async () => {
    await store.close()
  })

  it('gives exact base units from a number and a unit, with or without a space, by symbol or address', async () => {
    assert.deepEqual(await parseAmountWithUnit('0.1ETH', units), { asset: 'native', amount: 10n ** 17n })
    assert.deepEqual(await parseAmountWithUnit('0.1 ETH', units), { asset: 'native', amount: 10n ** 17n })
    assert.deepEqual(await parseAmountWithUnit('1000USDX', units), { asset: USDX, amount: 1_000_000_000n })
    assert.deepEqual(await parseAmountWithUnit('2.5 usdx', units), { asset: USDX, amount: 2_500_000n })
    assert.deepEqual(await parseAmountWithUnit(`0.01 ${USDX2.toUpperCase().replace('0X', '0x')}`, units), {
      asset: USDX2,
      amount: 1n,
    })
    // 0.000000000000000001 ETH is one wei; an integer alone is base units of any asset.
    assert.deepEqual(await parseAmountWithUnit('0.000000000000000001ETH', units), { asset: 'native', amount: 1n })
    assert.deepEqual(await parseAmountWithUnit('12345', units), { asset: null, amount: 12345n })
    assert.deepEqual(await parseAmountWithUnit('123456789012345678901234567890', units), {
      asset: null,
      amount: 123456789012345678901234567890n,
    })
  })

  it('rejects ambiguous, over-precise and unknown amounts with stable codes', async () => {
    const cases: [string, string][] = [
      ['0.1', 'AMOUNT_AMBIGUOUS'],
      ['5 ODD', 'AMOUNT_AMBIGUOUS'],
      ['0.0000001USDX', 'AMOUNT_TOO_PRECISE'],
      ['0.0000000000000000001ETH', 'AMOUNT_TOO_PRECISE'],
      ['0.001 USDY', 'AMOUNT_TOO_PRECISE'],
      ['1 DOGE', 'AMOUNT_UNKNOWN_ASSET'],
      ['-1', 'INVALID_ARGUMENT'],
      ['1,000', 'INVALID_ARGUMENT'],
      ['', 'INVALID_ARGUMENT'],
      ['ETH', 'INVALID_ARGUMENT'],
    ]
    for (const [text, code] of cases) {
      await assert.rejects(parseAmountWithUnit(text, units, '--min'), { code }, text)
    }
  })

  it('a token whose symbol is also the native coin’s is ambiguous', async () => {
    const scam = storeUnits(store, 'scamchain')
    await assert.rejects(parseAmountWithUnit('1ETH', scam), {
      code: 'AMOUNT_AMBIGUOUS',
      message: `amount: ETH names native, ${FAKE_ETH}: give the token address`,
    })
    assert.deepEqual(await parseAmountWithUnit(`1 ${FAKE_ETH}`, scam), { asset: FAKE_ETH, amount: 10n ** 18n })
  })
})
