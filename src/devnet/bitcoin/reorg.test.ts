import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DragnetError } from '../../core/errors.ts'
import { startBtcRpcServer } from './rpc-server.ts'
import { buildSampleChain } from './sample-chain.ts'

type Obj = Record<string, unknown>

async function rpc(
  url: string,
  method: string,
  params: unknown[] = [],
): Promise<{ result: unknown; error: Obj | null }> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify({ id: 1, method, params }) })
  return JSON.parse(await res.text())
}

describe('BtcDevChain.reorg', () => {
  it('replaces the tip: heights get new hashes, links hold, the old branch turns stale', async (t) => {
    const chain = buildSampleChain()
    const node = await startBtcRpcServer(chain)
    t.after(() => node.close())
    const old101 = (await rpc(node.url, 'getblockhash', [101])).result
    const old102 = (await rpc(node.url, 'getblockhash', [102])).result as string
    const old103 = (await rpc(node.url, 'getblockhash', [103])).result as string
    const paid = chain.blocks[102]!.txs.slice(1).map((x) => x.txid)
    chain.reorg(2, 3)
    assert.equal((await rpc(node.url, 'getblockcount')).result, 104)
    const now = await Promise.all(
      [101, 102, 103, 104].map(async (h) => (await rpc(node.url, 'getblockhash', [h])).result),
    )
    assert.equal(now[0], old101)
    assert.notEqual(now[1], old102)
    assert.notEqual(now[2], old103)
    for (let h = 102; h <= 104; h++) {
      const b = (await rpc(node.url, 'getblock', [now[h - 101], 1])).result as Obj
      assert.equal(b.previousblockhash, now[h - 102])
      assert.equal(b.height, h)
    }
    const stale = (await rpc(node.url, 'getblock', [old103, 1])).result as Obj
    assert.equal(stale.confirmations, -1)
    assert.equal(stale.nextblockhash, undefined)
    assert.equal(((await rpc(node.url, 'getblock', [old102, 1])).result as Obj).confirmations, -1)
    // The replaced block's payments went back to the mempool and into the new block 102, as a node does.
    const first = (await rpc(node.url, 'getblock', [now[1], 1])).result as Obj
    assert.deepEqual((first.tx as string[]).slice(1), paid)
    const tx = (await rpc(node.url, 'getrawtransaction', [paid[0], true])).result as Obj
    assert.equal(tx.blockhash, now[1])
    assert.equal(chain.balance('erin'), 200_000_000n)
    const stats = (await rpc(node.url, 'getblockheader', [now[3]])).result as Obj
    assert.equal(stats.chainwork, (210).toString(16).padStart(64, '0'))
  })

  it('drops the old transactions when asked, so a conflicting spend can take their place', async (t) => {
    const chain = buildSampleChain()
    const node = await startBtcRpcServer(chain)
    t.after(() => node.close())
    const toErin = chain.blocks[102]!.txs[1]!.txid
    chain.reorg(2, 3, {
      dropTxs: true,
      before: (c) => {
        c.pay('holder-p2wpkh', [{ to: 'frank', amount: 99_000_000n }], { fee: 1_000n })
      },
    })
    assert.equal(chain.balance('erin'), 0n)
    assert.equal(chain.balance('frank'), 99_000_000n)
    assert.equal(chain.balance('holder-p2wpkh'), 999_000n)
    const gone = await rpc(node.url, 'getrawtransaction', [toErin, true])
    assert.equal(gone.error?.code, -5)
  })

  it('refuses a reorg deeper than the chain or a replacement without more work', () => {
    const chain = buildSampleChain()
    assert.throws(
      () => chain.reorg(104),
      (e) => e instanceof DragnetError && e.code === 'CHAIN_REORG_TOO_DEEP',
    )
    assert.throws(
      () => chain.reorg(2, 2),
      (e) => e instanceof DragnetError && e.code === 'INVALID_ARGUMENT',
    )
    assert.equal(chain.height, 103)
  })
})
