// Alert latency of `dragnet watch`: from the moment a block is available on the node (its newHeads notification
// reaches a WebSocket client in this process) to the alert for it on the watcher's stdout, over a laundering of
// 220 blocks (a peel chain of fresh accounts, every tenth hop also paying an exchange), one block at a time.
// Baseline: what the node itself takes for the same block: sending its transaction until the receipt is back.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { startAnvil } from '../src/devnet/anvil.ts'
import type { Alert } from '../src/watch/alert-types.ts'
import { acct, EXCHANGE, pay, playTheft, THIEF, writeLabels } from '../test/support/laundering.ts'
import { spawnDragnet } from '../test/support/watch-child.ts'
import { report } from './report.ts'

const HOPS = 200
const PORT = 18653

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number
}

const dir = mkdtempSync(join(tmpdir(), 'dragnet-watch-bench-'))
const anvil = await startAnvil({ port: PORT })
let heads: WebSocket | undefined
const child = { stop: async () => null as number | null }
try {
  const theft = await playTheft(anvil.rpcUrl)
  const labels = join(dir, 'labels.csv')
  writeLabels(labels, theft.token)
  const watch = spawnDragnet([
    'watch',
    '--rpc',
    anvil.rpcUrl,
    '--db',
    join(dir, 'watch.duckdb'),
    '--labels',
    labels,
    '--seed',
    theft.seedTxs.join(','),
    '--json',
    // A peel chain of 200 hops: every one followed.
    '--hops',
    '1000',
  ])
  child.stop = watch.stop
  await watch.waitErr('dragnet: watching')
  // The first alert printed for a block: the time the bench read its line.
  const seenAt = new Map<string, number>()
  let read = 0
  const drain = () => {
    for (; read < watch.lines.length; read++) {
      const a = JSON.parse(watch.lines[read] as string) as Alert
      if (!seenAt.has(a.block)) seenAt.set(a.block, performance.now())
    }
  }
  watch.child.stdout?.on('data', () => setImmediate(drain))
  const headAt = new Map<bigint, number>()
  const ws = new WebSocket(anvil.rpcUrl.replace('http:', 'ws:'))
  heads = ws
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }))
      resolve()
    })
    ws.once('error', reject)
  })
  ws.on('message', (m: Buffer) => {
    const n = (JSON.parse(m.toString()) as { params?: { result?: { number?: string } } }).params?.result?.number
    if (n) headAt.set(BigInt(n), performance.now())
  })
  // Let the watcher store the theft before timing.
  await watch.waitLine(() => true, 0, 60_000)

  const latencies: number[] = []
  const headLatencies: number[] = []
  const step = async (from: ReturnType<typeof acct>, to: `0x${string}`, eth: string) => {
    const before = performance.now()
    const sent = await pay(anvil.rpcUrl, from, to, eth)
    const returned = performance.now()
    // The block is available once the node announces it; the send's return is the later bound.
    const t0 = headAt.get(sent.block) ?? returned
    const block = sent.block.toString()
    for (const deadline = t0 + 10_000; !seenAt.has(block); ) {
      if (performance.now() > deadline) throw new Error(`no alert for block ${sent.block} within 10 s`)
      drain()
      await new Promise((r) => setTimeout(r, 1))
    }
    latencies.push((seenAt.get(block) as number) - t0)
    if (latencies.length % 50 === 0) process.stderr.write(`watch bench: ${latencies.length} blocks\n`)
    headLatencies.push(returned - before)
  }
  // A peel chain: hop i keeps 0.01 ETH for gas and passes the rest on; every tenth then also pays the exchange
  // 0.001 ETH (after passing on, so it is no deposit address: it does not pay the exchange only).
  let from = THIEF
  for (let i = 0; i < HOPS; i++) {
    const next = acct(100 + i)
    const deposit = i % 10 === 9
    await step(from, next.address, (9 - i * 0.01 - (deposit ? 0.002 : 0)).toFixed(3))
    if (deposit) await step(from, EXCHANGE.address, '0.001')
    from = next
  }
  const p50 = pct(latencies, 50)
  const p99 = pct(latencies, 99)
  const base50 = pct(headLatencies, 50)
  const base = { name: "the node mining and answering the block's own transaction (send to receipt)", unit: 'ms' }
  report({
    bench: 'watch',
    metric: 'alert latency p50',
    value: Math.round(p50 * 10) / 10,
    unit: 'ms',
    blocks: latencies.length,
    baseline: { ...base, value: Math.round(base50 * 10) / 10 },
    ratio: Math.round((p50 / Math.max(base50, 0.1)) * 10) / 10,
  })
  report({
    bench: 'watch',
    metric: 'alert latency p99',
    value: Math.round(p99 * 10) / 10,
    unit: 'ms',
    blocks: latencies.length,
    baseline: { ...base, value: Math.round(pct(headLatencies, 99) * 10) / 10 },
    ratio: Math.round((p99 / Math.max(pct(headLatencies, 99), 0.1)) * 10) / 10,
    aim: 'p99 <= 1000 ms',
    max: Math.round(Math.max(...latencies)),
  })
} finally {
  heads?.close()
  await child.stop()
  await anvil.stop()
  rmSync(dir, { recursive: true, force: true })
}
