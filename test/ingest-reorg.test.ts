import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { type Address, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { DEFAULT_MNEMONIC, startAnvil } from '../src/devnet/anvil.ts'
import { createDevnetClient, devnetChain } from '../src/devnet/devnet-client.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import { runCli } from './support/run-cli.ts'

const acct = (i: number) => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i })

test('a reorg under a stored range is detected, the replaced blocks removed, and the new chain stored', async (t) => {
  const anvil = await startAnvil()
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-reorg-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const db = join(dir, 'r.duckdb')
  try {
    const wallet = createDevnetClient(anvil.rpcUrl, acct(0), devnetChain(31337, anvil.rpcUrl))
    const rpc = (method: string, params: unknown[] = []) =>
      wallet.request({ method, params } as never) as Promise<unknown>
    const pay = async (to: number, eth: string) => {
      const hash = await wallet.sendTransaction({ to: acct(to).address as Address, value: parseEther(eth) })
      await wallet.waitForTransactionReceipt({ hash, pollingInterval: 5 })
    }
    await pay(1, '1') // block 1, kept
    const snapshot = await rpc('evm_snapshot')
    await pay(2, '2') // block 2, to be replaced
    await pay(3, '3') // block 3, to be replaced
    const first = await runCli([
      'ingest',
      'evm',
      '--rpc',
      anvil.rpcUrl,
      '--from',
      '0',
      '--to',
      '3',
      '--db',
      db,
      '--json',
    ])
    assert.equal(first.code, 0, first.stderr)

    await rpc('evm_revert', [snapshot])
    await pay(4, '5') // new block 2
    await rpc('anvil_mine', ['0x2']) // new blocks 3 and 4
    const second = await runCli([
      'ingest',
      'evm',
      '--rpc',
      anvil.rpcUrl,
      '--from',
      '4',
      '--to',
      '4',
      '--db',
      db,
      '--json',
    ])
    assert.equal(second.code, 0, second.stderr)
    const summary = JSON.parse(second.stdout)
    assert.deepEqual(summary.reorgs, [{ forkBlock: '1', depth: 2 }])

    const store = await openDuckDbStore(db)
    const got: string[] = []
    for await (const batch of store.read('transfers')) {
      for (const r of batch) got.push(`${r.block_number} ${r.to_address} ${r.amount}`)
    }
    const hashes = await store.blockHashes('ethereum', 0n, 4n)
    assert.equal(await store.count('blocks'), 5)
    await store.close()
    assert.deepEqual(got, [
      `1 ${acct(1).address.toLowerCase()} ${parseEther('1')}`,
      `2 ${acct(4).address.toLowerCase()} ${parseEther('5')}`,
    ])
    const nodeBlock3 = (await rpc('eth_getBlockByNumber', ['0x3', false])) as { hash: string }
    assert.equal(hashes.get(3n), nodeBlock3.hash)
  } finally {
    await anvil.stop()
  }
})
