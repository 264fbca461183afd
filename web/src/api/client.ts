/** Who is signed in: the API key's principal, as GET /v1/me answers. */
export interface Principal {
  orgId: string
  orgName: string
  platform: boolean
  userId: string
  role: 'admin' | 'investigator' | 'analyst' | 'viewer'
  keyId: string
}

export interface SessionInfo {
  csrfToken: string
  principal: Principal
  expiresAt: string
}

/** An answer of the API that is not 2xx, with the API's stable error code. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

export type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>

function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) for (const x of v) params.append(k, String(x))
    else params.set(k, String(v))
  }
  const s = params.toString()
  return s ? `${path}?${s}` : path
}

/**
 * The API over the session cookie. The cookie is httpOnly and SameSite=Strict; every write also carries the
 * session's CSRF token in `x-csrf-token`, which the server checks, so a page on another origin cannot write.
 */
export class ApiClient {
  csrfToken: string | null = null

  async request<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (method !== 'GET' && method !== 'HEAD' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken
    let body: string | undefined
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(options.body)
    }
    const init: RequestInit = { method, headers, credentials: 'same-origin' }
    if (body !== undefined) init.body = body
    const res = await fetch(withQuery(path, options.query), init)
    if (res.status === 204) return undefined as T
    const text = await res.text()
    const json: unknown = text ? JSON.parse(text) : undefined
    if (!res.ok) {
      const e = (json ?? {}) as { code?: string; message?: string; details?: unknown }
      throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.details)
    }
    return json as T
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return query ? this.request<T>('GET', path, { query }) : this.request<T>('GET', path)
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body: body ?? {} })
  }
  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body: body ?? {} })
  }
  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body: body ?? {} })
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path)
  }

  /** A URL under the API, for downloads and links (the cookie goes with it). */
  url(path: string, query?: Query): string {
    return withQuery(path, query)
  }

  /** Downloads a file answer (CSV, evidence package) through the session, as the browser saves it. */
  async download(path: string, filename: string, query?: Query): Promise<void> {
    const res = await fetch(withQuery(path, query), { credentials: 'same-origin' })
    if (!res.ok) {
      const e = (await res.json().catch(() => ({}))) as { code?: string; message?: string }
      throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText)
    }
    saveBlob(await res.blob(), filename)
  }
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
}
