import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runInProcess } from '../src/cli/main.ts'
import { BtcDevChain } from '../src/devnet/bitcoin/dev-chain.ts'
import type { DevTx } from '../src/devnet/bitcoin/dev-tx.ts'
import { exchangeDepositAddress, exchangeHotWallet, exchangeSweep } from '../src/devnet/bitcoin/exchange.ts'
import { peelChain } from '../src/devnet/bitcoin/peel-chain.ts'
import { type BtcRpcServer, startBtcRpcServer } from '../src/devnet/bitcoin/rpc-server.ts'
import { whirlpoolMix } from '../src/devnet/bitcoin/whirlpool.ts'

const CLEAN = ['m1', 'm2', 'm3', 'm4']

/**
 * The theft, with the values chosen here:
 * - fund: the miner pays the victim 1,000,000,000 sat, four mixers 1,000,400 each and the exchange's deposit
 *   address of a clean customer (bob) 50,000,000.
 * - theft T: the victim's 1,000,000,000 to the thief, 999,990,000 (fee 10,000). Seeded by txid: stolen 999,990,000.
 * - peel P1: thief -> exch/deposit/thief 300,000,000, change 699,980,000 to peel/1 (fee 10,000).
 * - peel P2: peel/1 -> thief-premix 1,000,400, change 698,969,600 to peel/2 (fee 10,000).
 * - mix M: thief-premix and m1..m4 (1,000,400 each, 5,002,000 in all) -> five outputs of 1,000,000 (fee 2,000).
 * - sweep S: the thief's deposit (300,000,000) then bob's (50,000,000) -> exch/hot 349,995,000 (fee 5,000).
 */
function playTheft() {
  const chain = new BtcDevChain({ genesisTime: 1_740_000_000 })
  chain.mine(101)
  const deposit = exchangeDepositAddress(chain, 'exch', 'thief')
  const bobDeposit = exchangeDepositAddress(chain, 'exch', 'bob')
  chain.pay(
    'miner',
    [
      { to: 'victim', amount: 1_000_000_000n },
      ...CLEAN.map((to) => ({ to, amount: 1_000_400n })),
      { to: bobDeposit, amount: 50_000_000n },
    ],
    { fee: 5_000n },
  )
  chain.mine()
  const loot = chain.unspent('victim')
  const theft = chain.spend(loot, [{ value: 999_990_000n, script: chain.wallet('thief').script }])
  chain.mine()
  const peel = peelChain(chain, {
    from: 'thief',
    peels: [300_000_000n, 1_000_400n],
    payees: [deposit, 'thief-premix'],
    fee: 10_000n,
    prefix: 'peel',
    minePerHop: true,
  })
  const mix = whirlpoolMix(chain, {
    denomination: 1_000_000n,
    inputs: ['thief-premix', ...CLEAN].map((m) => chain.unspent(m)[0]!),
    outputs: ['thief-post', ...CLEAN.map((m) => `${m}-post`)],
  })
  const sweep = exchangeSweep(chain, 'exch', { deposits: [deposit, bobDeposit], fee: 5_000n })
  chain.mine()
  return { chain, theft, peel, mix, sweep, deposit: deposit.address, bobDeposit: bobDeposit.address }
}

interface Endpoint {
  address: string
  category: string
  amount: string
  name: string | null
  cluster?: string | null
}

const amounts = (eps: Endpoint[]) =>
  Object.fromEntries(eps.map((e) => [`${e.category} ${e.address}`, BigInt(e.amount)])) as Record<string, bigint>

/** The mix's outputs by address, in the mix's output order (BIP69, read from the transaction). */
function mixOutputs(chain: BtcDevChain, mix: DevTx): string[] {
  return mix.outputs.map((o) => chain.ownerOf(o.script)?.address as string)
}

/** FIFO by hand: satoshis [a, b) of the mix's inputs overlap output k's [k·1,000,000, (k+1)·1,000,000). */
const overlap = (a: number, b: number, lo: number, hi: number) => BigInt(Math.max(0, Math.min(b, hi) - Math.max(a, lo)))

