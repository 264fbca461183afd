import { DragnetError } from '../../core/errors.ts'
import type { Logger } from '../../core/logger.ts'
import { redactUrl } from '../../core/redact.ts'
import { postRpc } from '../post-rpc.ts'

export interface RpcCall {
  method: string
  params: readonly unknown[]
}

export interface JsonRpcClientOptions {
  url: string
  logger: Logger
  /** Per HTTP request; a node that stalls longer is retried, then reported as RPC_TIMEOUT. */
  timeoutMs?: number
  /** Retries after the first attempt for timeouts, 429, 5xx and dropped connections. */
  retries?: number
  /** First backoff; doubled per retry up to maxBackoffMs, with jitter. */
  backoffMs?: number
  maxBackoffMs?: number
  /** Most calls sent in one JSON-RPC batch; larger lists are split. */
  maxBatch?: number
}

export type Settled<T> = { ok: true; result: T } | { ok: false; error: DragnetError }

/** JSON-RPC error codes that mean the node does not offer the method at all. */
const METHOD_MISSING_CODES = new Set([-32601, -32004])
const METHOD_MISSING_TEXT =
  /method not found|not supported|does not exist|unsupported method|not available|unknown method/i
/** Node errors worth retrying: rate limits and overload reported inside a 200 answer. */
const RETRYABLE_RPC_CODES = new Set([-32005, 429, -32603])

/**
 * A small JSON-RPC client over fetch with batching, timeouts, and retry with backoff. Built on fetch rather
 * than viem's transport because ingest needs the raw error classes (method missing vs. overloaded vs. malformed)
 * to decide between fallback, retry and a clear stop.
 */
export class JsonRpcClient {
  readonly url: string
  private readonly logger: Logger
  private readonly timeoutMs: number
  private readonly retries: number
  private readonly backoffMs: number
  private readonly maxBackoffMs: number
  private readonly maxBatch: number
  private nextId = 1
  /** Counters for progress and benchmarks. */
  readonly stats = { requests: 0, calls: 0, retries: 0, bytes: 0 }

  /** The URL without user:password, which fetch refuses; they travel as a Basic Authorization header. */
  private readonly endpoint: string
  private readonly headers: Record<string, string> = { 'content-type': 'application/json' }

  constructor(options: JsonRpcClientOptions) {
    this.url = options.url
    let parsed: URL
    try {
      parsed = new URL(options.url)
    } catch {
      throw new DragnetError('INVALID_ARGUMENT', `not a URL: ${redactUrl(options.url)}`)
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new DragnetError('INVALID_ARGUMENT', `the RPC URL must be http(s), got ${parsed.protocol}`)
    }
    if (parsed.username || parsed.password) {
      const user = decodeURIComponent(parsed.username)
      const pass = decodeURIComponent(parsed.password)
      this.headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
      parsed.username = ''
      parsed.password = ''
    }
    this.endpoint = parsed.toString()
    this.logger = options.logger
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.retries = options.retries ?? 5
    this.backoffMs = options.backoffMs ?? 250
    this.maxBackoffMs = options.maxBackoffMs ?? 8_000
    this.maxBatch = options.maxBatch ?? 100
  }

  /** The URL with any credential stripped, safe for logs and error messages. */
  get safeUrl(): string {
    return redactUrl(this.url)
  }

