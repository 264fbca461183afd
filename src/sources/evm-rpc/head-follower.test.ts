import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { silentLogger } from '../../core/logger.ts'
import { type Anvil, startAnvil } from '../../devnet/anvil.ts'
import { followHeads, type HeadEvent, wsUrlOf } from './head-follower.ts'

const call = async (url: string, method: string, params: unknown[] = []) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await res.json()) as { result: unknown }).result
}

/** Reads events until `until` says stop, failing after `ms`. */
async function take(it: AsyncGenerator<HeadEvent>, until: (seen: HeadEvent[]) => boolean, ms = 20_000) {
  const seen: HeadEvent[] = []
  const timer = setTimeout(() => void it.return(undefined), ms)
  try {
    for (;;) {
      const r = await it.next()
      if (r.done)
        throw new Error(
          `follower ended early after ${JSON.stringify(seen, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}`,
        )
      seen.push(r.value)
      if (until(seen)) return seen
    }
  } finally {
    clearTimeout(timer)
  }
}

const heads = (seen: HeadEvent[]) => seen.flatMap((e) => (e.kind === 'head' ? [e.number] : []))
const kinds = (seen: HeadEvent[]) =>
  seen.map((e) => (e.kind === 'head' ? `head:${e.number}:${e.via}` : `${e.kind}:${e.via}`))

describe('followHeads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-heads-'))
  const nodes: Anvil[] = []
  const servers: Server[] = []
  after(async () => {
    for (const n of nodes) await n.stop()
    for (const s of servers) await new Promise((r) => s.close(r))
    rmSync(dir, { recursive: true, force: true })
  })

  it('derives the WebSocket URL from the RPC URL', () => {
    assert.equal(wsUrlOf('http://127.0.0.1:8545'), 'ws://127.0.0.1:8545/')
    assert.equal(wsUrlOf('https://node.example/rpc'), 'wss://node.example/rpc')
  })

  it('subscribes to newHeads on anvil, and survives the node stopping and restarting on its port', async () => {
    const state = join(dir, 'state.json')
    const a = await startAnvil({ state })
    nodes.push(a)
    await call(a.rpcUrl, 'anvil_mine', ['0x2'])
    const ac = new AbortController()
    const it = followHeads(
      { rpcUrl: a.rpcUrl, logger: silentLogger(), reconnectMs: 50, maxReconnectMs: 200 },
      ac.signal,
    )
    try {
      let seen = await take(it, (s) => heads(s).includes(2n))
      assert.deepEqual(kinds(seen), ['connected:ws', 'head:2:ws'])
      await call(a.rpcUrl, 'evm_mine')
      await call(a.rpcUrl, 'evm_mine')
      seen = await take(it, (s) => heads(s).includes(4n))
      assert.deepEqual(kinds(seen), ['head:3:ws', 'head:4:ws'])
      await a.stop()
      seen = await take(it, (s) => s.some((e) => e.kind === 'disconnected'))
      const gone = seen.at(-1)
      assert.equal(gone?.kind === 'disconnected' && gone.error.code, 'RPC_UNREACHABLE')
      const b = await startAnvil({ state, port: a.port })
      nodes.push(b)
      seen = await take(it, (s) => heads(s).includes(4n))
      assert.deepEqual(kinds(seen), ['connected:ws', 'head:4:ws'])
      await call(b.rpcUrl, 'evm_mine')
      seen = await take(it, (s) => heads(s).includes(5n))
      assert.deepEqual(kinds(seen), ['head:5:ws'])
    } finally {
      ac.abort()
      await it.return(undefined)
    }
  })

  it('polls where the node refuses a WebSocket, and reports the node going away and coming back', async () => {
    const a = await startAnvil()
    nodes.push(a)
    // An HTTP-only proxy in front of anvil: JSON-RPC passes, an upgrade is answered 400.
    let down = false
    const proxy = createServer(async (req, res) => {
      if (down) return res.destroy()
      const body = await new Promise<string>((r) => {
        let s = ''
        req.on('data', (d) => {
          s += d
        })
        req.on('end', () => r(s))
      })
      const up = await fetch(a.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      res.writeHead(up.status, { 'content-type': 'application/json' }).end(await up.text())
    })
    proxy.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n'))
    servers.push(proxy)
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
    const port = (proxy.address() as { port: number }).port
    const rpcUrl = `http://127.0.0.1:${port}`
    const ac = new AbortController()
    const it = followHeads({ rpcUrl, logger: silentLogger(), pollIntervalMs: 30 }, ac.signal)
    try {
      let seen = await take(it, (s) => heads(s).includes(0n))
      assert.deepEqual(kinds(seen), ['connected:poll', 'head:0:poll'])
      await call(a.rpcUrl, 'anvil_mine', ['0x3'])
      seen = await take(it, (s) => heads(s).includes(3n))
      assert.deepEqual(kinds(seen), ['head:3:poll'])
      down = true
      seen = await take(it, (s) => s.some((e) => e.kind === 'disconnected'))
      assert.deepEqual(kinds(seen), ['disconnected:poll'])
      down = false
      seen = await take(it, (s) => heads(s).includes(3n))
      assert.deepEqual(kinds(seen), ['connected:poll', 'head:3:poll'])
    } finally {
      ac.abort()
      await it.return(undefined)
    }
  })

  it('with --mode ws, keeps retrying a node that is not there yet instead of polling', async () => {
    const ac = new AbortController()
    const it = followHeads(
      { rpcUrl: 'http://127.0.0.1:9', mode: 'ws', logger: silentLogger(), reconnectMs: 20, maxReconnectMs: 40 },
      ac.signal,
    )
    try {
      const seen = await take(it, (s) => s.length >= 1)
      assert.equal(seen[0]?.kind, 'disconnected')
      assert.equal(seen[0]?.kind === 'disconnected' && seen[0].error.code, 'RPC_UNREACHABLE')
    } finally {
      ac.abort()
      await it.return(undefined)
    }
  })
})
