import { DragnetError } from '../../core/errors.ts'
import { redactUrl } from '../../core/redact.ts'

export const TAXII_MEDIA = 'application/taxii+json;version=2.1'

/** Where a pull stands: the last date-added seen, so that the next pull asks only for what came after. */
export interface PullState {
  addedAfter: string | null
}

export interface TaxiiTarget {
  /** The API root, e.g. http://127.0.0.1:8080/taxii2/api/ */
  apiRoot: string
  collection: string
  /** An API key of the server pulled from: sent as Bearer. */
  key: string
  fetch?: typeof fetch
}

const rootOf = (url: string) => (url.endsWith('/') ? url : `${url}/`)

async function request(t: TaxiiTarget, method: string, url: string, body?: unknown): Promise<Response> {
  const f = t.fetch ?? fetch
  let r: Response
  try {
    r = await f(url, {
      method,
      headers: {
        accept: TAXII_MEDIA,
        authorization: `Bearer ${t.key}`,
        ...(body !== undefined ? { 'content-type': TAXII_MEDIA } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
  } catch (e) {
    throw new DragnetError('RPC_UNREACHABLE', `TAXII server unreachable: ${redactUrl(url)}`, { cause: e })
  }
  if (!r.ok) {
    const text = await r.text()
    let detail: unknown = text.slice(0, 300)
    try {
      detail = JSON.parse(text)
    } catch {}
    throw new DragnetError('RPC_HTTP_ERROR', `TAXII ${method} ${redactUrl(url)}: HTTP ${r.status}`, {
      details: { status: r.status, body: detail },
    })
  }
  return r
}

/**
 * Every object of a collection added after `state.addedAfter`, page by page (following `more` and `next` to
 * the end); `onPage` sees each page and the state to resume from after it, so a pull cut short starts again
 * where it stopped.
 */
export async function pullObjects(
  t: TaxiiTarget,
  state: PullState,
  onPage?: (objects: Record<string, unknown>[], state: PullState) => Promise<void> | void,
  limit = 500,
): Promise<{ objects: Record<string, unknown>[]; state: PullState; pages: number }> {
  const base = `${rootOf(t.apiRoot)}collections/${encodeURIComponent(t.collection)}/objects/`
  const all: Record<string, unknown>[] = []
  let next: string | undefined
  let last = state.addedAfter
  let pages = 0
  for (;;) {
    const q = new URLSearchParams({ limit: String(limit) })
    if (state.addedAfter) q.set('added_after', state.addedAfter)
    if (next) q.set('next', next)
    const r = await request(t, 'GET', `${base}?${q}`)
    const body = (await r.json()) as { more?: boolean; next?: string; objects?: Record<string, unknown>[] }
    const objects = body.objects ?? []
    all.push(...objects)
    last = r.headers.get('x-taxii-date-added-last') ?? last
    pages++
    await onPage?.(objects, { addedAfter: last })
    if (!body.more || !body.next) break
    next = body.next
  }
  return { objects: all, state: { addedAfter: last }, pages }
}

/** Adds objects to a collection; the server's status resource is returned. */
export async function pushObjects(t: TaxiiTarget, objects: readonly unknown[]): Promise<Record<string, unknown>> {
  const url = `${rootOf(t.apiRoot)}collections/${encodeURIComponent(t.collection)}/objects/`
  const r = await request(t, 'POST', url, { objects })
  return (await r.json()) as Record<string, unknown>
}
