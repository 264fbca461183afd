import { randomBytes, timingSafeEqual } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { DragnetError } from '../../core/errors.ts'
import type { BtcDevChain } from './dev-chain.ts'
import { type JsonValue, jsonText } from './json-text.ts'
import { RPC, RpcError } from './rpc-error.ts'
import { FaultSwitch } from './rpc-fault.ts'
import { callMethod } from './rpc-methods.ts'
import type { CoreDialect } from './tx-json.ts'

export interface BtcRpcServerOptions {
  /** 0 (default) takes a free port. */
  port?: number
  /** Basic auth as `-rpcuser/-rpcpassword`, or a cookie file written at start and removed at close (`-rpccookiefile`). */
  auth?: { user: string; password: string } | { cookieFile: string }
  dialect?: CoreDialect
}

export interface BtcRpcServer {
  /** `http://127.0.0.1:<port>/`, without credentials. */
  url: string
  /** The credentials the server accepts (the cookie's, when a cookie file is used); null without auth. */
  credentials: { user: string; password: string } | null
  faults: FaultSwitch
  /** Methods called, in order (batch members each). */
  calls: string[]
  close(): Promise<void>
}

type Reply = { body: string; status: number } | null

interface Call {
  id: JsonValue
  v2: boolean
  notification: boolean
}

function replyObject(call: Call, result: JsonValue, error: RpcError | null): JsonValue {
  const err = error === null ? null : { code: error.code, message: error.message }
  if (!call.v2) return { result: error === null ? result : null, error: err, id: call.id }
  return error === null ? { jsonrpc: '2.0', result, id: call.id } : { jsonrpc: '2.0', error: err, id: call.id }
}

// Core's legacy (1.0) replies carry the error in the HTTP status too; 2.0 replies are always 200.
function legacyStatus(e: RpcError): number {
  if (e.code === RPC.INVALID_REQUEST) return 400
  if (e.code === RPC.METHOD_NOT_FOUND) return 404
  return 500
}

function parseCall(req: JsonValue): Call {
  if (req === null || typeof req !== 'object' || Array.isArray(req))
    throw Object.assign(new RpcError(RPC.INVALID_REQUEST, 'Invalid Request object'), { call: legacyCall(null) })
  const o = req as { [k: string]: JsonValue }
  const version = o.jsonrpc
  const call: Call = { id: o.id ?? null, v2: version === '2.0', notification: version === '2.0' && !('id' in o) }
  if (version !== undefined && version !== '1.0' && version !== '2.0')
    throw Object.assign(new RpcError(RPC.INVALID_REQUEST, 'JSON-RPC version not supported'), { call })
  return call
}

const legacyCall = (id: JsonValue): Call => ({ id, v2: false, notification: false })

interface Exec {
  chain: BtcDevChain
  dialect: CoreDialect
  calls: string[]
  /** Core answers -28 to every call while it starts. */
  warmup: boolean
}

function execOne(x: Exec, req: JsonValue): { call: Call; obj: JsonValue; error: RpcError | null } {
  const { chain, dialect, calls } = x
  let call = legacyCall(null)
  try {
    call = parseCall(req)
    const o = req as { [k: string]: JsonValue }
    if (o.method === undefined) throw new RpcError(RPC.INVALID_REQUEST, 'Missing method')
    if (typeof o.method !== 'string') throw new RpcError(RPC.INVALID_REQUEST, 'Method must be a string')
    calls.push(o.method)
    if (x.warmup) throw new RpcError(RPC.IN_WARMUP, 'Loading block index…')
    const result = callMethod(chain, o.method, o.params, { net: chain.net, dialect })
    return { call, obj: replyObject(call, result, null), error: null }
  } catch (e) {
    const err = e instanceof RpcError ? e : internalError(e)
    const c = (e as { call?: Call }).call ?? call
    return { call: c, obj: replyObject(c, null, err), error: err }
  }
}

