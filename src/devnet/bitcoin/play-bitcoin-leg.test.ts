import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { hex } from '@scure/base'
import { DragnetError } from '../../core/errors.ts'
import { utf8 } from './bytes.ts'
import { BtcDevChain } from './dev-chain.ts'
import { playBitcoinLeg } from './play-bitcoin-leg.ts'
import { startBtcRpcServer } from './rpc-server.ts'
import { serveBitcoinDevnet } from './serve-bitcoin-devnet.ts'

const INBOUND = '0x3b7c1e0f9a4d2c6b8e5f7a1d3c9b0e2f4a6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e'

describe('playBitcoinLeg', () => {
  const chain = new BtcDevChain({ genesisTime: 1_740_000_000 })
  const truth = playBitcoinLeg(chain, { inboundTxHash: INBOUND, swapSats: 150_000_000n, exchangeName: 'exchange-x' })

  it('records exact amounts that add up to the swap', () => {
    // Peels: 4 × 1.5 BTC / 10; after them 150,000,000 − 4 × (15,000,000 + 1,000) = 89,996,000 sat stay on hop 4,
    // of which the Tx0 takes 1,000,300 premix + 50,000 coordinator fee + 1,000 miner fee.
    assert.deepEqual(
      truth.peels.map((p) => p.sats),
      [15_000_000n, 15_000_000n, 15_000_000n, 15_000_000n],
    )
    assert.equal(truth.exchange.deposited, 60_999_500n)
    assert.equal(truth.exchange.swept, 60_997_500n)
    assert.deepEqual(
      truth.held.map((h) => h.sats),
      [88_944_700n],
    )
    assert.equal(truth.coordinatorFee, 50_000n)
    assert.equal(truth.attackerFees, 5_800n)
    assert.equal(
      truth.exchange.deposited + truth.held[0]!.sats + truth.coordinatorFee + truth.attackerFees,
      truth.swapSats,
    )
    assert.equal(truth.memo, 'OUT:3B7C1E0F9A4D2C6B8E5F7A1D3C9B0E2F4A6C8D0E1F3A5B7C9D1E3F5A7B9C1D3E')
  })

  it('leaves the chain in the state the truth describes', () => {
    const at = (role: string) => truth.addresses.find((a) => a.role === role)!.address
    assert.equal(chain.balance(at('exchange-hot-wallet')), 60_997_500n)
    assert.equal(chain.balance(at('exchange-deposit')), 0n)
    assert.equal(chain.balance(at('attacker-tx0-change')), 88_944_700n)
    assert.equal(chain.balance(at('whirlpool-coordinator')), 50_000n)
    for (const a of truth.addresses.filter((x) => x.role === 'bystander-postmix'))
      assert.equal(chain.balance(a.address), 1_000_000n)
    assert.equal(truth.addresses.filter((a) => a.role === 'attacker-peel-hop').length, 4)
    assert.equal(new Set(truth.addresses.map((a) => a.address)).size, truth.addresses.length)
    const heights = truth.txs.map((t) => t.height)
    assert.deepEqual(
      heights,
      heights.map((_, i) => truth.firstBlock + i),
    )
    assert.equal(truth.lastBlock, chain.height)
    assert.deepEqual(
      truth.txs.map((t) => t.step),
      [
        'thorchain-outbound',
        'peel-1',
        'peel-2',
        'peel-3',
        'peel-4',
        'whirlpool-tx0',
        'whirlpool-mix',
        'deposit-mixed',
        'exchange-sweep',
      ],
    )
    const mix = chain.findTx(truth.mix.txid)!.tx
    assert.equal(mix.inputs.length, 5)
    assert.deepEqual(
      mix.outputs.map((o) => o.value),
      Array(5).fill(1_000_000n),
    )
    const sweep = chain.findTx(truth.exchange.sweepTxid)!.tx
    assert.equal(sweep.inputs.length, 5)
  })

  it("serves the outbound with THORChain's memo in an OP_RETURN", async (t) => {
    const node = await startBtcRpcServer(chain)
    t.after(() => node.close())
    const outbound = truth.txs[0]!
    const res = await fetch(node.url, {
      method: 'POST',
      body: JSON.stringify({ id: 1, method: 'getrawtransaction', params: [outbound.txid, 1] }),
    })
    const tx = JSON.parse(await res.text()).result
    const memoHex = hex.encode(utf8(truth.memo))
    assert.equal(tx.vout[0].value, 1.5)
    assert.equal(tx.vout[0].scriptPubKey.address, truth.attackerAddress)
    // The vault's other coins come back to it, before the memo, as THORChain's signer orders outputs.
    assert.equal(tx.vout[1].value, 1)
    assert.equal(tx.vout[1].scriptPubKey.address, truth.addresses.find((a) => a.role === 'thorchain-vault')!.address)
    assert.deepEqual(tx.vout[2].scriptPubKey, {
      asm: `OP_RETURN ${memoHex}`,
      desc: tx.vout[2].scriptPubKey.desc,
      hex: `6a44${memoHex}`,
      type: 'nulldata',
    })
    assert.match(tx.vout[2].scriptPubKey.desc, new RegExp(`^raw\\(6a44${memoHex}\\)#[a-z0-9]{8}$`))
  })
})

describe('playBitcoinLeg destinations', () => {
  it("pays a destination given by a devnet wallet's address, and refuses a foreign one", () => {
    const chain = new BtcDevChain({ genesisTime: 1_740_000_000 })
    const mule = chain.wallet('mule', 'p2tr')
    const truth = playBitcoinLeg(chain, {
      inboundTxHash: INBOUND,
      swapSats: 50_000_000n,
      exchangeName: 'x',
      destination: mule.address,
    })
    assert.equal(truth.attackerAddress, mule.address)
    assert.equal(truth.exchange.deposited, 4n * 5_000_000n + 999_500n)
    const foreign = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'
    assert.throws(
      () =>
        playBitcoinLeg(chain, {
          inboundTxHash: INBOUND,
          swapSats: 50_000_000n,
          exchangeName: 'x',
          destination: foreign,
        }),
      (e) => e instanceof DragnetError && e.code === 'INVALID_ADDRESS',
    )
    assert.equal(chain.height, truth.lastBlock)
  })
})

describe('serveBitcoinDevnet', () => {
  it('builds the leg and serves it with a cookie', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'btc-devnet-'))
    t.after(() => rm(dir, { recursive: true, force: true }))
    const served = await serveBitcoinDevnet({
      auth: { cookieFile: join(dir, '.cookie') },
      inboundTxHash: INBOUND,
      swapSats: 150_000_000n,
      exchangeName: 'exchange-x',
    })
    t.after(() => served.node.close())
    const { user, password } = served.node.credentials!
    const res = await fetch(served.node.url, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
      body: '{"id":1,"method":"getblockcount"}',
    })
    assert.deepEqual(JSON.parse(await res.text()), { result: served.truth.lastBlock, error: null, id: 1 })
    assert.equal(served.truth.exchange.deposited, 60_999_500n)
  })
})
