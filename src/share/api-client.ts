import { DragnetError } from '../core/errors.ts'
import { redactUrl } from '../core/redact.ts'

/** A Dragnet server's API as the share commands use it: a base URL and an API key. */
export interface ApiTarget {
  server: string
  key: string
  fetch?: typeof fetch
}

/** Calls the API; an answer in the API's error shape is rethrown with its own code, others as RPC_HTTP_ERROR. */
export async function callApi(t: ApiTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const url = `${t.server.replace(/\/+$/, '')}${path}`
  let r: Response
  try {
    r = await (t.fetch ?? fetch)(url, {
      method,
      headers: {
        authorization: `Bearer ${t.key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
  } catch (e) {
    throw new DragnetError('RPC_UNREACHABLE', `Dragnet server unreachable: ${redactUrl(url)}`, { cause: e })
  }
  const text = await r.text()
  let parsed: unknown = null
  try {
    parsed = text.length > 0 ? JSON.parse(text) : null
  } catch {}
  if (r.ok) return parsed
  const e = parsed as { code?: string; message?: string; details?: Record<string, unknown> } | null
  if (e?.code && e.message)
    throw new DragnetError(e.code as ConstructorParameters<typeof DragnetError>[0], e.message, {
      details: e.details ?? {},
    })
  throw new DragnetError('RPC_HTTP_ERROR', `${method} ${redactUrl(url)}: HTTP ${r.status}`, {
    details: { status: r.status },
  })
}
