import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DragnetError } from '../../core/errors.ts'
import { silentLogger } from '../../core/logger.ts'
import { BitcoinRpcClient } from '../../sources/bitcoin-rpc/bitcoin-rpc-client.ts'
import { startBtcRpcServer } from './rpc-server.ts'
import { buildSampleChain } from './sample-chain.ts'

describe("the devnet's faults against Dragnet's Bitcoin RPC client", () => {
  it('a client retries through warm-up, 503s and resets, and times out on a stall', async (t) => {
    const node = await startBtcRpcServer(buildSampleChain(), { auth: { user: 'u', password: 'p' } })
    t.after(() => node.close())
    const client = new BitcoinRpcClient({
      url: node.url,
      user: 'u',
      password: 'p',
      logger: silentLogger(),
      retries: 3,
      backoffMs: 1,
      maxBackoffMs: 2,
      timeoutMs: 200,
    })
    node.faults.set({ kind: 'warmup', times: 2 })
    assert.equal(await client.call('getblockcount'), 103)
    node.faults.set({ kind: 'http', status: 503, times: 1 })
    assert.equal(await client.call('getblockcount'), 103)
    node.faults.set({ kind: 'reset', times: 1 })
    assert.equal(await client.call('getblockcount'), 103)
    assert.equal(client.stats.retries, 4)
    node.faults.set({ kind: 'stall' })
    await assert.rejects(client.call('getblockcount'), (e) => e instanceof DragnetError && e.code === 'RPC_TIMEOUT')
    node.faults.clear()
    const wrong = new BitcoinRpcClient({ url: node.url, user: 'u', password: 'x', logger: silentLogger(), retries: 0 })
    await assert.rejects(
      wrong.call('getblockcount'),
      (e) => e instanceof DragnetError && e.code === 'RPC_HTTP_ERROR' && e.details.status === 401,
    )
  })
})