// A devnet bug surfaces as Core's catch-all -1 with the message, as Core reports a std::exception.
function internalError(e: unknown): RpcError {
  if (e instanceof DragnetError) return new RpcError(RPC.MISC_ERROR, e.message)
  return new RpcError(RPC.MISC_ERROR, e instanceof Error ? e.message : String(e))
}

function handleBody(x: Exec, text: string): Reply {
  let parsed: JsonValue
  try {
    parsed = JSON.parse(text) as JsonValue
  } catch {
    return {
      status: 500,
      body: `${jsonText(replyObject(legacyCall(null), null, new RpcError(RPC.PARSE_ERROR, 'Parse error')))}\n`,
    }
  }
  if (Array.isArray(parsed)) {
    const out = parsed.map((r) => execOne(x, r)).filter((r) => !r.call.notification)
    if (out.length === 0 && parsed.length > 0) return null
    return { status: 200, body: `${jsonText(out.map((r) => r.obj))}\n` }
  }
  const r = execOne(x, parsed)
  if (r.call.notification) return null
  const status = r.error === null || r.call.v2 ? 200 : legacyStatus(r.error)
  return { status, body: `${jsonText(r.obj)}\n` }
}

function authorised(req: IncomingMessage, creds: { user: string; password: string } | null): boolean {
  if (creds === null) return true
  const h = req.headers.authorization ?? ''
  if (!h.startsWith('Basic ')) return false
  const given = Buffer.from(h.slice(6), 'base64')
  const want = Buffer.from(`${creds.user}:${creds.password}`)
  return given.length === want.length && timingSafeEqual(given, want)
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply === null) {
    res.writeHead(204).end()
    return
  }
  res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(reply.body)
}

async function credentialsFor(auth: BtcRpcServerOptions['auth']): Promise<{ user: string; password: string } | null> {
  if (auth === undefined) return null
  if ('user' in auth) return auth
  const password = randomBytes(32).toString('hex')
  await writeFile(auth.cookieFile, `__cookie__:${password}`, { mode: 0o600 })
  return { user: '__cookie__', password }
}

/**
 * Serves a devnet chain on 127.0.0.1 as Bitcoin Core's JSON-RPC does (1.0 and 2.0, single and batch, Core's
 * error objects and HTTP statuses, 401 on bad credentials).
 * @example
 * const node = await startBtcRpcServer(chain, { auth: { user: 'u', password: 'p' } })
 * // POST node.url {"method":"getblockcount","params":[],"id":1} -> {"result":101,"error":null,"id":1}
 * await node.close()
 */
export async function startBtcRpcServer(chain: BtcDevChain, opts: BtcRpcServerOptions = {}): Promise<BtcRpcServer> {
  const credentials = await credentialsFor(opts.auth)
  const dialect = opts.dialect ?? 'modern'
  const faults = new FaultSwitch()
  const calls: string[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const answer = (req: IncomingMessage, res: ServerResponse, body: string, warmup = false) => {
    if (!authorised(req, credentials)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="jsonrpc"' }).end()
      return
    }
    if (req.method !== 'POST') {
      res.writeHead(405).end('JSONRPC server handles only POST requests')
      return
    }
    send(res, handleBody({ chain, dialect, calls, warmup }, body))
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const fault = faults.take()
      if (fault === null) return answer(req, res, body)
      if (fault.kind === 'http') return void res.writeHead(fault.status).end()
      if (fault.kind === 'reset') return void req.socket.destroy()
      if (fault.kind === 'warmup') return answer(req, res, body, true)
      if (fault.ms === undefined) return
      const t = setTimeout(() => {
        timers.delete(t)
        answer(req, res, body)
      }, fault.ms)
      timers.add(t)
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/`,
    credentials,
    faults,
    calls,
    close: async () => {
      for (const t of timers) clearTimeout(t)
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      if (opts.auth !== undefined && 'cookieFile' in opts.auth) await rm(opts.auth.cookieFile, { force: true })
    },
  }
}
