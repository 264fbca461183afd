import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { newWebhookSecret, secretKey, signWebhook, verifyWebhook, webhookHeaders } from './webhook-signature.ts'

// The Standard Webhooks specification's published test vector (also in the svix and standard-webhooks libraries).
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
const TS = 1614265330
const BODY = '{"test": 2432232314}'
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='

const code = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return [(e as { code?: string }).code, (e as { details?: { reason?: string } }).details?.reason]
  }
  return ['no error']
}

describe('Standard Webhooks signatures', () => {
  it('signs the specification test vector to its published signature', () => {
    assert.equal(signWebhook(SECRET, ID, TS, BODY), SIGNATURE)
    assert.deepEqual(webhookHeaders(SECRET, ID, TS, BODY), {
      'webhook-id': ID,
      'webhook-timestamp': '1614265330',
      'webhook-signature': SIGNATURE,
    })
  })

  it('verifies a good delivery, also among several signatures, and refuses every kind of bad one', () => {
    const h = { 'webhook-id': ID, 'webhook-timestamp': String(TS), 'webhook-signature': SIGNATURE }
    verifyWebhook(SECRET, h, BODY, TS + 10)
    verifyWebhook(SECRET, { ...h, 'webhook-signature': `v1,AAAA ${SIGNATURE}` }, BODY, TS)
    const bad = 'WEBHOOK_SIGNATURE_INVALID'
    assert.deepEqual(
      code(() => verifyWebhook(SECRET, h, '{"test": 2432232315}', TS)),
      [bad, 'no-matching-signature'],
    )
    assert.deepEqual(
      code(() => verifyWebhook(newWebhookSecret(), h, BODY, TS)),
      [bad, 'no-matching-signature'],
    )
    assert.deepEqual(
      code(() => verifyWebhook(SECRET, h, BODY, TS + 301)),
      [bad, 'timestamp-out-of-tolerance'],
    )
    assert.deepEqual(
      code(() => verifyWebhook(SECRET, h, BODY, TS - 301)),
      [bad, 'timestamp-out-of-tolerance'],
    )
    assert.deepEqual(
      code(() => verifyWebhook(SECRET, { ...h, 'webhook-id': undefined }, BODY, TS)),
      [bad, 'missing-header'],
    )
    assert.deepEqual(
      code(() => verifyWebhook(SECRET, { ...h, 'webhook-timestamp': '1e9' }, BODY, TS)),
      [bad, 'invalid-timestamp'],
    )
    assert.deepEqual(
      code(() => verifyWebhook(SECRET, { ...h, 'webhook-signature': SIGNATURE.replace('v1', 'v2') }, BODY, TS)),
      [bad, 'no-matching-signature'],
    )
  })

  it('makes secrets of 32 random bytes and refuses malformed ones', () => {
    const s = newWebhookSecret()
    assert.match(s, /^whsec_[A-Za-z0-9+/]{43}=$/)
    assert.equal(secretKey(s).length, 32)
    assert.notEqual(newWebhookSecret(), s)
    for (const bad of ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_c2hvcnQ=', 'whsec_***not base64***']) {
      assert.deepEqual(
        code(() => secretKey(bad)),
        ['WEBHOOK_SECRET_INVALID', undefined],
        bad,
      )
    }
  })
})
