import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { parseEther } from 'viem'
import { type Anvil, startAnvil } from '../src/devnet/anvil.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import type { Alert } from '../src/watch/alert-types.ts'
import { LIVE_JOB } from '../src/watch/live-ingest.ts'
import {
  BYSTANDER,
  EXCHANGE,
  lower,
  MULE,
  pay,
  playTheft,
  rpc,
  THIEF,
  USDX,
  wallet,
  writeLabels,
} from './support/laundering.ts'
import { spawnDragnet, type WatchChild } from './support/watch-child.ts'

const PORT = 18650

describe('dragnet watch against anvil', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-watch-'))
  const nodes: Anvil[] = []
  const children: WatchChild[] = []
  after(async () => {
    for (const c of children) await c.stop()
    for (const n of nodes) await n.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('alerts block by block, retracts and re-raises through a reorg, loses no block over a node restart', async () => {
    const state = join(dir, 'anvil-state.json')
    let anvil = await startAnvil({ state, port: PORT })
    nodes.push(anvil)
    const url = anvil.rpcUrl
    const theft = await playTheft(url)
    const labels = join(dir, 'labels.csv')
    writeLabels(labels, theft.token)
    const db = join(dir, 'watch.duckdb')
    const watch = spawnDragnet([
      'watch',
      '--rpc',
      url,
      '--db',
      db,
      '--labels',
      labels,
      '--seed',
      theft.seedTxs.join(','),
      '--json',
      '--poll-interval',
      '100',
    ])
    children.push(watch)
    await watch.waitErr('dragnet: watching')
    const alerts = () => watch.lines.map((l) => JSON.parse(l) as Alert)
    /** The first alert from line `from` on that `ok` accepts, once it is printed. */
    const next = async (ok: (a: Alert) => boolean, from = 0) =>
      JSON.parse(await watch.waitLine((l) => ok(JSON.parse(l) as Alert), from)) as Alert

    // The mule gets 6 of the 10 stolen ETH, pays 0.5 to a bystander (so it is no deposit address: it does not pay
    // the exchange only) and 5 to the exchange: every wei is stolen (neither was funded otherwise), so under
    // haircut the exchange's arrival is exactly 5 ETH.
    const toMule = await pay(url, THIEF, MULE.address, '6')
    const toBystander = await pay(url, MULE, BYSTANDER.address, '0.5')
    const toExchange = await pay(url, MULE, EXCHANGE.address, '5')
    const arrival = await next((a) => a.kind === 'freezable-arrival' && a.asset === 'native')
    assert.equal(arrival.amount, parseEther('5').toString())
    assert.equal(arrival.tx, toExchange.hash)
    assert.equal(arrival.block, toExchange.block.toString())
    assert.equal(arrival.place, 'exchange')
    assert.deepEqual(arrival.freezeRequest?.freezer, { kind: 'exchange', name: 'Exchange A' })
    assert.equal(arrival.freezeRequest?.address, lower(EXCHANGE.address))
    assert.equal(arrival.freezeRequest?.amount, parseEther('5').toString())
    // The transactions that carried the taint there: the theft, the mule's share, the deposit.
    assert.deepEqual(arrival.freezeRequest?.txs, [theft.seedTxs[0], toMule.hash, toExchange.hash])
    // Its freeze window opened with the deposit and is open: the exchange still holds the 5 ETH.
    const depositBlock = await rpc<{ timestamp: string }>(url, 'eth_getBlockByNumber', [
      `0x${toExchange.block.toString(16)}`,
      false,
    ])
    assert.deepEqual(arrival.freezeWindow?.arrived, {
      tx: toExchange.hash,
      block: toExchange.block.toString(),
      time: BigInt(depositBlock.timestamp).toString(),
    })
    assert.equal(arrival.freezeWindow?.departed, null)
    assert.deepEqual(arrival.freezeWindow?.freezableBy, [{ kind: 'exchange', name: 'Exchange A' }])

    // The 1,500,000 USDX go to the exchange in one block; a reorg then replaces that block with an empty one.
    const seen = watch.lines.length
    const signed = await wallet(url, THIEF).signTransaction(
      await wallet(url, THIEF).prepareTransactionRequest({
        to: theft.token,
        data: transferData(EXCHANGE.address, USDX),
        chain: null,
      } as never),
    )
    const usdxHash = await rpc<string>(url, 'eth_sendRawTransaction', [signed])
    const usdx = await next((a) => a.kind === 'freezable-arrival' && a.tx === usdxHash, seen)
    assert.equal(usdx.amount, USDX.toString())
    assert.equal(usdx.tx, usdxHash)
    const usdxBlock = BigInt(usdx.block)
    assert.equal(await rpc(url, 'eth_blockNumber'), `0x${usdxBlock.toString(16)}`)

    const beforeReorg = watch.lines.length
    await rpc(url, 'anvil_reorg', [1, []])
    await rpc(url, 'evm_mine')
    await next((a) => a.kind === 'retracted' && a.retracts === usdx.id, beforeReorg)

    // The same signed transaction lands again on the new chain: the same alert, with the same id.
    const beforeAgain = watch.lines.length
    await rpc(url, 'eth_sendRawTransaction', [signed]).catch(() => undefined)
    const again = await next((a) => a.id === usdx.id, beforeAgain)
    assert.equal(again.kind, 'freezable-arrival')
    assert.equal(again.amount, USDX.toString())
    assert.notEqual(again.blockHash, usdx.blockHash)

    // The node goes away and comes back; blocks made after it is back are watched, none twice.
    await anvil.stop()
    await watch.waitErr('"event":"node-away"')
    anvil = await startAnvil({ state, port: PORT })
    nodes.push(anvil)
    const beforeRestart = watch.lines.length
    const last = await pay(url, MULE, EXCHANGE.address, '0.25')
    await watch.waitErr('"event":"node-back"')
    const late = await next((a) => a.kind === 'freezable-arrival' && a.tx === last.hash, beforeRestart)
    assert.equal(late.amount, parseEther('0.25').toString())
    // Every alert in chain order, worked out from the played transfers: the stolen USDX is an issuer-freezable
    // balance at the thief as soon as it arrives; each tainted payment moves funds; the exchange's arrivals; the
    // replaced block's two alerts withdrawn and raised again when the same transaction lands on the new chain.
    const eth = (v: string) => parseEther(v).toString()
    const tok = lower(theft.token)
    const b = (n: bigint) => n.toString()
    const expected = [
      `${b(theft.firstBlock + 1n)} freezable-arrival ${tok} ${USDX} issuer-freezable`,
      `${b(toMule.block)} funds-moved native ${eth('6')} -`,
      `${b(toBystander.block)} funds-moved native ${eth('0.5')} -`,
      `${b(toExchange.block)} funds-moved native ${eth('5')} -`,
      `${b(toExchange.block)} freezable-arrival native ${eth('5')} exchange`,
      `${b(usdxBlock)} funds-moved ${tok} ${USDX} -`,
      `${b(usdxBlock)} freezable-arrival ${tok} ${USDX} exchange`,
      `${b(usdxBlock)} retracted ${tok} ${USDX} -`,
      `${b(usdxBlock)} retracted ${tok} ${USDX} exchange`,
      `${again.block} funds-moved ${tok} ${USDX} -`,
      `${again.block} freezable-arrival ${tok} ${USDX} exchange`,
      `${b(last.block)} funds-moved native ${eth('0.25')} -`,
      `${b(last.block)} freezable-arrival native ${eth('0.25')} exchange`,
    ]
    assert.deepEqual(
      alerts().map((a) => `${a.block} ${a.kind} ${a.asset} ${a.amount} ${a.place ?? '-'}`),
      expected,
    )
    assert.equal(BigInt(again.block), usdxBlock + 2n)
    // Every alert once, except those of the replaced block: raised, retracted, raised again with the same id.
    const all = alerts()
    const withdrawn = new Set(all.flatMap((a) => (a.kind === 'retracted' && a.retracts ? [a.retracts] : [])))
    assert.ok(withdrawn.has(usdx.id))
    const counts = new Map<string, number>()
    for (const a of all) counts.set(a.id, (counts.get(a.id) ?? 0) + 1)
    for (const [id, n] of counts) assert.equal(n, withdrawn.has(id) ? 2 : 1, `${id}: ${n}\n${watch.lines.join('\n')}`)
    for (const id of withdrawn) assert.equal(BigInt(all.find((a) => a.id === id)?.block ?? 0), usdxBlock)

    assert.equal(await watch.stop(), 0)
    // The store holds the node's chain: every block once, with the node's hash, from the first seed's block on.
    const store = await openDuckDbStore(db)
    try {
      const head = last.block
      assert.equal((await store.getCheckpoint('ethereum', LIVE_JOB))?.block, head)
      const stored = await store.blockHashes('ethereum', 0n, head)
      const expected = new Map<bigint, string>()
      for (let n = theft.firstBlock; n <= head; n++) {
        const b = await rpc<{ hash: string }>(url, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, false])
        expected.set(n, b.hash)
      }
      assert.deepEqual(
        [...stored].sort((a, b) => Number(a[0] - b[0])),
        [...expected],
      )
      assert.equal(await store.count('blocks'), Number(head - theft.firstBlock + 1n))
    } finally {
      await store.close()
    }
  })
})

function transferData(to: string, amount: bigint): `0x${string}` {
  return `0xa9059cbb${to.slice(2).toLowerCase().padStart(64, '0')}${amount.toString(16).padStart(64, '0')}`
}
