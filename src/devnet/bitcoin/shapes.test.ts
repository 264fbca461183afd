import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hex } from '@scure/base'
import { DragnetError } from '../../core/errors.ts'
import { utf8 } from './bytes.ts'
import { BtcDevChain } from './dev-chain.ts'
import { exchangeDepositAddress, exchangeHotWallet, exchangeSweep } from './exchange.ts'
import { peelChain } from './peel-chain.ts'
import { scriptAsm } from './script-ops.ts'
import { THORCHAIN_VAULT, thorchainMemo, thorchainOutbound } from './thorchain-vault.ts'
import { txJson } from './tx-json.ts'
import { whirlpoolMix, whirlpoolTx0 } from './whirlpool.ts'

const INBOUND = '0xa709ec70e2254ece1e32ccf857047663e395c7ca259cb9c3099652c552a409d4'

function funded(pay: [string, bigint][]): BtcDevChain {
  const chain = new BtcDevChain({ genesisTime: 1_740_000_000 })
  chain.mine(100)
  chain.pay(
    'miner',
    pay.map(([to, amount]) => ({ to, amount })),
    { fee: 5_000n },
  )
  chain.mine()
  return chain
}

describe('laundering shapes', () => {
  it('peels a payment off each hop and moves the rest to a fresh address', () => {
    const chain = funded([['attacker', 200_000_000n]])
    const { hops, last } = peelChain(chain, {
      from: 'attacker',
      peels: [10_000_000n, 12_000_000n, 8_000_000n, 15_000_000n],
      payees: ['otc-1', 'otc-2', 'otc-3', 'otc-4'],
      fee: 500n,
      prefix: 'attacker/peel',
      minePerHop: true,
    })
    assert.deepEqual(
      hops.map((h) => h.change),
      [189_999_500n, 177_999_000n, 169_998_500n, 154_998_000n],
    )
    assert.equal(new Set(hops.map((h) => h.changeTo)).size, 4)
    for (let i = 1; i < hops.length; i++) {
      assert.equal(hops[i]!.from, hops[i - 1]!.changeTo)
      assert.deepEqual(
        hops[i]!.tx.inputs.map((x) => x.txid),
        [hops[i - 1]!.tx.txid],
      )
    }
    assert.equal(chain.balance('otc-3'), 8_000_000n)
    assert.equal(chain.balance('attacker/peel/4'), 154_998_000n)
    assert.equal(last.value, 154_998_000n)
    assert.equal(chain.balance('attacker'), 0n)
  })

  it('builds a Whirlpool Tx0 and a 5-input, 5-output mix of exactly the denomination', () => {
    const chain = funded([
      ['user', 6_000_000n],
      ...[1, 2, 3, 4].map((i): [string, bigint] => [`remixer-${i}`, 1_000_000n]),
    ])
    const tx0 = whirlpoolTx0(chain, {
      from: 'user',
      denomination: 1_000_000n,
      count: 5,
      fee: 1_000n,
      prefix: 'user/whirlpool',
    })
    // 6,000,000 - 5 × 1,000,300 - 50,000 pool fee - 1,000 miner fee.
    assert.equal(tx0.change?.value, 947_500n)
    assert.deepEqual(
      tx0.premix.map((u) => u.value),
      [1_000_300n, 1_000_300n, 1_000_300n, 1_000_300n, 1_000_300n],
    )
    assert.equal(tx0.tx.outputs.length, 8)
    const nulldata = tx0.tx.outputs.find((o) => o.script[0] === 0x6a)!
    assert.equal(nulldata.script.length, 48)
    assert.equal(chain.balance('whirlpool/coordinator'), 50_000n)
    assert.equal(tx0.tx.fee, 1_000n)
    chain.mine()
    const inputs = [tx0.premix[0]!, ...[1, 2, 3, 4].map((i) => chain.unspent(`remixer-${i}`)[0]!)]
    const outputs = [1, 2, 3, 4, 5].map((i) => `postmix-${i}`)
    const mix = whirlpoolMix(chain, { denomination: 1_000_000n, inputs, outputs })
    assert.equal(mix.inputs.length, 5)
    assert.deepEqual(
      mix.outputs.map((o) => o.value),
      Array(5).fill(1_000_000n),
    )
    assert.equal(mix.fee, 300n)
    assert.equal(chain.balance('postmix-5'), 1_000_000n)
    assert.throws(
      () =>
        whirlpoolMix(chain, { denomination: 1_000_000n, inputs: tx0.premix.slice(1, 5), outputs: outputs.slice(0, 4) }),
      (e) => e instanceof DragnetError && e.code === 'INVALID_ARGUMENT',
    )
  })

  it("sweeps an exchange's deposit addresses into its hot wallet in one multi-input transaction", () => {
    const chain = funded([
      ['alice', 30_000_000n],
      ['bob', 20_000_000n],
    ])
    const a = exchangeDepositAddress(chain, 'exchange-x', 'alice')
    const b = exchangeDepositAddress(chain, 'exchange-x', 'bob')
    chain.pay('alice', [{ to: a, amount: 10_000_000n }], { fee: 200n })
    chain.pay('alice', [{ to: a, amount: 5_000_000n }], { fee: 200n })
    chain.pay('bob', [{ to: b, amount: 7_500_000n }], { fee: 200n })
    chain.mine()
    const sweep = exchangeSweep(chain, 'exchange-x', { deposits: [a, b], fee: 1_000n })
    assert.equal(sweep.inputs.length, 3)
    assert.equal(sweep.outputs.length, 1)
    assert.equal(chain.balance(exchangeHotWallet(chain, 'exchange-x')), 22_499_000n)
    assert.equal(chain.balance(a), 0n)
  })

  it('pays out a THORChain swap with OUT:<inbound> in an OP_RETURN, and refunds with REFUND:', () => {
    const chain = funded([[THORCHAIN_VAULT, 500_000_000n]])
    assert.equal(thorchainMemo('OUT', INBOUND), 'OUT:A709EC70E2254ECE1E32CCF857047663E395C7CA259CB9C3099652C552A409D4')
    const out = thorchainOutbound(chain, { to: 'attacker', amount: 123_456_789n, inboundTxHash: INBOUND, fee: 2_500n })
    assert.equal(out.outputs[0]!.value, 123_456_789n)
    assert.equal(out.outputs[1]!.value, 500_000_000n - 123_456_789n - 2_500n)
    const memo = out.outputs[2]!
    assert.equal(memo.value, 0n)
    const memoHex = hex.encode(utf8('OUT:A709EC70E2254ECE1E32CCF857047663E395C7CA259CB9C3099652C552A409D4'))
    assert.equal(hex.encode(memo.script), `6a44${memoHex}`)
    assert.equal(scriptAsm(memo.script), `OP_RETURN ${memoHex}`)
    const vout = txJson(out, { net: chain.net, dialect: 'modern' }).vout as { scriptPubKey: { type: string } }[]
    assert.equal(vout[2]!.scriptPubKey.type, 'nulldata')
    const refund = thorchainOutbound(chain, {
      to: 'attacker',
      amount: 1_000n,
      inboundTxHash: INBOUND.slice(2),
      fee: 500n,
      refund: true,
    })
    assert.equal(
      hex.encode(refund.outputs[2]!.script).slice(4),
      hex.encode(utf8(`REFUND:${INBOUND.slice(2).toUpperCase()}`)),
    )
    assert.throws(
      () => thorchainMemo('OUT', '0x1234'),
      (e) => e instanceof DragnetError && e.code === 'INVALID_HASH',
    )
  })
})

describe('BtcDevChain.coinjoin', () => {
  it('joins payers in one transaction, each paying its outputs and fee share and getting its change', () => {
    const chain = funded([
      ['a', 3_000_000n],
      ['b', 2_000_000n],
      ['c', 1_500_000n],
    ])
    const tx = chain.coinjoin(
      ['a', 'b', 'c'].map((from) => ({ from, outputs: [{ to: `${from}-mixed`, amount: 1_000_000n }], fee: 400n })),
    )
    assert.equal(tx.inputs.length, 3)
    assert.equal(tx.fee, 1_200n)
    assert.deepEqual(
      tx.outputs.map((o) => o.value),
      [499_600n, 999_600n, 1_000_000n, 1_000_000n, 1_000_000n, 1_999_600n],
    )
    assert.equal(chain.balance('c'), 499_600n)
    assert.equal(chain.balance('b-mixed'), 1_000_000n)
  })
})
