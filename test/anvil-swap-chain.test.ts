import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type Abi, type Address, encodeFunctionData, formatEther, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { runInProcess as run } from '../src/cli/main.ts'
import { type Anvil, DEFAULT_MNEMONIC, startAnvil } from '../src/devnet/anvil.ts'
import { loadArtifact } from '../src/devnet/artifact.ts'
import { deployContract } from '../src/devnet/deploy.ts'
import { confirm, createDevnetClient, devnetChain } from '../src/devnet/devnet-client.ts'

// On a real node: the thief S passes 300 stolen USDX to A, which also holds 100 clean USDX and sells all 400 for
// ETH through a router that routes pair -> WETH unwrap -> router -> R (Uniswap V2's swapExactTokensForETH).
const account = (i: number) => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i })
const [deployer, victim, thief, mixer, clean, payee] = [0, 1, 2, 3, 4, 5].map(account) as [
  ReturnType<typeof account>,
  ReturnType<typeof account>,
  ReturnType<typeof account>,
  ReturnType<typeof account>,
  ReturnType<typeof account>,
  ReturnType<typeof account>,
]
const usd = (n: number) => BigInt(n) * 1_000_000n
const lower = (a: string) => a.toLowerCase()

interface Played {
  usdx: string
  weth: string
  pair: string
  router: string
  swapTx: string
  /** What the chain says R was paid: the router's ETH payout (R's balance change). */
  ethOut: bigint
  lastBlock: bigint
}

async function play(rpcUrl: string): Promise<Played> {
  const chain = devnetChain(31337, rpcUrl)
  const client = (a: ReturnType<typeof account>) => createDevnetClient(rpcUrl, a, chain)
  const d = client(deployer)
  const token = loadArtifact('TestToken')
  const wethArt = loadArtifact('WETH9')
  const pairArt = loadArtifact('UniswapV2Pair')
  const routerArt = loadArtifact('UnwrapRouter')
  const usdx = await deployContract(d, token, ['USD X', 'USDX', 6])
  const weth = await deployContract(d, wethArt)
  const pair = await deployContract(d, pairArt, [usdx.address, weth.address])
  const router = await deployContract(d, routerArt, [weth.address])
  const call = async (
    who: ReturnType<typeof account>,
    to: Address,
    abi: Abi,
    fn: string,
    args: unknown[],
    value = 0n,
  ) => {
    const c = client(who)
    const hash = await c.sendTransaction({ to, value, data: encodeFunctionData({ abi, functionName: fn, args }) })
    return await confirm(c, hash, fn)
  }
  // Liquidity: 1,000,000 USDX and 500 WETH.
  await call(deployer, usdx.address, token.abi, 'mint', [deployer.address, usd(1_000_000)])
  await call(deployer, weth.address, wethArt.abi, 'deposit', [], parseEther('500'))
  await call(deployer, usdx.address, token.abi, 'transfer', [pair.address, usd(1_000_000)])
  await call(deployer, weth.address, wethArt.abi, 'transfer', [pair.address, parseEther('500')])
  await call(deployer, pair.address, pairArt.abi, 'mint', [deployer.address])
  await call(deployer, usdx.address, token.abi, 'mint', [victim.address, usd(300)])
  await call(deployer, usdx.address, token.abi, 'mint', [clean.address, usd(100)])
  // The theft, the hand-over and the clean top-up.
  await call(victim, usdx.address, token.abi, 'transfer', [thief.address, usd(300)])
  await call(thief, usdx.address, token.abi, 'transfer', [mixer.address, usd(300)])
  await call(clean, usdx.address, token.abi, 'transfer', [mixer.address, usd(100)])
  await call(mixer, usdx.address, token.abi, 'approve', [router.address, usd(400)])
  const before = await d.getBalance({ address: payee.address })
  const swap = await call(mixer, router.address, routerArt.abi, 'swapExactTokensForETH', [
    pair.address,
    usdx.address,
    usd(400),
    0n,
    payee.address,
  ])
  const ethOut = (await d.getBalance({ address: payee.address })) - before
  return {
    usdx: lower(usdx.address),
    weth: lower(weth.address),
    pair: lower(pair.address),
    router: lower(router.address),
    swapTx: swap.transactionHash,
    ethOut,
    lastBlock: swap.blockNumber,
  }
}