  async request<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }])
    return result as T
  }

  /** Sends calls as JSON-RPC batches and returns their results in order; any call's error fails the whole. */
  async batch<T = unknown>(calls: readonly RpcCall[]): Promise<T[]> {
    const settled = await this.batchSettled<T>(calls)
    return settled.map((s) => {
      if (!s.ok) throw s.error
      return s.result
    })
  }

  /** Like batch, but a call's own JSON-RPC error is returned in its place instead of failing the others. */
  async batchSettled<T = unknown>(calls: readonly RpcCall[]): Promise<Settled<T>[]> {
    const out: Settled<T>[] = []
    for (let i = 0; i < calls.length; i += this.maxBatch) {
      const slice = calls.slice(i, i + this.maxBatch)
      out.push(...(await this.sendWithRetry<T>(slice)))
    }
    return out
  }

  private async sendWithRetry<T>(calls: readonly RpcCall[]): Promise<Settled<T>[]> {
    let attempt = 0
    for (;;) {
      try {
        return await this.send<T>(calls)
      } catch (error) {
        const e = error as DragnetError
        const retryable = e instanceof DragnetError && e.details.retryable === true
        if (!retryable || attempt >= this.retries) throw stripRetryable(e)
        attempt++
        this.stats.retries++
        const wait = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempt - 1))
        const retryAfter = typeof e.details.retryAfterMs === 'number' ? e.details.retryAfterMs : 0
        const delay = Math.max(retryAfter, wait / 2 + Math.random() * (wait / 2))
        this.logger.warn({ code: e.code, attempt, delayMs: Math.round(delay), method: calls[0]?.method }, 'rpc retry')
        await new Promise((r) => setTimeout(r, delay))
      }
    }
  }

  private async send<T>(calls: readonly RpcCall[]): Promise<Settled<T>[]> {
    const firstId = this.nextId
    this.nextId += calls.length
    const body = JSON.stringify(
      calls.map((c, i) => ({ jsonrpc: '2.0', id: firstId + i, method: c.method, params: c.params })),
    )
    const method = calls.length === 1 ? calls[0]?.method : `batch of ${calls.length} (${calls[0]?.method})`
    this.stats.requests++
    this.stats.calls += calls.length
    const res = await postRpc({
      endpoint: this.endpoint,
      headers: this.headers,
      body,
      timeoutMs: this.timeoutMs,
      method: String(method),
      url: this.url,
      safeUrl: this.safeUrl,
    })
    const { text } = res
    this.stats.bytes += text.length
    if (res.status === 429 || res.status >= 500) {
      const ra = Number(res.headers.get('retry-after'))
      throw new DragnetError('RPC_HTTP_ERROR', `node answered HTTP ${res.status} to ${method}`, {
        details: { method, status: res.status, retryable: true, retryAfterMs: Number.isFinite(ra) ? ra * 1000 : 0 },
      })
    }
    if (res.status < 200 || res.status > 299) {
      throw new DragnetError('RPC_HTTP_ERROR', `node answered HTTP ${res.status} to ${method}`, {
        details: { method, status: res.status, body: text.slice(0, 200) },
      })
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new DragnetError('RPC_MALFORMED_RESPONSE', `node answered ${method} with malformed JSON`, {
        details: { method, body: text.slice(0, 200), retryable: true },
      })
    }
    // A node may answer a one-call batch with a bare object.
    const answers = Array.isArray(parsed) ? parsed : [parsed]
    const byId = new Map<number, { result?: unknown; error?: { code?: number; message?: string; data?: unknown } }>()
    for (const a of answers) {
      if (a && typeof a === 'object' && 'id' in a) byId.set(Number((a as { id: unknown }).id), a as never)
    }
    if (!Array.isArray(parsed) && byId.size === 0 && parsed && typeof parsed === 'object' && 'error' in parsed) {
      // A batch rejected as a whole (some nodes refuse batches) comes back as one error without an id.
      throw rpcError(method ?? '', (parsed as { error: { code?: number; message?: string } }).error)
    }
    const results: Settled<T>[] = []
    for (let i = 0; i < calls.length; i++) {
      const a = byId.get(firstId + i)
      const call = calls[i] as RpcCall
      if (!a) {
        throw new DragnetError('RPC_MALFORMED_RESPONSE', `node's answer lacks the reply to ${call.method}`, {
          details: { method: call.method, params: call.params, retryable: true },
        })
      }
      if (a.error) {
        const error = rpcError(call.method, a.error, call.params)
        // An overloaded node may fail single calls of a batch: retry the batch rather than report them.
        if (error.details.retryable === true) throw error
        results.push({ ok: false, error })
        continue
      }
      if (!('result' in a)) {
        throw new DragnetError(
          'RPC_MALFORMED_RESPONSE',
          `node's reply to ${call.method} has neither result nor error`,
          {
            details: { method: call.method, params: call.params },
          },
        )
      }
      results.push({ ok: true, result: a.result as T })
    }
    return results
  }
}

function rpcError(
  method: string,
  error: { code?: number; message?: string; data?: unknown },
  params?: readonly unknown[],
) {
  const code = typeof error.code === 'number' ? error.code : 0
  const message = typeof error.message === 'string' ? error.message : 'unknown error'
  if (METHOD_MISSING_CODES.has(code) || METHOD_MISSING_TEXT.test(message)) {
    return new DragnetError('RPC_METHOD_UNSUPPORTED', `node does not support ${method}: ${message}`, {
      details: { method, rpcCode: code },
    })
  }
  return new DragnetError('RPC_ERROR', `node returned error ${code} for ${method}: ${message}`, {
    details: { method, params, rpcCode: code, rpcMessage: message, retryable: RETRYABLE_RPC_CODES.has(code) },
  })
}

function stripRetryable(e: unknown): unknown {
  if (e instanceof DragnetError && 'retryable' in e.details) {
    const { retryable: _r, retryAfterMs: _a, ...details } = e.details
    return new DragnetError(e.code, e.message, { details, cause: e.cause })
  }
  return e
}
