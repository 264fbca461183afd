import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EvmAddressTable } from './evm-address-table.ts'
import { LabelIndex } from './label-index.ts'
import type { Label } from './label-types.ts'

const LAZARUS = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96'

// A seeded xorshift: repeatable addresses, including runs of zeros like vanity addresses.
function addresses(n: number, seed: number): string[] {
  let x = seed
  const next = () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return x >>> 0
  }
  return Array.from({ length: n }, (_, i) => {
    if (i % 10 === 0) return `0x${i.toString(16).padStart(40, '0')}`
    let hex = ''
    for (let k = 0; k < 5; k++) hex += next().toString(16).padStart(8, '0')
    return `0x${hex}`
  })
}

test('EvmAddressTable agrees with a Map on 50,000 addresses through growth, hits and misses', () => {
  const all = addresses(100_000, 2463534242)
  const table = new EvmAddressTable<number>()
  const reference = new Map<string, number>()
  all.slice(0, 50_000).forEach((a, i) => {
    assert.equal(table.set(a, i), true)
    reference.set(a, i)
  })
  assert.equal(table.size, reference.size)
  for (const a of all) assert.equal(table.get(a), reference.get(a), a)
})

test('EvmAddressTable: any case and 0X are one key; a second set replaces; non-addresses are refused', () => {
  const table = new EvmAddressTable<string>()
  assert.equal(table.set(LAZARUS, 'first'), true)
  assert.equal(table.get(LAZARUS.toLowerCase()), 'first')
  assert.equal(table.get(`0X${LAZARUS.slice(2).toUpperCase()}`), 'first')
  assert.equal(table.set(LAZARUS.toLowerCase(), 'second'), true)
  assert.equal(table.size, 1)
  assert.equal(table.get(LAZARUS), 'second')
  for (const bad of [
    `${LAZARUS.slice(0, 41)}g`,
    `${LAZARUS.slice(0, 41)}\u0106`,
    LAZARUS.slice(0, 41),
    `${LAZARUS}0`,
    `1x${LAZARUS.slice(2)}`,
    ` ${LAZARUS.slice(1)}`,
  ]) {
    assert.equal(table.set(bad, 'bad'), false, bad)
    assert.equal(table.get(bad), undefined, bad)
  }
  assert.equal(table.get('0x0000000000000000000000000000000000000000'), undefined)
  assert.equal(table.size, 1)
})

test('EvmAddressTable: addresses sharing their last 16 digits are told apart by the rest', () => {
  const tail = 'deadbeefcafe0001'
  const heads = ['0'.repeat(24), 'f'.repeat(24), `${'0'.repeat(23)}1`, `1${'0'.repeat(23)}`]
  const table = new EvmAddressTable<number>()
  heads.forEach((h, i) => {
    assert.equal(table.set(`0x${h}${tail}`, i), true)
  })
  assert.equal(table.size, 4)
  heads.forEach((h, i) => {
    assert.equal(table.get(`0x${h.toUpperCase()}${tail.toUpperCase()}`), i)
  })
  assert.equal(table.get(`0x${'0'.repeat(22)}10${tail}`), undefined)
  assert.equal(table.get(`0x${'0'.repeat(23)}x${tail}`), undefined)
  assert.equal(table.get(`0x${'0'.repeat(24)}deadbeefcafe0002`), undefined)
})

test('LabelIndex.lookup: checksum, lower and upper case find the same labels on every EVM chain', () => {
  const base: Label = {
    chain: 'ethereum',
    address: LAZARUS,
    category: 'sanctioned',
    name: 'Lazarus Group',
    source: 'ofac-sdn',
    sourceDate: '2025-11-19',
    confidence: 100,
    programmes: ['DPRK3'],
    asset: 'ETH',
    notes: null,
  }
  // An EVM-chain label whose address is not 0x + 40 hex digits still matches its exact (lowercased) form.
  const odd = `0x${'z'.repeat(40)}`
  const index = LabelIndex.fromLabels([
    { ...base, category: 'exchange', name: 'later' },
    base,
    { ...base, address: odd.toUpperCase().replace('0X', '0x'), name: 'odd' },
  ])
  for (const a of [LAZARUS, LAZARUS.toLowerCase(), `0x${LAZARUS.slice(2).toUpperCase()}`]) {
    for (const chain of ['ethereum', 'arbitrum', 'bsc']) {
      assert.deepEqual(
        index.lookup(chain, a).map((l) => [l.category, l.name]),
        [
          ['sanctioned', 'Lazarus Group'],
          ['exchange', 'later'],
        ],
      )
    }
  }
  assert.deepEqual(
    index.lookup('ethereum', odd).map((l) => l.name),
    ['odd'],
  )
  assert.deepEqual(index.lookup('ethereum', `0x${'0'.repeat(40)}`), [])
  assert.deepEqual(index.lookup('bitcoin', LAZARUS), [])
})
