import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { type Address, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { silentLogger } from '../core/logger.ts'
import { type Anvil, DEFAULT_MNEMONIC, startAnvil } from '../devnet/anvil.ts'
import { createDevnetClient, devnetChain } from '../devnet/devnet-client.ts'
import { JsonRpcClient } from '../sources/evm-rpc/json-rpc-client.ts'
import { type DuckDbStore, openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { LIVE_JOB, type LiveEvent, liveIngest } from './live-ingest.ts'

const acct = (i: number) => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i })
const ctx = { logger: silentLogger() }

/** Pulls events until `until` holds, failing after `ms`. */
async function take(events: AsyncGenerator<LiveEvent>, until: (e: LiveEvent) => boolean, ms = 30_000) {
  const seen: LiveEvent[] = []
  const timer = setTimeout(() => void events.return(undefined), ms)
  try {
    for (;;) {
      const r = await events.next()
      if (r.done) throw new Error(`ended early after ${seen.length} events`)
      seen.push(r.value)
      if (until(r.value)) return seen
    }
  } finally {
    clearTimeout(timer)
  }
}

const storedTo = (n: bigint) => (e: LiveEvent) => e.kind === 'stored' && e.to === n

/** A store's transactions and block hashes, for comparing two stores. */
async function contents(store: DuckDbStore, head: bigint) {
  const txs: string[] = []
  for await (const batch of store.read('transactions')) {
    for (const r of batch) txs.push(`${r.block_number} ${r.hash} ${r.to_address} ${r.value}`)
  }
  const hashes = [...(await store.blockHashes('ethereum', 0n, head))].map(([n, h]) => `${n}:${h}`)
  return { txs, hashes, blocks: await store.count('blocks') }
}

async function transferLines(store: DuckDbStore): Promise<string[]> {
  const lines: string[] = []
  for await (const batch of store.read('transfers')) {
    for (const r of batch) lines.push(`${r.block_number} ${r.to_address} ${r.amount}`)
  }
  return lines
}

describe('live ingest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-live-'))
  const nodes: Anvil[] = []
  const stores: DuckDbStore[] = []
  after(async () => {
    for (const s of stores) await s.close()
    for (const n of nodes) await n.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stores every new block, through a reorg and a node restart, exactly as one ingest of the final chain', async () => {
    const state = join(dir, 'anvil-state.json')
    let anvil = await startAnvil({ state })
    nodes.push(anvil)
    const wallet = () => createDevnetClient(anvil.rpcUrl, acct(0), devnetChain(31337, anvil.rpcUrl))
    const rpc = (method: string, params: unknown[] = []) =>
      wallet().request({ method, params } as never) as Promise<unknown>
    const pay = async (to: number, eth: string) => {
      const w = wallet()
      const hash = await w.sendTransaction({ to: acct(to).address as Address, value: parseEther(eth) })
      await w.waitForTransactionReceipt({ hash, pollingInterval: 5 })
    }
    await pay(1, '1') // block 1
    await pay(2, '2') // block 2

    const store = await openDuckDbStore(join(dir, 'live.duckdb'))
    stores.push(store)
    const client = new JsonRpcClient({ url: anvil.rpcUrl, logger: ctx.logger, retries: 0, timeoutMs: 2_000 })
    const ac = new AbortController()
    const events = liveIngest(
      ctx,
      store,
      client,
      {
        chain: 'ethereum',
        fromBlock: 0n,
        traces: 'auto',
        concurrency: 4,
        batchSize: 10,
        follow: { reconnectMs: 50, maxReconnectMs: 200 },
      },
      ac.signal,
    )
    try {
      let seen = await take(events, storedTo(2n))
      assert.deepEqual(seen, [{ kind: 'stored', from: 0n, to: 2n, removedFrom: null, head: 2n }])
      await pay(3, '3') // block 3
      seen = await take(events, storedTo(3n))
      assert.deepEqual(seen, [{ kind: 'stored', from: 3n, to: 3n, removedFrom: null, head: 3n }])

      // Replace blocks 2 and 3 with a chain of the same height, then a new block on top of it.
      await rpc('anvil_reorg', [2, []])
      await pay(4, '4') // block 4, on the new chain
      seen = await take(events, storedTo(4n))
      // Whether the node announces the replaced heights or only the next block, the replacement is reported once,
      // from block 2, the first block of the new chain.
      const removed = seen.flatMap((e) => (e.kind === 'stored' && e.removedFrom !== null ? [e.removedFrom] : []))
      assert.deepEqual(removed, [2n])

      // The node goes away, blocks are made while it is back, none is missed.
      await anvil.stop()
      seen = await take(events, (e) => e.kind === 'node-away')
      assert.equal(seen.at(-1)?.kind === 'node-away' && seen.at(-1)?.kind, 'node-away')
      anvil = await startAnvil({ state, port: anvil.port })
      nodes.push(anvil)
      await pay(5, '5') // block 5
      await pay(6, '6') // block 6
      seen = await take(events, storedTo(6n))
      assert.ok(seen.some((e) => e.kind === 'node-back'))
      assert.equal((await store.getCheckpoint('ethereum', LIVE_JOB))?.block, 6n)
    } finally {
      ac.abort()
      await events.return(undefined)
    }

    // One ingest of the final chain into a fresh store gives the same blocks and transactions (a restarted anvil
    // cannot trace the blocks it made before, so the fresh store's internal transfers are not compared).
    const fresh = await openDuckDbStore(join(dir, 'fresh.duckdb'))
    stores.push(fresh)
    const { ingestEvm, ENTITIES } = await import('../ingest/ingest-evm.ts')
    await ingestEvm(ctx, fresh, new JsonRpcClient({ url: anvil.rpcUrl, logger: ctx.logger }), {
      chain: 'ethereum',
      from: 0n,
      to: 6n,
      traces: 'auto',
      concurrency: 4,
      batchSize: 10,
      entities: new Set(ENTITIES),
    })
    const live = await contents(store, 6n)
    assert.deepEqual(live, await contents(fresh, 6n))
    assert.equal(live.blocks, 7)
    // What the chain holds, by hand: payments of 1, 4, 5 and 6 ETH in blocks 1, 4, 5, 6 (the 2 and 3 ETH blocks were
    // replaced by empty ones), each stored once.
    assert.deepEqual(await transferLines(store), [
      `1 ${acct(1).address.toLowerCase()} ${parseEther('1')}`,
      `4 ${acct(4).address.toLowerCase()} ${parseEther('4')}`,
      `5 ${acct(5).address.toLowerCase()} ${parseEther('5')}`,
      `6 ${acct(6).address.toLowerCase()} ${parseEther('6')}`,
    ])
  })
})
