import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeFunctionData, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { silentLogger } from '../src/core/logger.ts'
import { DEFAULT_MNEMONIC, startAnvil } from '../src/devnet/anvil.ts'
import { loadArtifact } from '../src/devnet/artifact.ts'
import { deployContract } from '../src/devnet/deploy.ts'
import { confirm, createDevnetClient, devnetChain } from '../src/devnet/devnet-client.ts'
import { ingestEvm } from '../src/ingest/ingest-evm.ts'
import { MapEndpointLabels } from '../src/labels/endpoint-labels.ts'
import { JsonRpcClient } from '../src/sources/evm-rpc/json-rpc-client.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import { runCrossChainTrace } from '../src/trace/cross-chain/run-cross-chain-trace.ts'
import { traceRequest } from '../src/trace/trace-request.ts'

const account = (i: number) => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i })
const THIEF = account(3)
const VAULT = account(7)
const ZERO = '0x0000000000000000000000000000000000000000'

// The thief holds 6 stolen and 2 clean ETH and deposits 4 ETH with a memo THORChain refuses (unknown asset);
// the vault refunds 3.96 ETH through the router with `REFUND:<deposit hash>`. Haircut: 3 of the 4 ETH tainted,
// so floor(3.96 ETH * 3 / 4) = 2.97 ETH of the refund.
test('a refunded deposit links as a refund and the trace continues from the refund on Ethereum', async (t) => {
  const anvil = await startAnvil()
  const store = await openDuckDbStore(':memory:')
  t.after(async () => {
    await store.close()
    await anvil.stop()
  })
  const chain = devnetChain(31337, anvil.rpcUrl)
  const client = (a: ReturnType<typeof account>) => createDevnetClient(anvil.rpcUrl, a, chain)
  const abi = loadArtifact('ThorchainRouter').abi
  const router = (await deployContract(client(account(0)), loadArtifact('ThorchainRouter'))).address
  const send = async (from: ReturnType<typeof account>, to: `0x${string}`, value: bigint, data?: `0x${string}`) => {
    const hash = await client(from).sendTransaction({ to, value, ...(data ? { data } : {}) })
    return { hash, block: (await confirm(client(from), hash, 'tx')).blockNumber }
  }
  const stolen = await send(account(1), THIEF.address, parseEther('6'))
  await send(account(2), THIEF.address, parseEther('2'))
  const memo = '=:ZZZ:bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh'
  const deposit = await send(
    THIEF,
    router,
    parseEther('4'),
    encodeFunctionData({ abi, functionName: 'deposit', args: [VAULT.address, ZERO, 0n, memo] }),
  )
  const refundMemo = `REFUND:${deposit.hash.slice(2).toUpperCase()}`
  const refund = await send(
    VAULT,
    router,
    parseEther('3.96'),
    encodeFunctionData({ abi, functionName: 'transferOut', args: [THIEF.address, ZERO, 0n, refundMemo] }),
  )
  await ingestEvm({ logger: silentLogger() }, store, new JsonRpcClient({ url: anvil.rpcUrl, logger: silentLogger() }), {
    chain: 'devnet',
    from: 0n,
    to: refund.block,
    traces: 'debug',
    concurrency: 1,
    batchSize: 100,
    entities: new Set(['blocks', 'receipts', 'traces']),
  })
  const labels = new MapEndpointLabels([[router.toLowerCase(), { category: 'bridge', name: 'THORChain' }]])
  const request = traceRequest('devnet', { addresses: [], txs: [stolen.hash] }, { model: 'haircut' })
  const r = await runCrossChainTrace({ evm: store, labels }, request)
  assert.equal(r.crossings.length, 1)
  const [c] = r.crossings
  assert.deepEqual(
    [c?.link.kind, c?.link.toChain, c?.link.destination, c?.link.outboundTx, c?.link.outboundAmount],
    ['refund', 'devnet', THIEF.address.toLowerCase(), refund.hash, 3_960_000_000_000_000_000n],
  )
  assert.deepEqual([c?.taintedIn, c?.taintedOut, c?.leg], [3_000_000_000_000_000_000n, 2_970_000_000_000_000_000n, 1])
  assert.deepEqual(c?.outbound, { chain: 'devnet', tx: refund.hash, seeds: [] })
  // The refund leg seeds the refund transaction whole (the EVM engine has no partial seeds): the thief got 3.96 ETH.
  const leg = r.legs[1]
  assert.deepEqual(leg?.seeds.txs, [refund.hash])
  const thief = leg?.nodes.find((n) => n.address === THIEF.address.toLowerCase())
  assert.equal(thief?.received.native, 3_960_000_000_000_000_000n)
})
