import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

export const BITCOIN_FIXTURES = join(
  import.meta.dirname,
  '../../shared/data/conformance/bitcoin-etl/test_export_blocks_job/bitcoin',
)

/** What an override answers instead of the recording: a result's JSON text, an RPC error, or a raw HTTP reply. */
export type Override =
  | { result: string }
  | { error: { code: number; message: string } }
  | { http: number; body: string }
  | undefined

export interface RecordedNode {
  url: string
  /** Every call received, `method params...`. */
  calls: string[]
  /** Answers first, before the recordings; undefined falls through. */
  override: (method: string, params: unknown[]) => Override
  /** Replaces or adds recorded answers by key (`getblock_<hash>_2`). */
  answers: Map<string, string>
  close(): Promise<void>
}

/** The key of a call as bitcoin-etl's recordings name their files: method and params, the verbose flag left out. */
export function callKey(method: string, params: readonly unknown[]): string {
  const parts = params.filter((p) => typeof p !== 'boolean').map(String)
  return [method, ...parts].join('_')
}

/** Loads rpc_response_<key>.json files of these fixture folders, as raw text (amounts stay as printed). */
export function loadRecordings(...dirs: string[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const dir of dirs) {
    for (const f of readdirSync(dir)) {
      const m = /^rpc_response_(.+)\.json$/.exec(f)
      if (m) out.set(m[1] as string, readFileSync(join(dir, f), 'utf8').trim())
    }
  }
  return out
}

/** Bitcoin Core's errors for what it does not have. */
function missing(method: string): { code: number; message: string } {
  if (method === 'getrawtransaction') return { code: -5, message: 'No such mempool or blockchain transaction' }
  if (method === 'getblockhash') return { code: -8, message: 'Block height out of range' }
  if (method === 'getblock') return { code: -5, message: 'Block not found' }
  return { code: -32601, message: 'Method not found' }
}

/**
 * A loopback HTTP server that speaks Bitcoin Core's JSON-RPC (batches included) and answers only with recorded
 * responses; anything else gets the JSON-RPC error Core would give. With `auth`, a wrong Basic header gets 401.
 */
export async function startRecordedNode(answers: Map<string, string>, auth?: string): Promise<RecordedNode> {
  const node: Partial<RecordedNode> = { calls: [], answers, override: () => undefined }
  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    if (auth && req.headers.authorization !== `Basic ${Buffer.from(auth).toString('base64')}`) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="jsonrpc"' }).end()
      return
    }
    const parsed = JSON.parse(body) as { id: unknown; method: string; params?: unknown[] }[]
    const replies: string[] = []
    for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
      const params = call.params ?? []
      node.calls?.push([call.method, ...params].join(' '))
      const o = node.override?.(call.method, params)
      if (o && 'http' in o) {
        res.writeHead(o.http, { 'content-type': 'application/json' }).end(o.body)
        return
      }
      const id = JSON.stringify(call.id)
      const text = o && 'result' in o ? o.result : o ? undefined : answers.get(callKey(call.method, params))
      const error = o && 'error' in o ? o.error : missing(call.method)
      replies.push(
        text !== undefined
          ? `{"result": ${text}, "error": null, "id": ${id}}`
          : `{"result": null, "error": ${JSON.stringify(error)}, "id": ${id}}`,
      )
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(Array.isArray(parsed) ? `[${replies.join(',')}]` : replies[0])
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  node.url = `http://127.0.0.1:${port}/`
  node.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return node as RecordedNode
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