describe('dragnet trace --chain bitcoin (UTXO taint over the stored transactions)', () => {
  const t = playTheft()
  const { chain } = t
  const addr = (name: string) => chain.wallet(name).address
  const hot = exchangeHotWallet(chain, 'exch').address
  const peel2 = addr('peel/2')
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-trace-btc-'))
  const db = join(dir, 'btc.duckdb')
  let node: BtcRpcServer
  const trace = (...args: string[]) => runInProcess(['trace', '--chain', 'bitcoin', '--db', db, ...args])
  const traceJson = async (...args: string[]) => {
    const r = await trace(...args, '--json')
    assert.equal(r.code, 0, r.err)
    return JSON.parse(r.out)
  }

  before(async () => {
    node = await startBtcRpcServer(chain)
    const r = await runInProcess(['ingest', 'btc', '--rpc', node.url, '--from', '0', '--to', 'latest', '--db', db])
    assert.equal(r.code, 0, r.err)
    // The exchange's hot wallet and bob's deposit address are known; the thief's deposit address is not.
    const labels = join(dir, 'labels.csv')
    writeFileSync(
      labels,
      `address,label,category,source,chain\n${hot},Exch,exchange,case-file,bitcoin\n` +
        `${t.bobDeposit},Exch,exchange,case-file,bitcoin\n`,
    )
    const imported = await runInProcess(['labels', 'import', '--format', 'csv', labels, '--db', db, '--json'])
    assert.equal(imported.code, 0, imported.err)
  })
  after(async () => {
    await node?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('poison: every output of a tainted transaction in full', async () => {
    const r = await traceJson('--seed', t.theft.txid, '--model', 'poison')
    assert.equal(r.chain, 'bitcoin')
    assert.equal(r.totals.native.stolen, '999990000')
    // peel/2 keeps P2's change; the hot wallet gets the whole sweep (349,995,000); each mix output 1,000,000.
    const want: Record<string, bigint> = { [`held ${peel2}`]: 698_969_600n, [`exchange ${hot}`]: 349_995_000n }
    for (const a of mixOutputs(chain, t.mix)) want[`held ${a}`] = 1_000_000n
    assert.deepEqual(amounts(r.endpoints), want)
    // Fees: P1 10,000 + P2 10,000 + M 2,000 + S 5,000, all in full.
    assert.equal(r.fees.native, '27000')
    assert.equal(r.endpoints.find((e: Endpoint) => e.address === hot).name, 'Exch')
  })

  it('haircut: shares by value with cumulated floors, and stolen = traced + unfollowed + fees', async () => {
    const r = await traceJson('--seed', t.theft.txid, '--model', 'haircut')
    // M: T = 1,000,400 of V = 5,002,000 is exactly 1/5: each output 200,000, the fee 400.
    // S: T = 300,000,000 of V = 350,000,000; floor(3e8 · 349,995,000 / 3.5e8) = floor(299,995,714.28) =
    //    299,995,714 to the hot wallet, the fee the rest, 4,286.
    const want: Record<string, bigint> = { [`held ${peel2}`]: 698_969_600n, [`exchange ${hot}`]: 299_995_714n }
    for (const a of mixOutputs(chain, t.mix)) want[`held ${a}`] = 200_000n
    assert.deepEqual(amounts(r.endpoints), want)
    assert.equal(r.fees.native, String(10_000 + 10_000 + 400 + 4_286))
    const x = r.totals.native
    // 698,969,600 + 5 · 200,000 + 299,995,714 + 24,686 = 999,990,000.
    assert.equal(BigInt(x.traced) + BigInt(x.unfollowed) + BigInt(r.fees.native), BigInt(x.stolen))
    assert.equal(x.stolen, '999990000')
    assert.equal(x.exchange, '299995714')
  })

  it('fifo: satoshis in input order to outputs in output order, the fee last', async () => {
    const r = await traceJson('--seed', t.theft.txid, '--model', 'fifo')
    // S spends the thief's deposit first: the hot wallet's first 300,000,000 sat are all tainted, the fee none.
    const want: Record<string, bigint> = { [`held ${peel2}`]: 698_969_600n, [`exchange ${hot}`]: 300_000_000n }
    // M: the tainted input at position p (BIP69 order, read from the chain) holds satoshis
    // [p·1,000,400, (p+1)·1,000,400); output k takes [k·1,000,000, (k+1)·1,000,000), the fee [5,000,000, 5,002,000).
    const p = t.mix.inputs.findIndex((i) => i.txid === t.peel.hops[1]?.tx.txid)
    assert.ok(p >= 0)
    const [a, b] = [p * 1_000_400, (p + 1) * 1_000_400]
    mixOutputs(chain, t.mix).forEach((address, k) => {
      const share = overlap(a, b, k * 1_000_000, (k + 1) * 1_000_000)
      if (share > 0n) want[`held ${address}`] = share
    })
    assert.deepEqual(amounts(r.endpoints), want)
    const mixFee = overlap(a, b, 5_000_000, 5_002_000)
    assert.equal(BigInt(r.fees.native), 20_000n + mixFee)
    const x = r.totals.native
    assert.equal(BigInt(x.traced) + BigInt(x.unfollowed) + BigInt(r.fees.native), 999_990_000n)
  })

  it('the table prints BTC amounts, and --explain shows the path to the deposit address', async () => {
    const table = await trace('--seed', t.theft.txid)
    assert.equal(table.code, 0, table.err)
    assert.match(table.out, /2\.99995714 BTC/)
    assert.match(table.out, /6\.989696 BTC/)
    const ex = await trace('--seed', t.theft.txid, '--explain', t.deposit)
    assert.equal(ex.code, 0, ex.err)
    const p1 = t.peel.hops[0]?.tx.txid as string
    // T (hop 1) to the thief, P1 (hop 2) to the deposit address: 3 BTC of 3 BTC.
    assert.match(ex.out, new RegExp(`Explain ${t.deposit}`))
    assert.match(ex.out, new RegExp(`1\\. 3 BTC of 3 BTC in ${p1} \\(block \\d+\\), hop 2`))
    assert.match(ex.out, new RegExp(t.theft.txid))
    const json = await traceJson('--seed', t.theft.txid, '--explain', t.deposit)
    assert.deepEqual(
      json.arrivals[0].path.map((e: { tx: string }) => e.tx),
      [t.theft.txid, p1],
    )
  })

  it('--clusters after dragnet cluster btc: the deposit address is the exchange by its cluster', async () => {
    const c = await runInProcess(['cluster', 'btc', '--db', db, '--json'])
    assert.equal(c.code, 0, c.err)
    const r = await traceJson('--seed', t.theft.txid, '--model', 'haircut', '--clusters')
    // The sweep joins the thief's deposit with bob's (labelled Exch): the trace stops at the deposit with all
    // 300,000,000 sat, before the sweep's fee.
    const d = r.endpoints.find((e: Endpoint) => e.address === t.deposit)
    assert.deepEqual([d.category, d.amount, d.name], ['exchange', '300000000', 'Exch'])
    assert.ok(!r.endpoints.some((e: Endpoint) => e.address === hot))
    const cluster = r.clusters.find((x: { name: string | null }) => x.name === 'Exch')
    assert.ok(cluster.addresses.includes(t.deposit))
    assert.equal(d.cluster, cluster.cluster)
    assert.equal(cluster.categories.exchange, '300000000')
  })

  it('a seed address traces what it received', async () => {
    const r = await traceJson('--seed', addr('thief'), '--model', 'haircut')
    assert.equal(r.totals.native.stolen, '999990000')
    assert.equal(amounts(r.endpoints)[`held ${peel2}`], 698_969_600n)
  })

  it('seeds the label registry’s Bitcoin addresses by category and source', async () => {
    // The shipped pack's SDN XBT addresses: none of them is on the devnet, so the trace seeds and finds nothing.
    const r = await traceJson('--seed-label', 'sanctioned', '--seed-source', 'ofac-sdn')
    assert.ok(r.seeds.addresses.length > 0)
    assert.ok(r.seeds.addresses.every((a: string) => /^(bc1|[13])/.test(a)))
    assert.ok(r.seeds.rules.every((x: { note: string }) => x.note.includes('(ofac-sdn')))
    assert.equal(r.totals.native.stolen, '0')
  })

  it('traces a chain stored under another name, its coin still BTC', async () => {
    const r = await runInProcess([
      'ingest',
      'btc',
      '--rpc',
      node.url,
      '--from',
      '0',
      '--to',
      'latest',
      '--db',
      db,
      '--chain',
      'btcdev',
    ])
    assert.equal(r.code, 0, r.err)
    const x = JSON.parse(
      (
        await runInProcess([
          'trace',
          '--chain',
          'btcdev',
          '--seed',
          t.theft.txid,
          '--model',
          'poison',
          '--db',
          db,
          '--json',
        ])
      ).out,
    )
    assert.equal(x.assets.native.symbol, 'BTC')
    // The labels name chain bitcoin: on btcdev the hot wallet is unlabelled and holds the whole sweep.
    assert.equal(amounts(x.endpoints)[`held ${hot}`], 349_995_000n)
    assert.equal(x.totals.native.stolen, '999990000')
  })

  it('refuses a bad seed, and options with no meaning on bitcoin, by name', async () => {
    const badAddr = await trace('--seed', `${addr('thief').slice(0, -1)}q`)
    assert.equal(badAddr.code, 3)
    assert.match(badAddr.err, /INVALID_ADDRESS/)
    const badTx = await trace('--seed', t.theft.txid.slice(0, 63))
    assert.equal(badTx.code, 3)
    assert.match(badTx.err, /INVALID_HASH/)
    for (const [option, value] of [
      ['--direction', 'backward'],
      ['--asset', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'],
      ['--usd', 'always'],
    ] as const) {
      const r = await trace('--seed', t.theft.txid, option, value)
      assert.equal(r.code, 2, option)
      assert.match(r.err, new RegExp(`INVALID_ARGUMENT.*${option}`))
    }
  })
})
