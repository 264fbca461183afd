import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { silentLogger } from '../../core/logger.ts'
import { ingestBtc } from '../../ingest/btc/ingest-btc.ts'
import { BitcoinRpcClient } from '../../sources/bitcoin-rpc/bitcoin-rpc-client.ts'
import { BtcFetcher } from '../../sources/bitcoin-rpc/btc-fetcher.ts'
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { startBtcRpcServer } from './rpc-server.ts'
import { buildSampleChain } from './sample-chain.ts'

describe("a devnet reorg seen by Dragnet's Bitcoin ingest", () => {
  it('rolls back the replaced blocks and stores the new branch', async (t) => {
    const chain = buildSampleChain()
    const node = await startBtcRpcServer(chain)
    t.after(() => node.close())
    const store = await openDuckDbStore(':memory:')
    t.after(() => store.close())
    const fetcher = new BtcFetcher(new BitcoinRpcClient({ url: node.url, logger: silentLogger() }))
    const run = (to: number) =>
      ingestBtc({ logger: silentLogger() }, store.btc, fetcher, {
        chain: 'bitcoin',
        from: 0n,
        to: BigInt(to),
        batchSize: 20,
        enrich: 'store',
      })
    await run(103)
    const before = await store.btc.btcBlockHashes('bitcoin', 100n, 103n)
    assert.equal(before.get(103n), chain.blocks[103]!.hash)
    // The fork drops block 102's payments to erin and pays frank from one of the same coins instead.
    chain.reorg(2, 3, {
      dropTxs: true,
      before: (c) => void c.pay('holder-p2wpkh', [{ to: 'frank', amount: 99_000_000n }], { fee: 1_000n }),
    })
    const summary = await run(104)
    assert.deepEqual(summary.reorgs, [{ forkBlock: 101n, depth: 2 }])
    const after = await store.btc.btcBlockHashes('bitcoin', 100n, 104n)
    assert.deepEqual(
      [...after.values()],
      chain.blocks.slice(100).map((b) => b.hash),
    )
    assert.equal(after.get(101n), before.get(101n))
    const txs = []
    for await (const batch of store.btc.readBtcTransactions('bitcoin', { fromBlock: 102n })) txs.push(...batch)
    const erin = chain.wallet('erin').address
    const frank = chain.wallet('frank').address
    assert.equal(txs.flatMap((x) => x.outputs).filter((o) => o.addresses[0] === erin).length, 0)
    assert.deepEqual(
      txs
        .flatMap((x) => x.outputs)
        .filter((o) => o.addresses[0] === frank)
        .map((o) => o.value),
      [99_000_000n],
    )
    assert.equal((await store.btc.countBtc('bitcoin')).blocks, 105)
  })
})
