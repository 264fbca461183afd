import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hex } from '@scure/base'
import { startBtcRpcServer } from './rpc-server.ts'
import { buildSampleChain } from './sample-chain.ts'
import { signTx } from './tx-sign.ts'

async function rpc(
  url: string,
  method: string,
  params: unknown,
): Promise<{ result: unknown; error: { code: number; message: string } | null }> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify({ id: 1, method, params }) })
  return JSON.parse(await res.text())
}

describe('sendrawtransaction, the mempool, generatetoaddress and named parameters', () => {
  it('accepts a signed transaction, lists it, mines it, and refuses it again', async (t) => {
    const chain = buildSampleChain()
    const node = await startBtcRpcServer(chain)
    t.after(() => node.close())
    const erin = chain.wallet('erin')
    const coin = chain.unspent(erin)[0]!
    const bytes = signTx(
      [{ utxo: coin, wallet: erin }],
      [{ value: coin.value - 700n, script: chain.wallet('grace').script }],
    )
    const sent = await rpc(node.url, 'sendrawtransaction', [hex.encode(bytes)])
    assert.equal(sent.error, null)
    assert.deepEqual((await rpc(node.url, 'getrawmempool', [])).result, [sent.result])
    const mempoolTx = (await rpc(node.url, 'getrawtransaction', { txid: sent.result, verbosity: 1 })).result as Record<
      string,
      unknown
    >
    assert.equal(mempoolTx.blockhash, undefined)
    assert.equal(mempoolTx.confirmations, undefined)
    const again = await rpc(node.url, 'sendrawtransaction', [hex.encode(bytes)])
    assert.deepEqual(again.error, { code: -25, message: 'bad-txns-inputs-missingorspent' })
    assert.equal((await rpc(node.url, 'sendrawtransaction', ['zz'])).error?.code, -22)
    const mined = (await rpc(node.url, 'generatetoaddress', { nblocks: 2, address: chain.wallet('grace').address }))
      .result as string[]
    assert.equal(mined.length, 2)
    assert.equal(mined[1], chain.tip.hash)
    assert.equal(chain.balance('grace'), 49_999_300n)
    assert.equal((await rpc(node.url, 'getblockhash', { height: 104 })).result, mined[0])
    assert.deepEqual((await rpc(node.url, 'getblockhash', { depth: 1 })).error, {
      code: -8,
      message: 'Unknown named parameter depth',
    })
    assert.equal((await rpc(node.url, 'generatetoaddress', [1, 'bc1qnotanaddress'])).error?.code, -5)
  })

  it('reports the chain in getblockchaininfo', async (t) => {
    const chain = buildSampleChain()
    const node = await startBtcRpcServer(chain)
    t.after(() => node.close())
    const info = (await rpc(node.url, 'getblockchaininfo', [])).result as Record<string, unknown>
    assert.equal(info.chain, 'main')
    assert.equal(info.blocks, 103)
    assert.equal(info.bestblockhash, chain.tip.hash)
    assert.equal(info.difficulty, 4.656542373906925e-10)
    assert.equal(info.chainwork, (208).toString(16).padStart(64, '0'))
  })
})
