import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type Address, encodeFunctionData, type Hash, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { type Anvil, DEFAULT_MNEMONIC, startAnvil } from '../src/devnet/anvil.ts'
import { loadArtifact } from '../src/devnet/artifact.ts'
import { deployContract } from '../src/devnet/deploy.ts'
import { createDevnetClient, devnetChain } from '../src/devnet/devnet-client.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import type { Row } from '../src/store/store.ts'
import { startRpcProxy } from './support/rpc-proxy.ts'
import { errorOf, runCli } from './support/run-cli.ts'

const account = (i: number) => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i })
const alice = account(0)
const bob = account(1).address.toLowerCase()
const carol = account(2).address.toLowerCase()
const A = alice.address.toLowerCase()
const ZERO = '0x0000000000000000000000000000000000000000'

interface World {
  token: string
  forwarder: string
  weth: string
  tx: Record<string, Hash>
  lastBlock: bigint
}

let anvil: Anvil
let world: World
const dir = mkdtempSync(join(tmpdir(), 'dragnet-anvil-'))

async function playWorld(rpcUrl: string): Promise<World> {
  const chain = devnetChain(31337, rpcUrl)
  const wallet = createDevnetClient(rpcUrl, alice, chain)
  const bobWallet = createDevnetClient(rpcUrl, account(1), chain)
  const token = await deployContract(wallet, loadArtifact('TestToken'), ['Test Token', 'TST', 18])
  const forwarder = await deployContract(wallet, loadArtifact('Forwarder'))
  const weth = await deployContract(wallet, loadArtifact('WETH9'))
  const tokenAbi = loadArtifact('TestToken').abi
  const fwdAbi = loadArtifact('Forwarder').abi
  const wethAbi = loadArtifact('WETH9').abi
  const send = async (w: typeof wallet, to: Address, data: `0x${string}` | undefined, value: bigint, gas?: bigint) => {
    const hash = await w.sendTransaction({ to, value, ...(data ? { data } : {}), ...(gas ? { gas } : {}) })
    const receipt = await w.waitForTransactionReceipt({ hash, pollingInterval: 5 })
    return { hash, status: receipt.status, block: receipt.blockNumber }
  }
  const tx: Record<string, Hash> = {}
  tx.pay = (await send(wallet, account(1).address, undefined, parseEther('1.5'))).hash
  tx.mint = (
    await send(
      wallet,
      token.address,
      encodeFunctionData({ abi: tokenAbi, functionName: 'mint', args: [alice.address, parseEther('1000')] }),
      0n,
    )
  ).hash
  tx.tokenPay = (
    await send(
      wallet,
      token.address,
      encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [account(2).address, parseEther('250')] }),
      0n,
    )
  ).hash
  // Forwarding to the token contract fails (it takes no ETH): the whole transaction reverts and moves nothing.
  const failed = await send(
    wallet,
    forwarder.address,
    encodeFunctionData({ abi: fwdAbi, functionName: 'forward', args: [token.address] }),
    parseEther('1'),
    200_000n,
  )
  assert.equal(failed.status, 'reverted')
  tx.failed = failed.hash
  tx.split = (
    await send(
      wallet,
      forwarder.address,
      encodeFunctionData({ abi: fwdAbi, functionName: 'split', args: [account(1).address, account(2).address] }),
      parseEther('3'),
    )
  ).hash
  tx.revertInside = (
    await send(
      wallet,
      forwarder.address,
      encodeFunctionData({ abi: fwdAbi, functionName: 'forwardThenRevert', args: [account(3).address] }),
      parseEther('2'),
    )
  ).hash
  tx.wrap = (
    await send(bobWallet, weth.address, encodeFunctionData({ abi: wethAbi, functionName: 'deposit' }), parseEther('4'))
  ).hash
  const unwrap = await send(
    bobWallet,
    weth.address,
    encodeFunctionData({ abi: wethAbi, functionName: 'withdraw', args: [parseEther('1')] }),
    0n,
  )
  tx.unwrap = unwrap.hash
  return {
    token: token.address.toLowerCase(),
    forwarder: forwarder.address.toLowerCase(),
    weth: weth.address.toLowerCase(),
    tx,
    lastBlock: unwrap.block,
  }
}

async function transfersOf(db: string): Promise<Row[]> {
  const store = await openDuckDbStore(db)
  const rows: Row[] = []
  for await (const b of store.read('transfers')) rows.push(...b)
  await store.close()
  return rows
}

const summarise = (rows: Row[], w: World) =>
  rows.map((r) => {
    const name = Object.entries(w.tx).find(([, h]) => h === r.tx_hash)?.[0] ?? 'deploy'
    return `${name} ${r.position} ${r.kind} ${r.from_address}->${r.to_address} ${r.asset === 'native' ? 'ETH' : r.asset === w.token ? 'TST' : r.asset === w.weth ? 'WETH' : r.asset} ${r.amount}`
  })

const e = (s: string) => parseEther(s).toString()

