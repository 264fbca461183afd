import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { schnorr, secp256k1 } from '@noble/curves/secp256k1'
import { sha256 } from '@noble/hashes/sha2.js'
import { hex } from '@scure/base'
import { hash160 } from '@scure/btc-signer/utils.js'
import { compactSize, concat, dsha256, u32le, utf8 } from './bytes.ts'
import type { DevTx } from './dev-tx.ts'
import { buildSampleChain } from './sample-chain.ts'

// The sighashes written out from BIP143, BIP341 and the legacy algorithm, checked with noble's verifiers (viem pins
// @noble/curves): a check on the signed bytes that does not go through the library that signed them.

const u64le = (v: bigint) => {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigUint64(0, v, true)
  return b
}
const outpoint = (tx: DevTx, i: number) => concat(hex.decode(tx.inputs[i]!.txid).reverse(), u32le(tx.inputs[i]!.vout))
const serOutputs = (tx: DevTx) =>
  concat(...tx.outputs.map((o) => concat(u64le(o.value), compactSize(o.script.length), o.script)))
const all = (tx: DevTx, f: (i: number) => Uint8Array) => concat(...tx.inputs.map((_, i) => f(i)))

function bip143(tx: DevTx, i: number, pubkey: Uint8Array): Uint8Array {
  const scriptCode = concat(Uint8Array.of(0x19, 0x76, 0xa9, 0x14), hash160(pubkey), Uint8Array.of(0x88, 0xac))
  return dsha256(
    concat(
      u32le(tx.version),
      dsha256(all(tx, (k) => outpoint(tx, k))),
      dsha256(all(tx, (k) => u32le(tx.inputs[k]!.sequence))),
      outpoint(tx, i),
      scriptCode,
      u64le(tx.prevouts[i]!.value),
      u32le(tx.inputs[i]!.sequence),
      dsha256(serOutputs(tx)),
      u32le(tx.lockTime),
      u32le(1),
    ),
  )
}

function legacy(tx: DevTx, i: number): Uint8Array {
  const ins = tx.inputs.map((input, k) => {
    const script = k === i ? tx.prevouts[k]!.script : new Uint8Array()
    return concat(outpoint(tx, k), compactSize(script.length), script, u32le(input.sequence))
  })
  const body = concat(
    u32le(tx.version),
    compactSize(ins.length),
    ...ins,
    compactSize(tx.outputs.length),
    serOutputs(tx),
  )
  return dsha256(concat(body, u32le(tx.lockTime), u32le(1)))
}

function bip341(tx: DevTx, i: number, hashType: number): Uint8Array {
  const tag = sha256(utf8('TapSighash'))
  const msg = concat(
    Uint8Array.of(0x00, hashType),
    u32le(tx.version),
    u32le(tx.lockTime),
    sha256(all(tx, (k) => outpoint(tx, k))),
    sha256(all(tx, (k) => u64le(tx.prevouts[k]!.value))),
    sha256(all(tx, (k) => concat(compactSize(tx.prevouts[k]!.script.length), tx.prevouts[k]!.script))),
    sha256(all(tx, (k) => u32le(tx.inputs[k]!.sequence))),
    sha256(serOutputs(tx)),
    Uint8Array.of(0x00),
    u32le(i),
  )
  return sha256(concat(tag, tag, msg))
}

/** The signature and key of input i, checked against the output it spends. */
function verifyInput(tx: DevTx, i: number): string {
  const spent = tx.prevouts[i]!.script
  const w = tx.inputs[i]!.witness
  const der = (s: Uint8Array) => {
    assert.equal(s.at(-1), 0x01, 'SIGHASH_ALL')
    return s.subarray(0, -1)
  }
  if (spent[0] === 0x51) {
    const sig = w[0]!
    const ok = schnorr.verify(sig.subarray(0, 64), bip341(tx, i, sig.length === 65 ? sig[64]! : 0), spent.subarray(2))
    assert.ok(ok, `taproot input ${i} of ${tx.txid}`)
    return 'p2tr'
  }
  if (spent[0] === 0x76) {
    const sig = tx.inputs[i]!.scriptSig.subarray(1, 1 + tx.inputs[i]!.scriptSig[0]!)
    const pub = tx.inputs[i]!.scriptSig.subarray(2 + sig.length)
    assert.deepEqual(hash160(pub), spent.subarray(3, 23))
    assert.ok(secp256k1.verify(der(sig), legacy(tx, i), pub, { format: 'der' }), `p2pkh input ${i}`)
    return 'p2pkh'
  }
  const [sig, pub] = [w[0]!, w[1]!]
  assert.ok(secp256k1.verify(der(sig), bip143(tx, i, pub), pub, { format: 'der' }), `segwit v0 input ${i}`)
  if (spent[0] === 0x00) {
    assert.deepEqual(hash160(pub), spent.subarray(2))
    return 'p2wpkh'
  }
  const redeem = tx.inputs[i]!.scriptSig.subarray(1)
  assert.deepEqual(hex.encode(redeem), `0014${hex.encode(hash160(pub))}`)
  assert.deepEqual(hash160(redeem), spent.subarray(2, 22))
  return 'p2sh-p2wpkh'
}

describe('the devnet signs what the spent outputs demand', () => {
  it('every input of every wallet kind carries a valid signature by the key its output commits to', () => {
    const chain = buildSampleChain()
    const kinds = chain.blocks
      .slice(101, 103)
      .flatMap((b) => b.txs.slice(1))
      .flatMap((tx) => tx.inputs.map((_, i) => verifyInput(tx, i)))
    assert.deepEqual(kinds.sort(), ['p2pkh', 'p2sh-p2wpkh', 'p2tr', 'p2wpkh', 'p2wpkh'])
  })
})

describe('the sighash check has teeth', () => {
  it('fails once an output value changes by one satoshi', () => {
    const chain = buildSampleChain()
    for (const tx of chain.blocks[102]!.txs.slice(1)) {
      const tampered = { ...tx, outputs: tx.outputs.map((o, n) => (n === 0 ? { ...o, value: o.value + 1n } : o)) }
      assert.throws(() => verifyInput(tampered, 0), assert.AssertionError)
    }
  })
})
