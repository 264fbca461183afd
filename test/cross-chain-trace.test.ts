import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { encodeFunctionData, type Hash, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { btcTx, opReturn, payTo, spend } from '../src/bridge/thorchain/fixtures/btc-tx.ts'
import type { BtcTransaction } from '../src/core/btc-types.ts'
import { silentLogger } from '../src/core/logger.ts'
import { type Anvil, DEFAULT_MNEMONIC, startAnvil } from '../src/devnet/anvil.ts'
import { loadArtifact } from '../src/devnet/artifact.ts'
import { deployContract } from '../src/devnet/deploy.ts'
import { confirm, createDevnetClient, devnetChain } from '../src/devnet/devnet-client.ts'
import { ingestEvm } from '../src/ingest/ingest-evm.ts'
import { MapEndpointLabels } from '../src/labels/endpoint-labels.ts'
import { JsonRpcClient } from '../src/sources/evm-rpc/json-rpc-client.ts'
import { type DuckDbStore, openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import type { CrossChainEndpoint } from '../src/trace/cross-chain/cross-chain-types.ts'
import { runCrossChainTrace } from '../src/trace/cross-chain/run-cross-chain-trace.ts'
import { traceRequest } from '../src/trace/trace-request.ts'
import { runCli } from './support/run-cli.ts'

const account = (i: number) => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i })
const VICTIM = account(1)
const CLEAN = account(2)
const THIEF = account(3)
const VAULT = account(7).address
const BTC_DEST = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh'
const BTC_VAULT = 'bc1qh7cjvuc3gtt3r4afm0zqvhvrpkfw0ahxrfwfgu'
const CHAIN = 'devnet'

interface Played {
  router: string
  stolen: Hash
  deposit: Hash
  last: bigint
}

// The thief receives 6 ETH stolen and 2 ETH clean, then swaps 4 ETH to Bitcoin through the router: under
// haircut 4 * 6/8 = 3 ETH of the deposit is tainted.
async function play(rpcUrl: string): Promise<Played> {
  const chain = devnetChain(31337, rpcUrl)
  const client = (i: ReturnType<typeof account>) => createDevnetClient(rpcUrl, i, chain)
  const router = await deployContract(client(account(0)), loadArtifact('ThorchainRouter'))
  const pay = async (from: ReturnType<typeof account>, value: bigint) => {
    const hash = await client(from).sendTransaction({ to: THIEF.address, value })
    await confirm(client(from), hash, 'payment')
    return hash
  }
  const stolen = await pay(VICTIM, parseEther('6'))
  await pay(CLEAN, parseEther('2'))
  const data = encodeFunctionData({
    abi: loadArtifact('ThorchainRouter').abi,
    functionName: 'deposit',
    args: [VAULT, '0x0000000000000000000000000000000000000000', 0n, `=:b:${BTC_DEST}`],
  })
  const deposit = await client(THIEF).sendTransaction({ to: router.address, data, value: parseEther('4') })
  const receipt = await confirm(client(THIEF), deposit, 'router deposit')
  return { router: router.address.toLowerCase(), stolen, deposit, last: receipt.blockNumber }
}

/** The vault's payout of the swap on Bitcoin: 0.1 BTC to the memo's address, `OUT:<deposit hash>`. */
function payout(deposit: Hash): BtcTransaction {
  return btcTx(
    'c0'.repeat(32),
    { number: 120n, hash: 'b0'.repeat(32), timestamp: 1_700_000_000n },
    [spend(0, 'a0'.repeat(32), 0, BTC_VAULT, 50_000_000n)],
    [
      payTo(0, BTC_DEST, 10_000_000n, '0014351e8ba0fc9b4b1bdf0f0d8b1ffbdf7ae0aeb1a4'),
      payTo(1, BTC_VAULT, 39_990_000n, '0014bfb126731142d711d7a9dbc4065d830d92e7f6e6'),
      opReturn(2, `OUT:${deposit.slice(2).toUpperCase()}`),
    ],
  )
}

const BTC_EXCHANGE = 'bc1qss42t2tk76cst7267xj4jsuddqea69zgdkql89'

/** The attacker moves the payout on to an exchange's deposit address: 9,990,000 sat and a 10,000 sat fee. */
function toExchange(payoutTxid: string): BtcTransaction {
  return btcTx(
    'd0'.repeat(32),
    { number: 121n, hash: 'b1'.repeat(32), timestamp: 1_700_000_600n },
    [spend(0, payoutTxid, 0, BTC_DEST, 10_000_000n)],
    [payTo(0, BTC_EXCHANGE, 9_990_000n, '0014842aa5a976f6b105f95af1a559438d6833dd1448')],
  )
}

