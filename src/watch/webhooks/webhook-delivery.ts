import { DragnetError } from '../../core/errors.ts'
import { redactUrl } from '../../core/redact.ts'
import { secretKey, webhookHeaders } from './webhook-signature.ts'

/** Where a webhook goes and the secret it is signed with. */
export interface WebhookEndpoint {
  url: string
  secret: string
}

/** One try of a delivery: the receiver's status, or why no status came. */
export interface DeliveryAttempt {
  at: string
  status: number | null
  error: string | null
  ms: number
}

export interface DeliveryResult {
  /** The webhook-id: the same on every retry, so a receiver can drop duplicates. */
  id: string
  delivered: boolean
  /** Every try, in order; the last says why a failed delivery gave up. */
  attempts: DeliveryAttempt[]
}

export interface DeliveryOptions {
  /**
   * Waits before each retry, in ms; its length is the number of retries. Default the Standard Webhooks
   * schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
   */
  retryDelaysMs?: readonly number[]
  /** A receiver that takes longer has failed this try. */
  timeoutMs?: number
  signal?: AbortSignal
  /** Unix seconds, for the webhook-timestamp of each try. */
  now?: () => number
  /** Told of each failed try before the wait, e.g. to record it. */
  onAttempt?: (attempt: DeliveryAttempt) => void
}

export const STANDARD_RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]

/** An http(s) URL without credentials; WEBHOOK_URL_INVALID otherwise. */
export function checkWebhookUrl(url: string): URL {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new DragnetError('WEBHOOK_URL_INVALID', `not a URL: ${url.slice(0, 200)}`, {
      details: { url: url.slice(0, 200) },
    })
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new DragnetError('WEBHOOK_URL_INVALID', `a webhook URL is http or https, not ${u.protocol}`, {
      details: { url: redactUrl(url) },
    })
  }
  if (u.username || u.password) {
    throw new DragnetError('WEBHOOK_URL_INVALID', 'a webhook URL carries no credentials: the signature authenticates', {
      details: { url: redactUrl(url) },
    })
  }
  return u
}

/**
 * Delivers one message per the Standard Webhooks convention: POSTs `body` (JSON) signed with the endpoint's
 * secret, and retries on a network error, a timeout or any status but 2xx, with the same webhook-id and a fresh
 * timestamp and signature each try. A 410 Gone stops at once (the receiver has retired the endpoint).
 */
export async function deliverWebhook(
  endpoint: WebhookEndpoint,
  id: string,
  body: string,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  checkWebhookUrl(endpoint.url)
  secretKey(endpoint.secret)
  const delays = options.retryDelaysMs ?? STANDARD_RETRY_DELAYS_MS
  const now = options.now ?? (() => Math.floor(Date.now() / 1000))
  const attempts: DeliveryAttempt[] = []
  for (let i = 0; ; i++) {
    const attempt = await tryOnce(endpoint, id, body, now(), options)
    attempts.push(attempt)
    const status = attempt.status
    if (status !== null && status >= 200 && status < 300) return { id, delivered: true, attempts }
    options.onAttempt?.(attempt)
    if (status === 410 || i >= delays.length || options.signal?.aborted) return { id, delivered: false, attempts }
    await wait(delays[i] as number, options.signal)
  }
}

async function tryOnce(
  endpoint: WebhookEndpoint,
  id: string,
  body: string,
  timestamp: number,
  options: DeliveryOptions,
): Promise<DeliveryAttempt> {
  const started = performance.now()
  const at = new Date().toISOString()
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000)
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
  try {
    const res = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webhookHeaders(endpoint.secret, id, timestamp, body) },
      body,
      signal,
      redirect: 'manual',
    })
    // The body is not read for meaning, only drained so the connection can be reused.
    await res.arrayBuffer().catch(() => undefined)
    return { at, status: res.status, error: null, ms: Math.round(performance.now() - started) }
  } catch (e) {
    const error = timeout.aborted ? 'timeout' : (e as Error).message
    return { at, status: null, error, ms: Math.round(performance.now() - started) }
  }
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t)
        resolve()
      },
      { once: true },
    )
  })
}
