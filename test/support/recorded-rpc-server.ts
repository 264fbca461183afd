import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'

/**
 * A loopback JSON-RPC server that answers only from recorded real responses (ethereum-etl's fixture naming:
 * web3_response.<method>_<params joined by _, lowercased>.json). Anything not recorded is "method not found",
 * which is what a node that lacks a method says. `hooks` let a test break answers on purpose.
 */
export interface RecordedServer {
  url: string
  calls: { method: string; params: unknown[] }[]
  close(): Promise<void>
}

export interface RecordedServerOptions {
  /** Answer one call with this result instead of the recorded one (ids are kept); undefined keeps the recording. */
  replaceResult?: (call: { method: string; params: unknown[] }) => unknown
  /** Replace the whole HTTP answer for a call: return a status and a body, or undefined for the recorded one. */
  intercept?: (
    call: { method: string; params: unknown[] },
    n: number,
  ) => { status?: number; body?: string; delayMs?: number } | undefined
}

export function paramsKey(method: string, params: unknown[]): string {
  const flat = params.map((p) => {
    if (p !== null && typeof p === 'object') {
      return Object.entries(p as Record<string, unknown>)
        .map(([k, v]) => `${k}_${v}`)
        .join('_')
    }
    return String(p)
  })
  return `${method}_${flat.join('_')}`.toLowerCase()
}

export function loadRecorded(dirs: readonly string[]): Map<string, unknown> {
  const map = new Map<string, unknown>()
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      const m = /^web3_response\.(.+)\.json$/.exec(name)
      if (!m) continue
      const body = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { result?: unknown }
      map.set((m[1] as string).toLowerCase(), body.result ?? null)
    }
  }
  return map
}

export async function startRecordedServer(
  dirs: readonly string[],
  options: RecordedServerOptions = {},
): Promise<RecordedServer> {
  const recorded = loadRecorded(dirs)
  const calls: { method: string; params: unknown[] }[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => {
      body += d
    })
    req.on('end', async () => {
      const parsed = JSON.parse(body) as
        | { id: number; method: string; params: unknown[] }
        | { id: number; method: string; params: unknown[] }[]
      const list = Array.isArray(parsed) ? parsed : [parsed]
      for (const c of list) calls.push({ method: c.method, params: c.params })
      const override = options.intercept?.(list[0] as { method: string; params: unknown[] }, calls.length)
      if (override?.delayMs) await new Promise((r) => setTimeout(r, override.delayMs))
      if (override && (override.status !== undefined || override.body !== undefined)) {
        res.writeHead(override.status ?? 200, { 'content-type': 'application/json' })
        res.end(override.body ?? '')
        return
      }
      const answers = list.map((c) => {
        const key = paramsKey(c.method, c.params ?? [])
        const replaced = options.replaceResult?.({ method: c.method, params: c.params ?? [] })
        if (replaced !== undefined) return { jsonrpc: '2.0', id: c.id, result: replaced }
        if (recorded.has(key)) return { jsonrpc: '2.0', id: c.id, result: recorded.get(key) }
        return {
          jsonrpc: '2.0',
          id: c.id,
          error: { code: -32601, message: `the method ${c.method} does not exist/is not available` },
        }
      })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(Array.isArray(parsed) ? answers : answers[0]))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
