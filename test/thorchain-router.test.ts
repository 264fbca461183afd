import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeFunctionData, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { readRouterLogs } from '../src/bridge/thorchain/read-router-logs.ts'
import { ROUTER_DEPOSIT_TOPIC } from '../src/bridge/thorchain/router-events.ts'
import { silentLogger } from '../src/core/logger.ts'
import { DEFAULT_MNEMONIC, startAnvil } from '../src/devnet/anvil.ts'
import { loadArtifact } from '../src/devnet/artifact.ts'
import { deployContract } from '../src/devnet/deploy.ts'
import { confirm, createDevnetClient, devnetChain } from '../src/devnet/devnet-client.ts'
import { ingestEvm } from '../src/ingest/ingest-evm.ts'
import { JsonRpcClient } from '../src/sources/evm-rpc/json-rpc-client.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'

const account = (i: number) => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i })
const MEMO = '=:b:bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh:0/1/0'

test('a deposit through the devnet router is ingested and decoded from the stored logs, exactly', async (t) => {
  const anvil = await startAnvil()
  const store = await openDuckDbStore(':memory:')
  t.after(async () => {
    await store.close()
    await anvil.stop()
  })
  const chain = devnetChain(31337, anvil.rpcUrl)
  const sender = createDevnetClient(anvil.rpcUrl, account(3), chain)
  const vault = account(7).address
  const router = await deployContract(
    createDevnetClient(anvil.rpcUrl, account(0), chain),
    loadArtifact('ThorchainRouter'),
  )
  const before = await sender.getBalance({ address: vault })
  const data = encodeFunctionData({
    abi: loadArtifact('ThorchainRouter').abi,
    functionName: 'deposit',
    args: [vault, '0x0000000000000000000000000000000000000000', 0n, MEMO],
  })
  const hash = await sender.sendTransaction({ to: router.address, data, value: parseEther('1') })
  const receipt = await confirm(sender, hash, 'router deposit')
  // As on mainnet, the router forwards the ETH to the vault at once.
  assert.equal((await sender.getBalance({ address: vault })) - before, 1_000_000_000_000_000_000n)
  assert.equal(receipt.logs[0]?.topics[0], ROUTER_DEPOSIT_TOPIC)

  const client = new JsonRpcClient({ url: anvil.rpcUrl, logger: silentLogger() })
  await ingestEvm({ logger: silentLogger() }, store, client, {
    chain: 'devnet',
    from: 0n,
    to: receipt.blockNumber,
    traces: 'debug',
    concurrency: 1,
    batchSize: 100,
    entities: new Set(['blocks', 'receipts', 'traces']),
  })
  const logs = await readRouterLogs(store, 'devnet', new Set([router.address.toLowerCase()]))
  assert.deepEqual(logs.deposits, [
    {
      protocol: 'thorchain',
      chain: 'devnet',
      tx: hash.toLowerCase(),
      logIndex: 0,
      block: 2n, // block 1 deployed the router
      contract: router.address.toLowerCase(),
      vault: vault.toLowerCase(),
      asset: 'native',
      amount: 1_000_000_000_000_000_000n,
      memo: MEMO,
      sender: account(3).address.toLowerCase(),
    },
  ])
  assert.deepEqual(logs.transferOuts, [])
})
