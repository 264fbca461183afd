import { DragnetError } from '../core/errors.ts'

export interface RpcPost {
  /** Where the request goes (credentials, if any, are in `headers`, never in the URL). */
  endpoint: string
  headers: Record<string, string>
  body: string
  timeoutMs: number
  /** The call named in errors (`eth_getBlockByNumber`, `batch of 20 (getblock)`). */
  method: string
  /** The URL as given, and as it may be printed: a transport error's reason is rewritten to the safe one. */
  url: string
  safeUrl: string
}

/**
 * One JSON-RPC POST with a timeout, for every node client. A timeout is RPC_TIMEOUT and a failed connection
 * RPC_UNREACHABLE, both retryable; the HTTP status and body are the caller's to judge.
 */
export async function postRpc(p: RpcPost): Promise<{ status: number; headers: Headers; text: string }> {
  try {
    const res = await fetch(p.endpoint, {
      method: 'POST',
      headers: p.headers,
      body: p.body,
      signal: AbortSignal.timeout(p.timeoutMs),
    })
    return { status: res.status, headers: res.headers, text: await res.text() }
  } catch (cause) {
    const name = (cause as Error).name
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new DragnetError(
        'RPC_TIMEOUT',
        `node at ${p.safeUrl} did not answer ${p.method} within ${p.timeoutMs} ms`,
        {
          details: { method: p.method, timeoutMs: p.timeoutMs, retryable: true },
        },
      )
    }
    const reason = ((cause as Error).cause as Error | undefined)?.message ?? (cause as Error).message
    throw new DragnetError(
      'RPC_UNREACHABLE',
      `cannot reach node at ${p.safeUrl}: ${reason.replaceAll(p.url, p.safeUrl)}`,
      { details: { method: p.method, retryable: true }, cause },
    )
  }
}
