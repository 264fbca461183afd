import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { DragnetError } from '../../core/errors.ts'

/** The Standard Webhooks headers of one delivery. */
export interface WebhookHeaders {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

const PREFIX = 'whsec_'
/** The Standard Webhooks recommendation: a timestamp further than this from the receiver's clock is a replay. */
export const TOLERANCE_SECONDS = 300

/** A new signing secret: `whsec_` and 32 random bytes in base64, as the Standard Webhooks libraries make them. */
export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`
}

/** The HMAC key of a `whsec_` secret; WEBHOOK_SECRET_INVALID for anything else. */
export function secretKey(secret: string): Buffer {
  const b64 = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : ''
  const key = Buffer.from(b64, 'base64')
  // Buffer.from drops what is not base64: a round trip tells a real key from a mangled one.
  if (key.length < 24 || key.length > 64 || key.toString('base64').replace(/=+$/, '') !== b64.replace(/=+$/, '')) {
    throw new DragnetError('WEBHOOK_SECRET_INVALID', 'a webhook secret is whsec_ followed by 24 to 64 bytes in base64')
  }
  return key
}

/** `v1,<base64 HMAC-SHA256 of id.timestamp.body>`: one entry of the webhook-signature header. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')
  return `v1,${mac}`
}

/** The three headers for a delivery of `body` with message id `id` at unix second `timestamp`. */
export function webhookHeaders(secret: string, id: string, timestamp: number, body: string): WebhookHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  }
}

/**
 * Checks a received delivery as a receiver must: all three headers, a timestamp within the tolerance of `now`
 * (unix seconds), and one `v1` entry that matches in constant time. Throws WEBHOOK_SIGNATURE_INVALID with the
 * reason in details.
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  now = Math.floor(Date.now() / 1000),
): void {
  const get = (name: string) => {
    const v = headers[name]
    return Array.isArray(v) ? v[0] : v
  }
  const id = get('webhook-id')
  const ts = get('webhook-timestamp')
  const sig = get('webhook-signature')
  const fail = (reason: string) =>
    new DragnetError('WEBHOOK_SIGNATURE_INVALID', `webhook signature check failed: ${reason}`, { details: { reason } })
  if (!id || !ts || !sig) throw fail('missing-header')
  if (!/^\d+$/.test(ts)) throw fail('invalid-timestamp')
  if (Math.abs(now - Number(ts)) > TOLERANCE_SECONDS) throw fail('timestamp-out-of-tolerance')
  const want = Buffer.from(signWebhook(secret, id, Number(ts), body).slice(3), 'base64')
  for (const entry of sig.split(' ')) {
    const [version, value] = entry.split(',', 2)
    if (version !== 'v1' || !value) continue
    const got = Buffer.from(value, 'base64')
    if (got.length === want.length && timingSafeEqual(got, want)) return
  }
  throw fail('no-matching-signature')
}
