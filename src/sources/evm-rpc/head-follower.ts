import WebSocket from 'ws'
import { DragnetError } from '../../core/errors.ts'
import type { Logger } from '../../core/logger.ts'
import { redactUrl } from '../../core/redact.ts'
import { JsonRpcClient } from './json-rpc-client.ts'

/** How heads are learnt: a newHeads subscription over WebSocket, or eth_blockNumber polled over HTTP. */
export type HeadMode = 'auto' | 'ws' | 'poll'

export interface HeadFollowerOptions {
  /** The node's HTTP(S) JSON-RPC URL. */
  rpcUrl: string
  /** The node's WebSocket URL; default the RPC URL with ws(s): (anvil, geth and reth serve both on one port). */
  wsUrl?: string
  /** auto: WebSocket where the node offers eth_subscribe, else polling. */
  mode?: HeadMode
  pollIntervalMs?: number
  /** First wait after the node went away; doubled per failed attempt up to maxReconnectMs. */
  reconnectMs?: number
  maxReconnectMs?: number
  /** A WebSocket handshake or subscription that takes longer counts as failed. */
  connectTimeoutMs?: number
  logger: Logger
}

/**
 * What the follower reports. `head` is the node's latest block number as last seen (heads can repeat or go
 * back after a reorg: the consumer catches up from its own checkpoint, so a missed notification loses nothing).
 * `connected` follows every (re)connection and is followed by a `head`; `disconnected` says the node went away.
 */
export type HeadEvent =
  | { kind: 'head'; number: bigint; hash: string | null; via: 'ws' | 'poll' }
  | { kind: 'connected'; via: 'ws' | 'poll'; url: string }
  | { kind: 'disconnected'; via: 'ws' | 'poll'; error: DragnetError }

/** The WebSocket URL a node most likely serves beside its HTTP URL. */
export function wsUrlOf(rpcUrl: string): string {
  const u = new URL(rpcUrl)
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:'
  return u.toString()
}

/** Why a WebSocket attempt failed: the node is away (retry), or it does not offer subscriptions (poll instead). */
class WsFailure extends Error {
  constructor(
    readonly unsupported: boolean,
    readonly error: DragnetError,
  ) {
    super(error.message)
  }
}

/**
 * Follows a node's chain head until `signal` aborts, surviving the node going away and coming back. In `auto`
 * mode it subscribes to newHeads over WebSocket and falls back to polling for good once the node answers HTTP
 * but refuses the WebSocket or the subscription; while the node is unreachable it retries with backoff.
 */
export async function* followHeads(o: HeadFollowerOptions, signal: AbortSignal): AsyncGenerator<HeadEvent> {
  let mode = o.mode ?? 'auto'
  const wsUrl = o.wsUrl ?? wsUrlOf(o.rpcUrl)
  let wait = o.reconnectMs ?? 250
  const maxWait = o.maxReconnectMs ?? 5_000
  let away = false
  while (!signal.aborted) {
    if (mode !== 'poll') {
      const queue = new EventQueue<HeadEvent>(signal)
      const run = subscribe(wsUrl, o.connectTimeoutMs ?? 5_000, queue, signal)
      let ok = false
      for await (const e of queue.drain(run)) {
        if (e.kind === 'connected') {
          ok = true
          away = false
          wait = o.reconnectMs ?? 250
        }
        yield e
      }
      const failure = await run.then(
        () => undefined,
        (x: unknown) => x,
      )
      if (signal.aborted) return
      if (failure instanceof WsFailure && failure.unsupported && mode === 'auto' && !ok) {
        o.logger.info({ url: redactUrl(wsUrl), reason: failure.message }, 'no newHeads subscription: polling')
        mode = 'poll'
        continue
      }
      const error = failure instanceof WsFailure ? failure.error : closed(wsUrl)
      if (ok || !away) yield { kind: 'disconnected', via: 'ws', error }
      away = true
    } else {
      yield* poll(o, signal)
      return
    }
    await sleep(wait, signal)
    wait = Math.min(wait * 2, maxWait)
  }
}

function closed(url: string): DragnetError {
  return new DragnetError('RPC_UNREACHABLE', `the node at ${redactUrl(url)} closed the connection`)
}

