import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hex } from '@scure/base'
import { RawTx } from '@scure/btc-signer'
import { outpointKey } from '../../core/btc-types.ts'
import { DragnetError } from '../../core/errors.ts'
import { concat, displayHex, dsha256 } from './bytes.ts'
import { BtcDevChain } from './dev-chain.ts'
import { buildSampleChain, SAMPLE_GENESIS_TIME } from './sample-chain.ts'

const chain = buildSampleChain()
// 0x207fffff: mantissa 0x7fffff, exponent 0x20, so the target is 0x7fffff · 256^29.
const TARGET = 0x7fffffn * 256n ** 29n
const dsha = (b: Uint8Array) => displayHex(dsha256(b))

// Pairwise double-SHA256 written out here, independent of the builder's merkle code.
function root(ids: string[]): string {
  let level = ids.map((id) => hex.decode(id).reverse())
  while (level.length > 1) {
    const next = []
    for (let i = 0; i < level.length; i += 2) next.push(dsha256(concat(level[i]!, level[i + 1] ?? level[i]!)))
    level = next
  }
  return displayHex(level[0]!)
}

describe('BtcDevChain builds valid blocks', () => {
  it('links headers that meet the target, with real merkle roots and BIP34 heights', () => {
    assert.equal(chain.height, 103)
    for (const b of chain.blocks) {
      const header = b.bytes.subarray(0, 80)
      assert.equal(dsha(header), b.hash)
      assert.ok(BigInt(`0x${b.hash}`) <= TARGET, `block ${b.height} misses the target`)
      assert.equal(hex.encode(header.subarray(72, 76)), 'ffff7f20')
      assert.equal(
        displayHex(header.subarray(4, 36)),
        b.height === 0 ? '0'.repeat(64) : chain.blocks[b.height - 1]!.hash,
      )
      const ids = b.txs.map((t) =>
        dsha(RawTx.encode({ ...RawTx.decode(t.bytes), segwitFlag: false, witnesses: undefined })),
      )
      assert.deepEqual(
        ids,
        b.txs.map((t) => t.txid),
      )
      assert.equal(displayHex(header.subarray(36, 68)), root(ids))
      assert.equal(b.time, SAMPLE_GENESIS_TIME + 600 * b.height)
    }
    assert.equal(hex.encode(chain.blocks[1]!.txs[0]!.inputs[0]!.scriptSig), '510101')
    assert.equal(hex.encode(chain.blocks[17]!.txs[0]!.inputs[0]!.scriptSig), '01110101')
  })

  it('commits to the witness root in every coinbase (BIP141)', () => {
    for (const b of [chain.blocks[0]!, chain.blocks[102]!]) {
      const wtxids = b.txs.map((t, i) => (i === 0 ? '0'.repeat(64) : dsha(t.bytes)))
      const commitment = dsha256(concat(hex.decode(root(wtxids)).reverse(), new Uint8Array(32)))
      const out = b.txs[0]!.outputs.at(-1)!
      assert.equal(hex.encode(out.script), `6a24aa21a9ed${hex.encode(commitment)}`)
      assert.equal(out.value, 0n)
    }
  })

  it('spends only existing unspent outputs, with non-negative fees that the coinbase collects', () => {
    const utxo = new Map<string, bigint>()
    for (const b of chain.blocks) {
      let fees = 0n
      for (const t of b.txs.slice(1)) {
        const ins = t.inputs.map((i) => {
          const v = utxo.get(outpointKey(i))
          assert.notEqual(v, undefined, `${t.txid} spends a missing output`)
          utxo.delete(outpointKey(i))
          return v as bigint
        })
        const fee = ins.reduce((s, v) => s + v, 0n) - t.outputs.reduce((s, o) => s + o.value, 0n)
        assert.ok(fee >= 0n)
        assert.equal(fee, t.fee)
        fees += fee
        for (const [vout, o] of t.outputs.entries()) utxo.set(outpointKey({ txid: t.txid, vout }), o.value)
      }
      const cb = b.txs[0]!
      assert.equal(cb.outputs[0]!.value, 5_000_000_000n + fees)
      for (const [vout, o] of cb.outputs.entries()) utxo.set(outpointKey({ txid: cb.txid, vout }), o.value)
    }
    assert.equal(chain.blocks[101]!.txs[0]!.outputs[0]!.value, 5_000_010_000n)
    assert.equal(chain.blocks[102]!.txs[0]!.outputs[0]!.value, 5_000_004_000n)
  })

  it('pays exact amounts to each wallet kind and reports Core-style sizes', () => {
    assert.equal(chain.balance('erin'), 200_000_000n)
    for (const k of ['p2wpkh', 'p2pkh', 'p2tr', 'p2sh-p2wpkh']) assert.equal(chain.balance(`holder-${k}`), 49_999_000n)
    // 50 BTC genesis coinbase - 4 BTC - 10,000 sat fee.
    assert.equal(chain.unspent('miner').find((u) => u.height === 101)?.value, 4_599_990_000n)
    const addresses = ['holder-p2wpkh', 'holder-p2pkh', 'holder-p2tr', 'holder-p2sh-p2wpkh'].map(
      (n) => chain.wallet(n).address,
    )
    const prefixes = [
      /^bc1q[02-9ac-hj-np-z]{38}$/,
      /^1[1-9A-HJ-NP-Za-km-z]{25,33}$/,
      /^bc1p[02-9ac-hj-np-z]{58}$/,
      /^3[1-9A-HJ-NP-Za-km-z]{25,33}$/,
    ]
    for (const [i, a] of addresses.entries()) assert.match(a, prefixes[i]!)
    for (const t of chain.blocks[102]!.txs) {
      assert.equal(t.weight, t.strippedSize * 3 + t.size)
      assert.equal(t.vsize, Math.ceil(t.weight / 4))
    }
    const legacy = chain.blocks[102]!.txs.find((t) => t.inputs[0]!.witness.length === 0)!
    assert.equal(legacy.wtxid, legacy.txid)
    assert.equal(legacy.size, legacy.strippedSize)
  })

  it('derives the same chain from the same seed', () => {
    assert.equal(buildSampleChain().tip.hash, chain.tip.hash)
    assert.notEqual(
      new BtcDevChain({ genesisTime: SAMPLE_GENESIS_TIME, seed: 'other' }).tip.hash,
      chain.blocks[0]!.hash,
    )
  })

  it('refuses double spends, immature coinbases and overdrafts', () => {
    const c = buildSampleChain()
    const spent = c.blocks[102]!.txs[1]!
    assert.throws(
      () => c.submit(spent.bytes),
      (e) => e instanceof DragnetError && e.code === 'CHAIN_INCONSISTENT',
    )
    const fresh = c.mine(1, { to: 'fresh-miner' })[0]!.txs[0]!
    const immature = {
      txid: fresh.txid,
      vout: 0,
      value: fresh.outputs[0]!.value,
      script: fresh.outputs[0]!.script,
      height: 104,
      coinbase: true,
    }
    assert.throws(
      () => c.spend([immature], [{ value: 1n, script: c.wallet('x').script }]),
      (e) => e instanceof DragnetError && e.code === 'CHAIN_INCONSISTENT',
    )
    assert.throws(
      () => c.pay('erin', [{ to: 'x', amount: 200_000_000n }], { fee: 1n }),
      (e) => e instanceof DragnetError && e.code === 'INVALID_ARGUMENT',
    )
    c.pay('erin', [{ to: 'x', amount: 1_000n }], { fee: 100n })
    const again = c.unspent('erin')
    assert.equal(
      again.reduce((s, u) => s + u.value, 0n),
      200_000_000n - 1_100n,
    )
  })
})