describe('cross-chain trace through the THORChain router', () => {
  let anvil: Anvil
  let store: DuckDbStore
  let played: Played
  let closed = false
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-crosschain-'))
  const db = join(dir, 'cross.duckdb')
  before(async () => {
    anvil = await startAnvil()
    store = await openDuckDbStore(db)
    played = await play(anvil.rpcUrl)
    const client = new JsonRpcClient({ url: anvil.rpcUrl, logger: silentLogger() })
    await ingestEvm({ logger: silentLogger() }, store, client, {
      chain: CHAIN,
      from: 0n,
      to: played.last,
      traces: 'debug',
      concurrency: 1,
      batchSize: 100,
      entities: new Set(['blocks', 'receipts', 'traces']),
    })
  })
  after(async () => {
    if (!closed) await store?.close()
    await anvil?.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  const labels = () => new MapEndpointLabels([[played.router, { category: 'bridge', name: 'THORChain' }]])
  const request = () => traceRequest(CHAIN, { addresses: [], txs: [played.stolen] }, { model: 'haircut' })

  test('without Bitcoin data the bridge endpoint names the memo destination and the crossing no outbound', async () => {
    const r = await runCrossChainTrace({ evm: store, labels: labels() }, request())
    assert.equal(r.format, 'dragnet.crosschain/1')
    assert.equal(r.legs.length, 1)
    const [c] = r.crossings
    assert.ok(c)
    assert.deepEqual(
      [c.link.inboundTx, c.link.inboundAmount, c.link.toChain, c.link.destination, c.link.outboundTx, c.link.kind],
      [played.deposit, 4_000_000_000_000_000_000n, 'bitcoin', BTC_DEST, null, 'swap'],
    )
    assert.equal(c.taintedIn, 3_000_000_000_000_000_000n)
    assert.deepEqual([c.taintedOut, c.outbound, c.leg], [null, null, null])
    const endpoint = r.legs[0]?.endpoints.find((e) => e.address === played.router) as CrossChainEndpoint
    assert.equal(endpoint.category, 'bridge')
    assert.deepEqual(endpoint.destination, {
      protocol: 'thorchain',
      chain: 'bitcoin',
      address: BTC_DEST,
      tx: played.deposit,
    })
  })

  test('with the payout ingested its output carries the tainted share on to a Bitcoin exchange, exact', async () => {
    const out = payout(played.deposit)
    const btc = {
      readBtcTransactions: async function* () {
        yield [out, toExchange(out.hash)]
      },
    }
    const utxoLabels = new Map([[BTC_EXCHANGE, [{ category: 'exchange' as const, name: 'Harbor Exchange' }]]])
    const r = await runCrossChainTrace({ evm: store, labels: labels(), btc, utxoLabels }, request())
    const [c] = r.crossings
    // floor(10,000,000 sat * 3 ETH / 4 ETH) = 7,500,000 sat of the paid output; the vault's change is not paid.
    assert.equal(c?.taintedOut, 7_500_000n)
    assert.deepEqual(c?.outbound, {
      chain: 'bitcoin',
      tx: 'c0'.repeat(32),
      seeds: [{ txid: 'c0'.repeat(32), vout: 0, tainted: 7_500_000n }],
    })
    assert.equal(c?.leg, 1)
    const leg = r.legs[1]
    assert.equal(leg?.chain, 'bitcoin')
    // Haircut on Bitcoin: 7,500,000 of the 10,000,000 sat spent; the 9,990,000 sat output gets
    // floor(7,500,000 * 9,990,000 / 10,000,000) = 7,492,500, the 10,000 sat fee the other 7,500.
    const exchange = leg?.endpoints.find((e) => e.address === BTC_EXCHANGE)
    assert.deepEqual(
      [exchange?.category, exchange?.name, exchange?.amount],
      ['exchange', 'Harbor Exchange', 7_492_500n],
    )
  })

  test('dragnet trace --cross-chain prints the crossing as a table and as JSON', async () => {
    await store.close()
    closed = true
    const labelsCsv = join(dir, 'labels.csv')
    writeFileSync(labelsCsv, `chain,address,category,label\n${CHAIN},${played.router},bridge,THORChain\n`)
    const args = [
      'trace',
      '--db',
      db,
      '--chain',
      CHAIN,
      '--seed',
      played.stolen,
      '--labels',
      labelsCsv,
      '--cross-chain',
    ]
    const json = await runCli([...args, '--json'])
    assert.equal(json.code, 0, json.stderr)
    const r = JSON.parse(json.stdout)
    assert.equal(r.format, 'dragnet.crosschain/1')
    assert.equal(r.crossings[0].taintedIn, '3000000000000000000')
    assert.equal(r.crossings[0].link.destination, BTC_DEST)
    assert.equal(r.crossings[0].outbound, null)
    const table = await runCli(args)
    assert.equal(table.code, 0, table.stderr)
    assert.match(table.stdout, /== Leg 1 of 1: devnet \(seeds\)/)
    assert.match(table.stdout, /thorchain swap devnet -> bitcoin/)
    assert.match(table.stdout, /tainted in: 3 of 4 ETH/)
    assert.match(table.stdout, /outbound: not in the data/)
  })
})
