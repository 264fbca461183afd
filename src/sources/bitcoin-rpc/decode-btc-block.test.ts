import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseBitcoinJson } from './bitcoin-json.ts'
import { decodeBtcBlock } from './decode-btc-block.ts'

const H = (c: string) => c.repeat(64)

// A block as Bitcoin Core 22+ prints it (one `address`, no reqSigs), with a segwit spend and an OP_RETURN.
const answer = `{"hash": "${H('a')}", "height": 800000, "size": 500, "strippedsize": 300, "weight": 1400,
  "version": 536870912, "merkleroot": "${H('b')}", "time": 1690168629, "nonce": 106861918, "bits": "17053894",
  "previousblockhash": "${H('c')}", "nTx": 2, "tx": [
  {"txid": "${H('d')}", "hash": "${H('d')}", "version": 2, "size": 100, "vsize": 73, "locktime": 0,
   "vin": [{"coinbase": "0300350c", "sequence": 4294967295}],
   "vout": [{"value": 6.25000000, "n": 0, "scriptPubKey": {"asm": "OP_1", "hex": "51", "type": "nonstandard"}},
            {"value": 0.00000000, "n": 1, "scriptPubKey": {"asm": "OP_RETURN 68656c6c6f20776f726c64",
              "hex": "6a0b68656c6c6f20776f726c64", "type": "nulldata"}}]},
  {"txid": "${H('e')}", "hash": "${H('f')}", "version": 2, "size": 222, "vsize": 141, "locktime": 799999,
   "vin": [{"txid": "${H('1')}", "vout": 3, "scriptSig": {"asm": "", "hex": ""},
            "txinwitness": ["3044", "02aa"], "sequence": 4294967293}],
   "vout": [{"value": 0.29000000, "n": 0, "scriptPubKey": {"asm": "0 751e76e8199196d454941c45d1b3a323f1433bd6",
     "hex": "0014751e76e8199196d454941c45d1b3a323f1433bd6", "address": "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
     "type": "witness_v0_keyhash"}}]}]}`

test('a Core 22+ block: coinbase input dropped into coinbase_param, txid as hash, nonce as hex', () => {
  const { block, transactions } = decodeBtcBlock(parseBitcoinJson(answer))
  assert.equal(block.coinbaseParam, '0300350c')
  assert.equal(block.nonce, '65e955e')
  assert.equal(block.number, 800000n)
  assert.equal(block.previousHash, H('c'))
  assert.equal(block.transactionCount, 2)
  const [coinbase, spend] = transactions
  assert.equal(coinbase?.isCoinbase, true)
  assert.deepEqual(coinbase?.inputs, [])
  assert.equal(coinbase?.fee, 0n)
  assert.equal(coinbase?.outputValue, 625_000_000n)
  assert.equal(spend?.hash, H('e'), 'the txid, not the witness hash')
  assert.equal(spend?.virtualSize, 141)
  assert.equal(spend?.lockTime, 799999n)
})

test('outputs without an address are nonstandard<sha256(script)[:40]>, as bitcoin-etl names them', () => {
  const { transactions } = decodeBtcBlock(parseBitcoinJson(answer))
  const outs = transactions[0]?.outputs ?? []
  // sha256(0x51) and sha256(6a0b68656c6c6f20776f726c64), computed apart with Python's hashlib.
  assert.deepEqual(
    outs.map((o) => [o.type, o.addresses, o.value, o.requiredSignatures]),
    [
      ['nonstandard', ['nonstandard4ae81572f06e1b88fd5ced7a1a000945432e83e1'], 625_000_000n, null],
      ['nonstandard', ['nonstandard5242ca0b198447ec110caa10a2227eaee528d73f'], 0n, null],
    ],
  )
})

test('an input carries its outpoint, witness and sequence, and no value until enriched', () => {
  const spend = decodeBtcBlock(parseBitcoinJson(answer)).transactions[1]
  assert.deepEqual(spend?.inputs, [
    {
      index: 0,
      spentTransactionHash: H('1'),
      spentOutputIndex: 3,
      scriptAsm: '',
      scriptHex: '',
      sequence: 4294967293n,
      requiredSignatures: null,
      type: null,
      addresses: [],
      value: null,
      witness: ['3044', '02aa'],
    },
  ])
  assert.equal(spend?.inputValue, null)
  assert.equal(spend?.fee, null)
  assert.deepEqual(spend?.outputs[0]?.addresses, ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'])
  assert.equal(spend?.outputs[0]?.value, 29_000_000n, '0.29 BTC exactly')
})

test('getblock at verbosity 1 (txids only) is RPC_INVALID_DATA', () => {
  const v1 = `{"hash": "${H('a')}", "height": 1, "tx": ["${H('d')}"]}`
  assert.throws(() => decodeBtcBlock(parseBitcoinJson(v1)), { code: 'RPC_INVALID_DATA' })
})
