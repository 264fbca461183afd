/** Strips credentials from a URL before it is logged or printed: user:password and key-like query values. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.username || u.password) {
      u.username = u.username ? '***' : ''
      u.password = u.password ? '***' : ''
    }
    for (const key of [...u.searchParams.keys()]) {
      if (/key|token|secret|auth|pass/i.test(key)) u.searchParams.set(key, '***')
    }
    // Hosted nodes put the API key in the last path segment (…/v3/<key>).
    u.pathname = u.pathname.replace(/\/([0-9a-zA-Z_-]{24,})$/, '/***')
    return u.toString()
  } catch {
    return '[unparseable url]'
  }
}
