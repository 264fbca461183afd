import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { checkWebhookUrl, deliverWebhook } from './webhook-delivery.ts'
import { newWebhookSecret, verifyWebhook } from './webhook-signature.ts'

interface Received {
  headers: IncomingMessage['headers']
  body: string
  verified: boolean
}

describe('webhook delivery', () => {
  const secret = newWebhookSecret()
  const received: Received[] = []
  /** Statuses the receiver answers, in order; 200 once they run out. */
  let answers: number[] = []
  let server: Server
  let url = ''
  before(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (d) => {
        body += d
      })
      req.on('end', () => {
        let verified = true
        try {
          verifyWebhook(secret, req.headers, body)
        } catch {
          verified = false
        }
        received.push({ headers: req.headers, body, verified })
        const status = answers.shift() ?? 200
        if (status === 0) return req.socket.destroy()
        res.writeHead(status).end()
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`
  })
  after(() => new Promise((r) => server.close(r)))

  it('signs each try, retries a 500 and a dropped connection with the same id, and stops at the first 2xx', async () => {
    received.length = 0
    answers = [500, 0, 204]
    const body = JSON.stringify({ type: 'alert', data: { amount: '100000000000000000000' } })
    const failed: (number | null)[] = []
    const r = await deliverWebhook({ url, secret }, 'msg_alert_1', body, {
      retryDelaysMs: [10, 10, 10, 10],
      onAttempt: (a) => failed.push(a.status),
    })
    assert.equal(r.delivered, true)
    assert.deepEqual(
      r.attempts.map((a) => a.status),
      [500, null, 204],
    )
    assert.deepEqual(failed, [500, null])
    assert.equal(received.length, 3)
    for (const x of received) {
      assert.equal(x.verified, true)
      assert.equal(x.headers['webhook-id'], 'msg_alert_1')
      assert.equal(x.headers['content-type'], 'application/json')
      assert.equal(x.body, body)
    }
  })

  it('gives up after the last retry, and at once on 410 Gone', async () => {
    received.length = 0
    answers = [503, 503, 503]
    const r = await deliverWebhook({ url, secret }, 'msg_2', '{}', { retryDelaysMs: [5, 5] })
    assert.equal(r.delivered, false)
    assert.deepEqual(
      r.attempts.map((a) => a.status),
      [503, 503, 503],
    )
    answers = [410]
    const gone = await deliverWebhook({ url, secret }, 'msg_3', '{}', { retryDelaysMs: [5, 5] })
    assert.deepEqual(
      gone.attempts.map((a) => a.status),
      [410],
    )
    assert.equal(received.length, 4)
  })

  it('times a slow receiver out and says so', async () => {
    const slow = createServer(() => {})
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r))
    try {
      const port = (slow.address() as { port: number }).port
      const r = await deliverWebhook({ url: `http://127.0.0.1:${port}/`, secret }, 'msg_4', '{}', {
        retryDelaysMs: [],
        timeoutMs: 100,
      })
      assert.equal(r.delivered, false)
      assert.deepEqual(
        r.attempts.map((a) => [a.status, a.error]),
        [[null, 'timeout']],
      )
    } finally {
      slow.closeAllConnections()
      await new Promise((r) => slow.close(r))
    }
  })

  it('refuses a malformed URL, another scheme, credentials and a bad secret before sending anything', async () => {
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => 'sent',
        (e: { code: string }) => e.code,
      )
    assert.equal(await code(deliverWebhook({ url: 'not a url', secret }, 'x', '{}')), 'WEBHOOK_URL_INVALID')
    assert.equal(await code(deliverWebhook({ url: 'ftp://127.0.0.1/x', secret }, 'x', '{}')), 'WEBHOOK_URL_INVALID')
    assert.equal(
      await code(deliverWebhook({ url: 'http://u:p@127.0.0.1/x', secret }, 'x', '{}')),
      'WEBHOOK_URL_INVALID',
    )
    assert.equal(await code(deliverWebhook({ url, secret: 'secret' }, 'x', '{}')), 'WEBHOOK_SECRET_INVALID')
    assert.equal(checkWebhookUrl('https://soc.example/hooks/dragnet').host, 'soc.example')
  })
})