before(async () => {
  anvil = await startAnvil()
  world = await playWorld(anvil.rpcUrl)
})
after(async () => {
  await anvil.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('ingest from a real node (anvil)', () => {
  const expectedWithTraces = () => {
    const f = world.forwarder
    return [
      `pay trace: native ${A}->${bob} ETH ${e('1.5')}`,
      `mint log:0 erc20 ${ZERO}->${A} TST ${e('1000')}`,
      `tokenPay log:0 erc20 ${A}->${carol} TST ${e('250')}`,
      `split trace: native ${A}->${f} ETH ${e('3')}`,
      `split trace:0 internal ${f}->${bob} ETH ${e('1.5')}`,
      `split trace:1 internal ${f}->${carol} ETH ${e('1.5')}`,
      `revertInside trace: native ${A}->${f} ETH ${e('2')}`,
      `revertInside trace:1 internal ${f}->${A} ETH ${e('2')}`,
      `wrap trace: native ${bob}->${world.weth} ETH ${e('4')}`,
      `wrap log:0 wrap ${world.weth}->${bob} WETH ${e('4')}`,
      `unwrap trace:0 internal ${world.weth}->${bob} ETH ${e('1')}`,
      `unwrap log:0 unwrap ${bob}->${world.weth} WETH ${e('1')}`,
    ]
  }

  for (const mode of ['debug', 'parity'] as const) {
    test(`--traces ${mode}: exact transfers, internal ones included, failed and reverted ones excluded`, async () => {
      const db = join(dir, `${mode}.duckdb`)
      const run = await runCli([
        'ingest',
        'evm',
        '--rpc',
        anvil.rpcUrl,
        '--from',
        '0',
        '--to',
        String(world.lastBlock),
        '--traces',
        mode,
        '--wrapped-native',
        world.weth,
        '--db',
        db,
        '--json',
      ])
      assert.equal(run.code, 0, run.stderr)
      const summary = JSON.parse(run.stdout)
      assert.equal(summary.traceSource, mode)
      assert.equal(summary.receiptSource, 'eth_getBlockReceipts')
      assert.equal(summary.transfers, 12)
      assert.deepEqual(summarise(await transfersOf(db), world), expectedWithTraces())
    })
  }

  test('--traces none: top-level values only, the failed transaction still excluded by its receipt', async () => {
    const db = join(dir, 'none.duckdb')
    const run = await runCli([
      'ingest',
      'evm',
      '--rpc',
      anvil.rpcUrl,
      '--from',
      '0',
      '--to',
      String(world.lastBlock),
      '--traces',
      'none',
      '--wrapped-native',
      world.weth,
      '--db',
      db,
      '--json',
    ])
    assert.equal(run.code, 0, run.stderr)
    const f = world.forwarder
    assert.deepEqual(summarise(await transfersOf(db), world), [
      `pay tx native ${A}->${bob} ETH ${e('1.5')}`,
      `mint log:0 erc20 ${ZERO}->${A} TST ${e('1000')}`,
      `tokenPay log:0 erc20 ${A}->${carol} TST ${e('250')}`,
      `split tx native ${A}->${f} ETH ${e('3')}`,
      `revertInside tx native ${A}->${f} ETH ${e('2')}`,
      `wrap tx native ${bob}->${world.weth} ETH ${e('4')}`,
      `wrap log:0 wrap ${world.weth}->${bob} WETH ${e('4')}`,
      `unwrap log:0 unwrap ${bob}->${world.weth} WETH ${e('1')}`,
    ])
  })

  test('token metadata is read by eth_call and cached', async () => {
    const store = await openDuckDbStore(join(dir, 'debug.duckdb'))
    const tokens = await store.getTokens('ethereum', [world.token])
    await store.close()
    assert.deepEqual(tokens.get(world.token), {
      chain: 'ethereum',
      address: world.token,
      symbol: 'TST',
      name: 'Test Token',
      decimals: 18,
      wrappedNative: false,
    })
  })

  test('a token registered with --wrapped-native keeps its symbol, name and decimals from the chain', async () => {
    const store = await openDuckDbStore(join(dir, 'debug.duckdb'))
    const tokens = await store.getTokens('ethereum', [world.weth])
    await store.close()
    assert.deepEqual(tokens.get(world.weth), {
      chain: 'ethereum',
      address: world.weth,
      symbol: 'WETH',
      name: 'Wrapped Ether',
      decimals: 18,
      wrappedNative: true,
    })
  })

  test('running the same range again changes nothing', async () => {
    const db = join(dir, 'debug.duckdb')
    const before = await transfersOf(db)
    const run = await runCli([
      'ingest',
      'evm',
      '--rpc',
      anvil.rpcUrl,
      '--from',
      '0',
      '--to',
      String(world.lastBlock),
      '--traces',
      'debug',
      '--restart',
      '--db',
      db,
      '--json',
    ])
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(await transfersOf(db), before)
  })

  test('a crash mid-range resumes from the checkpoint and ends with the same rows', async () => {
    const db = join(dir, 'resume.duckdb')
    const proxy = await startRpcProxy(anvil.rpcUrl)
    // The node starts failing once block 5 is asked for: blocks 0-4 are stored with their checkpoint.
    proxy.setIntercept((calls) =>
      calls.some((c) => c.method === 'eth_getBlockByNumber' && c.params[0] === '0x5')
        ? { status: 503, body: 'unavailable' }
        : undefined,
    )
    const args = [
      'ingest',
      'evm',
      '--rpc',
      proxy.url,
      '--from',
      '0',
      '--to',
      String(world.lastBlock),
      '--traces',
      'debug',
      '--batch-size',
      '1',
      '--retries',
      '1',
      '--wrapped-native',
      world.weth,
      '--db',
      db,
      '--json',
    ]
    const failed = await runCli(args)
    assert.equal(failed.code, 4)
    assert.equal(errorOf(failed).code, 'RPC_HTTP_ERROR')
    const store = await openDuckDbStore(db)
    assert.equal(await store.count('blocks'), 5)
    assert.equal((await store.getCheckpoint('ethereum', 'ingest:evm:blocks+receipts+traces'))?.block, 4n)
    await store.close()
    proxy.setIntercept(undefined)
    const resumed = await runCli(args)
    assert.equal(resumed.code, 0, resumed.stderr)
    assert.equal(JSON.parse(resumed.stdout).resumedFrom, '5')
    assert.deepEqual(await transfersOf(db), await transfersOf(join(dir, 'debug.duckdb')))
    await proxy.close()
  })
})
