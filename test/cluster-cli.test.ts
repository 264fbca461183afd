import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runInProcess } from '../src/cli/main.ts'
import { BtcDevChain } from '../src/devnet/bitcoin/dev-chain.ts'
import { type BtcRpcServer, startBtcRpcServer } from '../src/devnet/bitcoin/rpc-server.ts'
import { whirlpoolMix } from '../src/devnet/bitcoin/whirlpool.ts'

const CHANGE_RULES_OFF = [
  'change:address-reuse',
  'change:script-type',
  'change:round-amount',
  'change:smaller-than-inputs',
  'change:never-reused',
].join(',')

/**
 * A small real chain: alice and carol spend together (one owner by the multi-input rule), five people mix in a
 * Whirlpool-shaped CoinJoin (no owner in common: skipped), and the miner pays from one address (no link).
 */
function playChain(): { chain: BtcDevChain; jointTx: string; mixTx: string } {
  const chain = new BtcDevChain({ genesisTime: 1_740_000_000 })
  chain.mine(101)
  const mixers = ['m1', 'm2', 'm3', 'm4', 'm5']
  chain.pay(
    'miner',
    [
      { to: 'alice', amount: 100_000_000n },
      { to: 'carol', amount: 50_000_000n },
      ...mixers.map((to) => ({ to, amount: 1_000_400n })),
    ],
    { fee: 5_000n },
  )
  chain.mine()
  const a = chain.unspent('alice')[0]
  const c = chain.unspent('carol')[0]
  assert.ok(a && c)
  const joint = chain.spend(
    [a, c],
    [
      { value: 120_000_000n, script: chain.scriptOf('shop') },
      { value: 29_990_000n, script: chain.scriptOf('alice-change') },
    ],
  )
  const mix = whirlpoolMix(chain, {
    denomination: 1_000_000n,
    inputs: mixers.map((m) => chain.unspent(m)[0]!),
    outputs: mixers.map((m) => `${m}-post`),
  })
  chain.mine()
  return { chain, jointTx: joint.txid, mixTx: mix.txid }
}

describe('dragnet cluster btc / show', () => {
  const { chain, jointTx } = playChain()
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-cluster-'))
  const db = join(dir, 'btc.duckdb')
  let node: BtcRpcServer
  before(async () => {
    node = await startBtcRpcServer(chain)
    const r = await runInProcess(['ingest', 'btc', '--rpc', node.url, '--from', '0', '--to', 'latest', '--db', db])
    assert.equal(r.code, 0, r.err)
  })
  after(async () => {
    await node?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('with the change rules off, only the joint spend links: alice and carol, the CoinJoin skipped', async () => {
    const r = await runInProcess(['cluster', 'btc', '--db', db, '--off', CHANGE_RULES_OFF, '--json'])
    assert.equal(r.code, 0, r.err)
    const s = JSON.parse(r.out)
    // Genesis and 103 mined blocks: 104 coinbases, then the miner's payout, the joint spend and the mix.
    assert.equal(s.transactions, 107)
    assert.deepEqual(s.linksByRule, { 'multi-input': 1 })
    assert.deepEqual(s.coinjoins, { whirlpool: 1 })
    assert.equal(s.clusters, 1)
    assert.equal(s.addressesClustered, 2)
    const alice = chain.wallet('alice').address
    const carol = chain.wallet('carol').address
    assert.deepEqual(s.largest, { cluster: [alice, carol].sort()[0], members: 2 })
  })

  it('shows a member its cluster with the rule, confidence and transaction of each link', async () => {
    const alice = chain.wallet('alice').address
    const carol = chain.wallet('carol').address
    const r = await runInProcess(['cluster', 'show', carol, '--db', db, '--json'])
    assert.equal(r.code, 0, r.err)
    const v = JSON.parse(r.out)
    assert.deepEqual(
      v.members.map((m: { address: string }) => m.address),
      [alice, carol].sort(),
    )
    assert.equal(v.links.length, 1)
    assert.equal(v.links[0].rule, 'multi-input')
    assert.equal(v.links[0].tx, jointTx)
    const table = await runInProcess(['cluster', 'show', alice, '--db', db])
    assert.match(table.out, new RegExp(`multi-input 90 {2}${jointTx}`))
  })

  it('with every rule on, the one-time change joins alice, and a mixer is in no cluster', async () => {
    const r = await runInProcess(['cluster', 'btc', '--db', db, '--json'])
    assert.equal(r.code, 0, r.err)
    const s = JSON.parse(r.out)
    assert.equal(s.linksByRule['multi-input'], 1)
    const show = await runInProcess(['cluster', 'show', chain.wallet('alice-change').address, '--db', db, '--json'])
    assert.equal(show.code, 0, show.err)
    const members = JSON.parse(show.out).members.map((m: { address: string }) => m.address)
    assert.ok(members.includes(chain.wallet('alice').address))
    assert.ok(!members.includes(chain.wallet('shop').address), 'the payee is not the payer')
    const mixer = await runInProcess(['cluster', 'show', chain.wallet('m1-post').address, '--db', db])
    assert.equal(mixer.code, 2)
    assert.match(mixer.err, /CLUSTER_NOT_FOUND/)
  })

  it('refuses an unknown rule and a chain the store does not hold', async () => {
    const bad = await runInProcess(['cluster', 'btc', '--db', db, '--off', 'change:guess'])
    assert.equal(bad.code, 2)
    assert.match(bad.err, /INVALID_ARGUMENT/)
    const none = await runInProcess(['cluster', 'btc', '--db', db, '--chain', 'litecoin'])
    assert.equal(none.code, 2)
    assert.match(none.err, /CHAIN_UNKNOWN/)
  })
})
