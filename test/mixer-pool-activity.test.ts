import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type Address, type Hash, type Hex, pad, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { silentLogger } from '../src/core/logger.ts'
import { DEFAULT_MNEMONIC, startAnvil } from '../src/devnet/anvil.ts'
import { loadArtifact } from '../src/devnet/artifact.ts'
import { deployContract } from '../src/devnet/deploy.ts'
import { confirm, createDevnetClient, type DevnetClient, devnetChain } from '../src/devnet/devnet-client.ts'
import { ingestEvm } from '../src/ingest/ingest-evm.ts'
import { MapEndpointLabels } from '../src/labels/endpoint-labels.ts'
import { readPoolActivity } from '../src/mixer/read-pool-activity.ts'
import { JsonRpcClient } from '../src/sources/evm-rpc/json-rpc-client.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'

const account = (i: number) => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i })
const lower = (a: Address) => a.toLowerCase()
const LABEL_ONLY = '0x0000000000000000000000000000000000000100'
const ROUTER = '0x0000000000000000000000000000000000000200'
const PAIR_FEES = { maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1_234_567n }

test('pools, notes, withdrawals and interactions read back from an ingested anvil chain, exactly', async (t) => {
  const anvil = await startAnvil({ timestamp: 1_700_000_000 })
  const store = await openDuckDbStore(':memory:')
  t.after(async () => {
    await store.close()
    await anvil.stop()
  })
  const chain = devnetChain(31337, anvil.rpcUrl)
  const client = (i: number) => createDevnetClient(anvil.rpcUrl, account(i), chain)
  const [deployer, alice, bob, carol, dave, erin] = [0, 1, 2, 3, 4, 5].map(client) as DevnetClient[]
  const mixer = loadArtifact('Mixer')
  const pool1 = lower((await deployContract(deployer as DevnetClient, mixer, [parseEther('1')])).address)
  const pool10 = lower((await deployContract(deployer as DevnetClient, mixer, [parseEther('10')])).address)
  const call = async (
    c: DevnetClient | undefined,
    address: string,
    functionName: string,
    args: unknown[],
    extra = {},
  ) => {
    if (!c) throw new Error('no client')
    const hash = await c.writeContract({ address: address as Address, abi: mixer.abi, functionName, args, ...extra })
    const receipt = await confirm(c, hash, functionName)
    const block = await c.getBlock({ blockNumber: receipt.blockNumber })
    return { hash: hash.toLowerCase() as Hash, block: receipt.blockNumber, time: block.timestamp }
  }
  const note = (n: number): Hex => pad(`0x${n.toString(16)}` as Hex)

  const d1 = await call(alice, pool1, 'deposit', [note(1)], { value: parseEther('1'), ...PAIR_FEES })
  const d2 = await call(bob, pool1, 'deposit', [note(2)], { value: parseEther('1'), gasPrice: 2_500_000_000n })
  const d3 = await call(alice, pool10, 'deposit', [note(3)], { value: parseEther('10'), ...PAIR_FEES })
  const w1 = await call(carol, pool1, 'withdraw', [note(11), account(4).address], PAIR_FEES)
  const w2 = await call(dave, pool1, 'withdraw', [note(12), account(4).address], { gasPrice: 2_000_000_000n })
  const w3 = await call(erin, pool10, 'withdraw', [note(13), account(5).address], PAIR_FEES)
  // Alice pays Dave directly, outside the pools: the interaction linked-addresses reads.
  const direct = await (alice as DevnetClient).sendTransaction({ to: account(4).address, value: parseEther('0.5') })
  const directReceipt = await confirm(alice as DevnetClient, direct, 'direct payment')

  await ingestEvm({ logger: silentLogger() }, store, new JsonRpcClient({ url: anvil.rpcUrl, logger: silentLogger() }), {
    chain: 'devnet',
    from: 0n,
    to: directReceipt.blockNumber,
    traces: 'debug',
    concurrency: 1,
    batchSize: 100,
    entities: new Set(['blocks', 'receipts', 'traces']),
  })
  const labels = new MapEndpointLabels([
    [pool10, { category: 'mixer', name: 'Tornado.Cash: 10 ETH' }],
    [LABEL_ONLY, { category: 'mixer', name: 'Tornado.Cash: 100 ETH' }],
    [ROUTER, { category: 'mixer', name: 'Tornado.Cash: Router' }],
    [lower(account(2).address), { category: 'other', name: 'Bob wallets' }],
    [lower(account(4).address), { category: 'exchange-deposit', name: 'Harbor Exchange' }],
  ])
  const a = await readPoolActivity(store, 'devnet', labels)

  const ETH = 10n ** 18n
  assert.deepEqual(
    a.pools,
    [
      { chain: 'devnet', address: pool1, asset: 'native', denomination: ETH, name: null, recognisedBy: 'events' },
      {
        chain: 'devnet',
        address: pool10,
        asset: 'native',
        denomination: 10n * ETH,
        name: 'Tornado.Cash: 10 ETH',
        recognisedBy: 'label+events',
      },
      {
        chain: 'devnet',
        address: LABEL_ONLY,
        asset: 'native',
        denomination: 100n * ETH,
        name: 'Tornado.Cash: 100 ETH',
        recognisedBy: 'label',
      },
    ].sort((x, y) => (x.address < y.address ? -1 : 1)),
  )
  const pair = { type: 2, gasPrice: null, ...PAIR_FEES }
  const legacy = (gasPrice: bigint) => ({ type: 0, gasPrice, maxFeePerGas: null, maxPriorityFeePerGas: null })
  assert.deepEqual(a.deposits, [
    {
      pool: pool1,
      tx: d1.hash,
      logIndex: 0,
      block: d1.block,
      time: d1.time,
      depositor: lower(account(1).address),
      commitment: note(1),
      leafIndex: 0,
      gas: pair,
    },
    {
      pool: pool1,
      tx: d2.hash,
      logIndex: 0,
      block: d2.block,
      time: d2.time,
      depositor: lower(account(2).address),
      commitment: note(2),
      leafIndex: 1,
      gas: legacy(2_500_000_000n),
    },
    {
      pool: pool10,
      tx: d3.hash,
      logIndex: 0,
      block: d3.block,
      time: d3.time,
      depositor: lower(account(1).address),
      commitment: note(3),
      leafIndex: 0,
      gas: pair,
    },
  ])
  const withdrawal = (
    w: typeof w1,
    pool: string,
    recipient: number,
    sender: number,
    nullifier: number,
    gas: unknown,
  ) => ({
    pool,
    tx: w.hash,
    logIndex: 0,
    block: w.block,
    time: w.time,
    recipient: lower(account(recipient).address),
    relayer: null,
    fee: 0n,
    sender: lower(account(sender).address),
    nullifierHash: note(nullifier),
    gas,
  })
  assert.deepEqual(a.withdrawals, [
    withdrawal(w1, pool1, 4, 3, 11, pair),
    withdrawal(w2, pool1, 4, 4, 12, legacy(2_000_000_000n)),
    withdrawal(w3, pool10, 5, 5, 13, pair),
  ])
  const [x, y] = [lower(account(1).address), lower(account(4).address)].sort() as [string, string]
  assert.deepEqual([...a.interactions], [[`${x}|${y}`, { tx: direct.toLowerCase(), block: directReceipt.blockNumber }]])
  assert.deepEqual(
    [...a.clusters].sort(),
    [
      [lower(account(2).address), 'Bob wallets'],
      [lower(account(4).address), 'Harbor Exchange'],
    ].sort(),
  )
  assert.deepEqual([...(a.services ?? [])], [[lower(account(4).address), 'exchange-deposit']])
  // Every stored transaction from the first pool event to the last, by fingerprint: d1, d3, w1 and w3 share the
  // pair; d2 and w2 each have their own legacy price (the direct payment comes after the last event).
  assert.deepEqual([...(a.fingerprintUses ?? [])].sort(), [
    ['1559:3000000000:1234567', 4],
    ['legacy:2000000000', 1],
    ['legacy:2500000000', 1],
  ])

  // A window after the deposits: each pool's denomination then comes from what its withdrawals paid out.
  const late = await readPoolActivity(store, 'devnet', labels, { fromBlock: w1.block })
  assert.deepEqual(late.deposits, [])
  assert.deepEqual(
    late.pools.map((p) => [p.address, p.denomination, p.recognisedBy]),
    a.pools.map((p) => [p.address, p.denomination, p.recognisedBy]),
  )
  assert.deepEqual(late.withdrawals, a.withdrawals)
})
