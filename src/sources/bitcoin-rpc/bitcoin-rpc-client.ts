import { DragnetError } from '../../core/errors.ts'
import type { Logger } from '../../core/logger.ts'
import { redactUrl } from '../../core/redact.ts'
import type { RpcCall, Settled } from '../evm-rpc/json-rpc-client.ts'
import { postRpc } from '../post-rpc.ts'
import { parseBitcoinJson } from './bitcoin-json.ts'
import { type BitcoinRpcAuth, resolveRpcAuth } from './rpc-auth.ts'

export interface BitcoinRpcClientOptions extends BitcoinRpcAuth {
  url: string
  logger: Logger
  /** Per HTTP request; a node that stalls longer is retried, then reported as RPC_TIMEOUT. */
  timeoutMs?: number
  /** Retries after the first attempt for timeouts, dropped connections, 5xx and -28 (node warming up). */
  retries?: number
  backoffMs?: number
  maxBackoffMs?: number
  /** Most calls in one JSON-RPC batch. */
  maxBatch?: number
}

/** Bitcoin Core's RPC_IN_WARMUP: the node is loading its block index and will answer soon. */
const RETRYABLE_RPC_CODES = new Set([-28])
const METHOD_NOT_FOUND = -32601

type Answer = { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } | null }

/**
 * A JSON-RPC client for Bitcoin Core: calls always go as a JSON array (Core answers a batch with HTTP 200 and
 * an error per failed call, where a single call's error would come as HTTP 500), amounts are read as the
 * decimal text the node printed, and user, password or cookie travel only in the Authorization header.
 */
export class BitcoinRpcClient {
  private readonly endpoint: string
  private readonly headers: Record<string, string> = { 'content-type': 'application/json' }
  private readonly logger: Logger
  private readonly timeoutMs: number
  private readonly retries: number
  private readonly backoffMs: number
  private readonly maxBackoffMs: number
  private readonly maxBatch: number
  private nextId = 1
  readonly stats = { requests: 0, calls: 0, retries: 0, bytes: 0 }
  /** The URL without credentials, for messages. */
  readonly safeUrl: string

  constructor(options: BitcoinRpcClientOptions) {
    const { endpoint, authorization } = resolveRpcAuth(options.url, options)
    this.endpoint = endpoint
    if (authorization) this.headers.authorization = authorization
    this.safeUrl = redactUrl(endpoint)
    this.logger = options.logger
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.retries = options.retries ?? 5
    this.backoffMs = options.backoffMs ?? 250
    this.maxBackoffMs = options.maxBackoffMs ?? 8_000
    this.maxBatch = options.maxBatch ?? 100
  }

