import { createServer, type Server } from 'node:http'

export interface ProxyCall {
  method: string
  params: unknown[]
}

/** What a proxy does with one HTTP request: pass it on, or answer it itself. */
export type ProxyAction = { status?: number; body?: string; delayMs?: number } | undefined

export interface RpcProxy {
  url: string
  /** Requests seen, each as the list of calls in it. */
  requests: ProxyCall[][]
  setIntercept(fn: ((calls: ProxyCall[], n: number) => ProxyAction) | undefined): void
  close(): Promise<void>
}

/** A loopback proxy in front of a real node, so a test can make a real node fail, stall or lie on cue. */
export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let intercept: ((calls: ProxyCall[], n: number) => ProxyAction) | undefined
  const requests: ProxyCall[][] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => {
      body += d
    })
    req.on('end', async () => {
      const parsed = JSON.parse(body) as ProxyCall | ProxyCall[]
      const calls = (Array.isArray(parsed) ? parsed : [parsed]).map((c) => ({ method: c.method, params: c.params }))
      requests.push(calls)
      const action = intercept?.(calls, requests.length)
      if (action?.delayMs) await new Promise((r) => setTimeout(r, action.delayMs))
      if (action && (action.status !== undefined || action.body !== undefined)) {
        res.writeHead(action.status ?? 200, { 'content-type': 'application/json' })
        res.end(action.body ?? '')
        return
      }
      try {
        const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        const text = await upstream.text()
        res.writeHead(upstream.status, { 'content-type': 'application/json' })
        res.end(text)
      } catch {
        res.writeHead(502)
        res.end()
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setIntercept: (fn) => {
      intercept = fn
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
