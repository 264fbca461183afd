import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifyWebhook } from '../../src/watch/webhooks/webhook-signature.ts'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
  /** Whether verifyWebhook accepted it with the secret the webhook was given. */
  verified: boolean
  status: number
}

/**
 * A webhook receiver on loopback: checks every request's signature with the secret set after registration, and
 * answers `statuses` in turn (then 204), or what `answer` says for each body.
 */
export async function webhookReceiver(statuses: number[] | ((body: string) => number) = []) {
  const received: Received[] = []
  const waiters: { n: number; resolve: () => void }[] = []
  let secret = ''
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => {
      body += c
    })
    req.on('end', () => {
      let verified = true
      try {
        verifyWebhook(secret, req.headers, body)
      } catch {
        verified = false
      }
      const status = typeof statuses === 'function' ? statuses(body) : (statuses.shift() ?? 204)
      received.push({ headers: req.headers, body, verified, status })
      res.statusCode = status
      res.end()
      for (const w of [...waiters]) if (received.length >= w.n) w.resolve()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    setSecret: (s: string) => {
      secret = s
    },
    waitFor: (n: number) =>
      new Promise<void>((resolve) => {
        if (received.length >= n) resolve()
        else waiters.push({ n, resolve })
      }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