  async call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    const [r] = await this.batchSettled<T>([{ method, params }])
    if (!r?.ok) throw (r as { error: DragnetError }).error
    return r.result
  }

  /** Sends calls in JSON-RPC batches; each call's own error comes back in its place. */
  async batchSettled<T = unknown>(calls: readonly RpcCall[]): Promise<Settled<T>[]> {
    const out: Settled<T>[] = []
    for (let i = 0; i < calls.length; i += this.maxBatch) {
      out.push(...(await this.sendWithRetry<T>(calls.slice(i, i + this.maxBatch))))
    }
    return out
  }

  /** Like batchSettled, but the first failed call fails the whole. */
  async batch<T = unknown>(calls: readonly RpcCall[]): Promise<T[]> {
    return (await this.batchSettled<T>(calls)).map((s) => {
      if (!s.ok) throw s.error
      return s.result
    })
  }

  private async sendWithRetry<T>(calls: readonly RpcCall[]): Promise<Settled<T>[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send<T>(calls)
      } catch (error) {
        const e = error as DragnetError
        if (!(e instanceof DragnetError) || e.details.retryable !== true || attempt >= this.retries) {
          throw withoutRetryable(e)
        }
        this.stats.retries++
        const wait = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** attempt)
        const delay = wait / 2 + Math.random() * (wait / 2)
        this.logger.warn({ code: e.code, attempt: attempt + 1, delayMs: Math.round(delay) }, 'bitcoin rpc retry')
        await new Promise((r) => setTimeout(r, delay))
      }
    }
  }

  private async send<T>(calls: readonly RpcCall[]): Promise<Settled<T>[]> {
    const firstId = this.nextId
    this.nextId += calls.length
    const body = JSON.stringify(
      calls.map((c, i) => ({ jsonrpc: '1.0', id: firstId + i, method: c.method, params: c.params })),
    )
    const method = calls.length === 1 ? (calls[0]?.method ?? '') : `batch of ${calls.length} (${calls[0]?.method})`
    this.stats.requests++
    this.stats.calls += calls.length
    const { status, text } = await this.post(body, method)
    this.stats.bytes += text.length
    if (status === 401 || status === 403) {
      throw new DragnetError(
        'RPC_HTTP_ERROR',
        `node at ${this.safeUrl} refused the credentials (HTTP ${status}): check --rpc-user/--rpc-password or --rpc-cookie`,
        { details: { method, status, reason: 'auth' } },
      )
    }
    let parsed: unknown
    try {
      parsed = parseBitcoinJson(text)
    } catch {
      if (status >= 500) throw httpError(status, method, text, true)
      if (status !== 200) throw httpError(status, method, text, false)
      throw new DragnetError('RPC_MALFORMED_RESPONSE', `node answered ${method} with malformed JSON`, {
        details: { method, body: text.slice(0, 200), retryable: true },
      })
    }
    const answers = (Array.isArray(parsed) ? parsed : [parsed]) as Answer[]
    if (!Array.isArray(parsed)) {
      // A whole request refused: Core answers one error object (HTTP 500/404) for a batch it cannot run.
      const a = answers[0]
      if (a?.error) throw rpcError(method, a.error)
      if (status !== 200) throw httpError(status, method, text, status >= 500)
    }
    return this.match<T>(calls, firstId, answers)
  }

  private match<T>(calls: readonly RpcCall[], firstId: number, answers: Answer[]): Settled<T>[] {
    const byId = new Map<number, Answer>()
    for (const a of answers) if (a && typeof a === 'object') byId.set(Number(a.id), a)
    const results: Settled<T>[] = []
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i] as RpcCall
      const a = byId.get(firstId + i)
      if (!a) {
        throw new DragnetError('RPC_MALFORMED_RESPONSE', `node's answer lacks the reply to ${call.method}`, {
          details: { method: call.method, params: call.params, retryable: true },
        })
      }
      if (a.error) {
        const error = rpcError(call.method, a.error, call.params)
        if (error.details.retryable === true) throw error
        results.push({ ok: false, error })
      } else if (!('result' in a)) {
        throw new DragnetError(
          'RPC_MALFORMED_RESPONSE',
          `node's reply to ${call.method} has neither result nor error`,
          {
            details: { method: call.method, params: call.params },
          },
        )
      } else results.push({ ok: true, result: a.result as T })
    }
    return results
  }

  private async post(body: string, method: string): Promise<{ status: number; text: string }> {
    const { endpoint, safeUrl } = this
    return await postRpc({
      endpoint,
      headers: this.headers,
      body,
      timeoutMs: this.timeoutMs,
      method,
      url: endpoint,
      safeUrl,
    })
  }
}

function httpError(status: number, method: string, text: string, retryable: boolean): DragnetError {
  return new DragnetError('RPC_HTTP_ERROR', `node answered HTTP ${status} to ${method}`, {
    details: { method, status, body: text.slice(0, 200), retryable },
  })
}

function rpcError(method: string, error: { code?: unknown; message?: unknown }, params?: readonly unknown[]) {
  const code = typeof error.code === 'number' ? error.code : 0
  const message = typeof error.message === 'string' ? error.message : 'unknown error'
  if (code === METHOD_NOT_FOUND) {
    return new DragnetError('RPC_METHOD_UNSUPPORTED', `node does not support ${method}: ${message}`, {
      details: { method, rpcCode: code },
    })
  }
  return new DragnetError('RPC_ERROR', `node returned error ${code} for ${method}: ${message}`, {
    details: { method, params, rpcCode: code, rpcMessage: message, retryable: RETRYABLE_RPC_CODES.has(code) },
  })
}

function withoutRetryable(e: unknown): unknown {
  if (!(e instanceof DragnetError) || !('retryable' in e.details)) return e
  const { retryable: _r, ...details } = e.details
  return new DragnetError(e.code, e.message, { details, cause: e.cause })
}
