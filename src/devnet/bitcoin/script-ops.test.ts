import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hex } from '@scure/base'
import { withDescriptorChecksum } from './descriptor-checksum.ts'
import { scriptAsm } from './script-ops.ts'
import { describeScript, MAINNET, REGTEST } from './script-type.ts'

describe("Core's script asm and descriptors", () => {
  it('prints pushes of up to 4 bytes as numbers, longer ones as hex', () => {
    // Bitcoin Core's answer for the memo "tttt" as reported in THORChain's bifrost issue 1102.
    assert.equal(scriptAsm(hex.decode('6a0474747474')), 'OP_RETURN 1953789044')
    assert.equal(scriptAsm(hex.decode('6a0b4144443a4254432e425443')), 'OP_RETURN 4144443a4254432e425443')
    assert.equal(scriptAsm(hex.decode('00')), '0')
    assert.equal(scriptAsm(hex.decode('5160ae4f')), '1 16 OP_CHECKMULTISIG -1')
    assert.equal(scriptAsm(hex.decode('0181')), '-1')
    assert.equal(scriptAsm(hex.decode('4c')), '[error]')
    assert.equal(scriptAsm(hex.decode('b1b2ba')), 'OP_CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY OP_CHECKSIGADD')
  })

  it('decodes the hashtype of a DER signature in a scriptSig only', () => {
    const sig =
      '3046022100e0bc99e312e428ea1559b5bc2e3210f3a7202a7f8b2ee124c6ea9aeda497ecac022100ccda2dc6aac965b4ba3116bc529838538ac0c99fe1a295941d00b5e351f86f0f'
    assert.equal(scriptAsm(hex.decode(`49${sig}01`), true), `${sig}[ALL]`)
    assert.equal(scriptAsm(hex.decode(`49${sig}83`), true), `${sig}[SINGLE|ANYONECANPAY]`)
    assert.equal(scriptAsm(hex.decode(`49${sig}01`), false), `${sig}01`)
    assert.equal(scriptAsm(hex.decode(`49${sig}04`), true), `${sig}04`)
  })

  it("computes BIP380 checksums (the BIP's and Core's documented examples)", () => {
    assert.equal(withDescriptorChecksum('raw(deadbeef)'), 'raw(deadbeef)#89f8spxm')
    assert.equal(
      withDescriptorChecksum('pk(0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798)'),
      'pk(0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798)#gn28ywm7',
    )
  })

  it('names output types and addresses as Core does, on mainnet and regtest', () => {
    const wpkh = hex.decode('0014751e76e8199196d454941c45d1b3a323f1433bd6')
    assert.equal(describeScript(wpkh, MAINNET).address, 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')
    assert.equal(describeScript(wpkh, REGTEST).address, 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080')
    const tr = hex.decode('512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798')
    const info = describeScript(tr, MAINNET)
    assert.equal(info.type, 'witness_v1_taproot')
    assert.equal(info.address, 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0')
    assert.match(info.desc, /^rawtr\(79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798\)#[a-z0-9]{8}$/)
    assert.equal(
      describeScript(hex.decode('a914b472a266d0bd89c13706a4132ccfb16f7c3b9fcb87'), MAINNET).address,
      '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
    )
    assert.equal(describeScript(hex.decode('6a0474747474'), MAINNET).type, 'nulldata')
    assert.equal(describeScript(hex.decode('6a'), MAINNET).type, 'nulldata')
    assert.equal(describeScript(hex.decode('6aff'), MAINNET).type, 'nonstandard')
  })
})
