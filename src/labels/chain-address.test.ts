import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DragnetError } from '../core/errors.ts'
import { addressKey, detectChain, toChecksumAddress, validateAddress } from './chain-address.ts'

function reasonOf(chain: string, address: string): string {
  try {
    validateAddress(chain, address)
  } catch (error) {
    assert.ok(error instanceof DragnetError)
    assert.equal(error.code, 'INVALID_ADDRESS')
    return String(error.details.reason)
  }
  return 'valid'
}

// The test vectors of EIP-55.
const EIP55 = [
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
  '0xde709f2102306220921060314715629080e2fb77',
  '0x27b1fdb04752bbc536007a920d24acb045561c26',
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
]

test('EIP-55 vectors checksum to themselves and validate; a changed case fails with bad-checksum', () => {
  for (const a of EIP55.slice(4)) assert.equal(toChecksumAddress(a.toLowerCase()), a)
  for (const a of EIP55) assert.equal(validateAddress('ethereum', a), a.toLowerCase())
  assert.equal(reasonOf('ethereum', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'), 'bad-checksum')
  assert.equal(reasonOf('ethereum', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'), 'valid')
  assert.equal(reasonOf('ethereum', '0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED'), 'valid')
  assert.equal(reasonOf('ethereum', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe'), 'bad-length')
  assert.equal(reasonOf('ethereum', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeZ'), 'bad-characters')
  assert.equal(reasonOf('ethereum', '5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), 'bad-prefix')
})

test('BIP-173 and BIP-350 segwit vectors', () => {
  const valid = [
    'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4',
    'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7',
    'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y',
    'BC1SW50QGDZ25J',
    'bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs',
    'tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c',
    'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
  ]
  for (const a of valid) assert.equal(validateAddress('bitcoin', a), a.toLowerCase(), a)
  const invalid: [string, string][] = [
    ['tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty', 'bad-prefix'],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'bad-checksum'],
    ['BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2', 'bad-checksum'],
    ['bc1rw5uspcuh', 'bad-checksum'],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', 'bad-checksum'],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', 'bad-checksum'],
    ['BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL', 'bad-checksum'],
    ['bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', 'bad-characters'],
    ['BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R', 'bad-version'],
    ['bc1pw5dgrnzv', 'bad-length'],
    ['BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', 'bad-length'],
    ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3Q0sl5k7', 'mixed-case'],
    ['bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du', 'bad-checksum'],
    ['bc1gmk9yu', 'bad-checksum'],
  ]
  for (const [a, reason] of invalid) assert.equal(reasonOf('bitcoin', a), reason, a)
})

test('base58check for Bitcoin and Tron (real Tron addresses from the SDN list)', () => {
  assert.equal(validateAddress('bitcoin', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'), '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')
  assert.equal(validateAddress('bitcoin', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'), '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')
  assert.equal(reasonOf('bitcoin', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3'), 'bad-checksum')
  assert.equal(reasonOf('bitcoin', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN0'), 'bad-characters')
  for (const a of [
    'TFwjPScaJRCbSWVAywE1S1WgaUgSnyYUbD',
    'TJkBr9TZ1xBeJoF7RNWqyEMbYqVJ6fXXHR',
    'TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre',
  ]) {
    assert.equal(validateAddress('tron', a), a)
    assert.equal(detectChain(a), 'tron')
  }
  assert.equal(reasonOf('tron', 'TFwjPScaJRCbSWVAywE1S1WgaUgSnyYUbE'), 'bad-checksum')
  assert.equal(reasonOf('tron', 'TFwjPScaJRCbSWVAywE1S1WgaUgSnyYUb'), 'bad-length')
  assert.equal(reasonOf('tron', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'), 'bad-prefix')
})

test('keys put every EVM chain in one key space and keep base58 case', () => {
  assert.equal(
    addressKey('bsc', '0xAbC0000000000000000000000000000000000001'),
    addressKey('ethereum', '0xabc0000000000000000000000000000000000001'),
  )
  assert.equal(addressKey('tron', 'TFwjPScaJRCbSWVAywE1S1WgaUgSnyYUbD'), 'tron:TFwjPScaJRCbSWVAywE1S1WgaUgSnyYUbD')
  assert.equal(
    addressKey('bitcoin', 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4'),
    'bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
  )
})
