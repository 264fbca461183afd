import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { BtcTransaction } from '../../core/btc-types.ts'
import { silentLogger } from '../../core/logger.ts'
import { ingestBtc } from '../../ingest/btc/ingest-btc.ts'
import { BitcoinRpcClient } from '../../sources/bitcoin-rpc/bitcoin-rpc-client.ts'
import { BtcFetcher } from '../../sources/bitcoin-rpc/btc-fetcher.ts'
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { DEFAULT_LIMITS, type TraceResult } from '../../trace/trace-types.ts'
import { traceUtxo } from '../../trace/utxo/trace-utxo.ts'
import { BtcDevChain } from './dev-chain.ts'
import { playBitcoinLeg } from './play-bitcoin-leg.ts'
import { startBtcRpcServer } from './rpc-server.ts'
import { describeScript } from './script-type.ts'

const INBOUND = '0x3b7c1e0f9a4d2c6b8e5f7a1d3c9b0e2f4a6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e'

/** `dragnet ingest btc` over the devnet node, the whole chain, inputs enriched from the store. */
async function ingest(url: string, store: Awaited<ReturnType<typeof openDuckDbStore>>, to: bigint) {
  const client = new BitcoinRpcClient({ url, user: 'dragnet', password: 'devnet', logger: silentLogger() })
  const options = { chain: 'bitcoin', from: 0n, to, batchSize: 25, enrich: 'store' } as const
  return ingestBtc({ logger: silentLogger() }, store.btc, new BtcFetcher(client), options)
}

describe('the Bitcoin leg, ingested from the devnet node', () => {
  const chain = new BtcDevChain({ genesisTime: 1_740_000_000 })
  const truth = playBitcoinLeg(chain, { inboundTxHash: INBOUND, swapSats: 150_000_000n, exchangeName: 'exchange-x' })
  const stored: BtcTransaction[] = []
  let summary: { blocks: number } = { blocks: 0 }
  before(async () => {
    const node = await startBtcRpcServer(chain, { auth: { user: 'dragnet', password: 'devnet' } })
    const store = await openDuckDbStore(':memory:')
    try {
      summary = await ingest(node.url, store, BigInt(chain.height))
      for await (const batch of store.btc.readBtcTransactions('bitcoin')) stored.push(...batch)
    } finally {
      await store.close()
      await node.close()
    }
  })

  it('stores every transaction as built: ids, sizes, inputs with values, outputs, fees', () => {
    assert.equal(summary.blocks, chain.height + 1)
    const built = chain.blocks.flatMap((b) => b.txs.map((tx, index) => ({ b, tx, index })))
    assert.equal(stored.length, built.length)
    for (const [n, s] of stored.entries()) {
      const { b, tx, index } = built[n]!
      assert.equal(s.hash, tx.txid)
      assert.equal(s.blockHash, b.hash)
      assert.equal(s.blockNumber, BigInt(b.height))
      assert.equal(s.index, index)
      assert.equal(s.size, tx.size)
      assert.equal(s.virtualSize, tx.vsize)
      assert.equal(s.isCoinbase, tx.isCoinbase)
      assert.equal(s.fee, tx.fee)
      assert.deepEqual(
        s.outputs.map((o) => o.value),
        tx.outputs.map((o) => o.value),
      )
      const spendable = tx.outputs.map((o) => describeScript(o.script, chain.net))
      for (const [i, o] of s.outputs.entries()) {
        // bitcoin-etl files an output without an address (OP_RETURN, the witness commitment) as nonstandard.
        const info = spendable[i]!
        assert.equal(o.type, info.address === null ? 'nonstandard' : info.type)
        if (info.address !== null) assert.deepEqual(o.addresses, [info.address])
      }
      if (tx.isCoinbase) continue
      assert.deepEqual(
        s.inputs.map((i) => [i.spentTransactionHash, i.spentOutputIndex, i.value]),
        tx.inputs.map((i, k) => [i.txid, i.vout, tx.prevouts[k]!.value]),
      )
    }
    const toDeposit = stored.flatMap((s) => s.outputs.filter((o) => o.addresses[0] === truth.exchange.depositAddress))
    assert.equal(
      toDeposit.reduce((sum, o) => sum + o.value, 0n),
      60_999_500n,
    )
    const outbound = stored.find((s) => s.hash === truth.txs[0]!.txid)!
    assert.equal(outbound.outputs[2]!.scriptAsm, `OP_RETURN ${Buffer.from(truth.memo).toString('hex')}`)
  })

  it("traces the swap's payout to the exchange's hot wallet with Dragnet's UTXO taint engine", () => {
    const labels = new Map([[truth.exchange.hotWallet, [{ category: 'exchange' as const, name: 'Exchange X' }]]])
    const seed = { txid: truth.txs[0]!.txid.toUpperCase(), vout: 0, tainted: truth.swapSats }
    const request = { chain: 'bitcoin', seedAddresses: [], seedTxs: [], seedOutpoints: [seed], limits: DEFAULT_LIMITS }
    const amountAt = (r: TraceResult, address: string) => r.endpoints.find((e) => e.address === address)?.amount
    const poison = traceUtxo(stored, { ...request, model: 'poison' }, labels)
    // Every coin the attacker moved is tainted in full: the sweep's whole output, the Tx0 change still held.
    assert.equal(amountAt(poison, truth.exchange.hotWallet), truth.exchange.swept)
    assert.equal(amountAt(poison, truth.held[0]!.address), 88_944_700n)
    // Haircut: the mix's outputs take 1,000,300 / 5,000,300 of the taint by cumulative floors, the attacker's
    // (first in BIP69 order) 200,047; its deposit floor(200,047 × 999,500 / 1e6) = 199,946; the sweep
    // floor((60,000,000 + 199,946) × 60,997,500 / 60,999,500) = 60,197,972.
    const haircut = traceUtxo(stored, { ...request, model: 'haircut' }, labels)
    assert.equal(amountAt(haircut, truth.exchange.hotWallet), 60_197_972n)
  })
})