let anvil: Anvil
let w: Played
const dir = mkdtempSync(join(tmpdir(), 'dragnet-swap-chain-'))
const db = join(dir, 'store.duckdb')
const labels = join(dir, 'labels.csv')

describe('a routed swap on a real node (pair -> WETH unwrap -> router), traced in every model', () => {
  before(async () => {
    anvil = await startAnvil()
    w = await play(anvil.rpcUrl)
    const args = ['ingest', 'evm', '--rpc', anvil.rpcUrl, '--from', '0', '--to', String(w.lastBlock)]
    const ingest = await run([...args, '--traces', 'debug', '--wrapped-native', w.weth, '--db', db, '--json'])
    assert.equal(ingest.code, 0, ingest.err)
    writeFileSync(labels, `address,category,name\n${w.pair},dex,USDX/WETH pair\n${w.router},dex,Router\n`)
  })
  after(async () => {
    await anvil?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('the chain: the payout R received is the pair’s output (getAmountOut of 400 USDX, 0.3% fee)', () => {
    // 400e6 * 997 * 500e18 / (1e12 * 1000 + 400e6 * 997)
    const inFee = usd(400) * 997n
    assert.equal(w.ethOut, (inFee * parseEther('500')) / (usd(1_000_000) * 1000n + inFee))
  })

  const trace = async (model: string) => {
    const r = await run([
      'trace',
      '--seed',
      lower(thief.address),
      '--db',
      db,
      '--labels',
      labels,
      '--model',
      model,
      '--json',
    ])
    assert.equal(r.code, 0, r.err)
    return JSON.parse(r.out)
  }
  const payee_ = () => lower(payee.address)

  for (const model of ['haircut', 'fifo'] as const) {
    it(`${model}: R holds floor(out * 300/400) once; the router and WETH hold nothing; value is conserved`, async () => {
      const j = await trace(model)
      const share = (w.ethOut * 300n) / 400n
      assert.equal(j.totals.native.swappedIn, String(share))
      assert.equal(j.totals.native.held, String(share))
      assert.equal(j.totals[w.usdx].stolen, String(usd(300)))
      assert.equal(j.totals[w.usdx].dex, String(usd(300)))
      assert.equal(j.totals[w.weth], undefined)
      for (const t of Object.values(j.totals) as Record<string, string>[]) {
        const ends = ['held', 'exchange', 'bridge', 'mixer', 'dex', 'dark', 'unfollowed'].reduce(
          (s, k) => s + BigInt(t[k] as string),
          0n,
        )
        assert.equal(ends, BigInt(t.stolen as string) + BigInt(t.swappedIn as string))
      }
      const ends = j.endpoints.map((e: { address: string; asset: string; amount: string }) => [
        e.address,
        e.asset,
        e.amount,
      ])
      assert.deepEqual(ends, [
        [payee_(), 'native', String(share)],
        [w.pair, w.usdx, String(usd(300))],
      ])
    })
  }

  it('poison: the whole payout once; explain shows the path from the seed through the swap as one step', async () => {
    const j = await trace('poison')
    assert.equal(j.totals.native.swappedIn, String(w.ethOut))
    assert.equal(j.totals.native.held, String(w.ethOut))
    assert.equal(j.totals[w.usdx].dex, String(usd(400)))
    const r = j.endpoints.find((e: { address: string }) => e.address === payee_())
    assert.deepEqual(
      r.path.map((p: { from: string; to: string; hop: number }) => [p.from, p.to, p.hop]),
      [
        [lower(thief.address), lower(mixer.address), 1],
        [lower(mixer.address), w.pair, 2],
        [w.router, payee_(), 3],
      ],
    )
    const x = await run([
      'trace',
      '--seed',
      lower(thief.address),
      '--db',
      db,
      '--labels',
      labels,
      '--model',
      'poison',
      '--explain',
      payee_(),
    ])
    assert.equal(x.code, 0, x.err)
    assert.ok(x.out.includes(`, hop 3\n`), x.out)
    assert.ok(x.out.includes(`400 USDX in, ${formatEther(w.ethOut)} ETH out  ${w.swapTx}`), x.out)
  })
})