/** One WebSocket session: connects, subscribes, pushes heads until the socket closes (resolves) or fails (throws). */
async function subscribe(
  url: string,
  timeoutMs: number,
  queue: EventQueue<HeadEvent>,
  signal: AbortSignal,
): Promise<void> {
  const ws = new WebSocket(url, { handshakeTimeout: timeoutMs })
  const onAbort = () => ws.close(1000)
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('unexpected-response', (_req, res) =>
        reject(
          new WsFailure(
            true,
            new DragnetError('RPC_METHOD_UNSUPPORTED', `${redactUrl(url)} refused a WebSocket (${res.statusCode})`),
          ),
        ),
      )
      ws.once('error', (e) => reject(new WsFailure(false, unreachable(url, e))))
    })
    const timer = setTimeout(() => ws.terminate(), timeoutMs)
    await new Promise<void>((resolve, reject) => {
      const session = new Session(url, queue, (m) => ws.send(m), timer)
      ws.on('message', (data) => {
        const failure = session.onFrame(String(data))
        if (failure) {
          ws.close(1000)
          reject(failure)
        }
      })
      ws.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
      ws.once('error', (e) => reject(new WsFailure(false, unreachable(url, e))))
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }))
    })
  } finally {
    signal.removeEventListener('abort', onAbort)
    ws.removeAllListeners()
    ws.on('error', () => {})
    if (ws.readyState !== WebSocket.CLOSED) ws.terminate()
    queue.end()
  }
}

interface Frame {
  id?: number
  result?: unknown
  error?: { message?: string }
  method?: string
  params?: { subscription?: string; result?: { number?: string; hash?: string } }
}

/** One subscription's frames: the eth_subscribe answer, the first eth_blockNumber, then the heads. */
class Session {
  private subId: string | undefined
  constructor(
    private readonly url: string,
    private readonly queue: EventQueue<HeadEvent>,
    private readonly send: (message: string) => void,
    private readonly timer: NodeJS.Timeout,
  ) {}

  /** Handles a frame; returns why the session must end, if it must. */
  onFrame(text: string): WsFailure | undefined {
    let msg: Frame
    try {
      msg = JSON.parse(text) as Frame
    } catch {
      return new WsFailure(false, new DragnetError('RPC_MALFORMED_RESPONSE', 'a WebSocket frame is not JSON'))
    }
    if (msg.id === 1) {
      clearTimeout(this.timer)
      if (msg.error || typeof msg.result !== 'string') {
        const why = msg.error?.message ?? 'no subscription id'
        return new WsFailure(true, new DragnetError('RPC_METHOD_UNSUPPORTED', `eth_subscribe newHeads: ${why}`))
      }
      this.subId = msg.result
      this.queue.push({ kind: 'connected', via: 'ws', url: redactUrl(this.url) })
      // The head as of now, so the consumer need not wait for the next block.
      this.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'eth_blockNumber', params: [] }))
    } else if (msg.id === 2 && typeof msg.result === 'string') {
      this.queue.push({ kind: 'head', number: BigInt(msg.result), hash: null, via: 'ws' })
    } else if (msg.method === 'eth_subscription' && msg.params?.subscription === this.subId) {
      const h = msg.params?.result
      if (typeof h?.number === 'string') {
        this.queue.push({ kind: 'head', number: BigInt(h.number), hash: h.hash ?? null, via: 'ws' })
      }
    }
    return undefined
  }
}

function unreachable(url: string, e: Error): DragnetError {
  return new DragnetError('RPC_UNREACHABLE', `cannot reach ${redactUrl(url)}: ${e.message}`, { cause: e })
}

/** Polls eth_blockNumber; reports a head when it changes, and the node going away and coming back. */
async function* poll(o: HeadFollowerOptions, signal: AbortSignal): AsyncGenerator<HeadEvent> {
  const client = new JsonRpcClient({
    url: o.rpcUrl,
    logger: o.logger,
    retries: 0,
    timeoutMs: o.connectTimeoutMs ?? 5_000,
  })
  let last: bigint | undefined
  let up = false
  while (!signal.aborted) {
    try {
      const n = BigInt(await client.request<string>('eth_blockNumber', []))
      if (!up) {
        up = true
        last = undefined
        yield { kind: 'connected', via: 'poll', url: redactUrl(o.rpcUrl) }
      }
      if (n !== last) {
        last = n
        yield { kind: 'head', number: n, hash: null, via: 'poll' }
      }
    } catch (e) {
      const error = e instanceof DragnetError ? e : new DragnetError('RPC_UNREACHABLE', String(e))
      if (up) yield { kind: 'disconnected', via: 'poll', error }
      up = false
    }
    await sleep(o.pollIntervalMs ?? 1_000, signal)
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done() {
      clearTimeout(t)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

/** Events pushed by callbacks, pulled by an async loop until the producer ends. */
class EventQueue<T> {
  private items: T[] = []
  private wake: (() => void) | undefined
  private ended = false
  constructor(private readonly signal: AbortSignal) {}

  push(item: T): void {
    this.items.push(item)
    this.wake?.()
  }

  end(): void {
    this.ended = true
    this.wake?.()
  }

  /** Yields items until `producer` has settled and every item is taken. */
  async *drain(producer: Promise<unknown>): AsyncGenerator<T> {
    producer.then(
      () => this.end(),
      () => this.end(),
    )
    for (;;) {
      const item = this.items.shift()
      if (item !== undefined) {
        yield item
        continue
      }
      if (this.ended || this.signal.aborted) return
      await new Promise<void>((r) => {
        this.wake = r
      })
      this.wake = undefined
    }
  }
}
