import { readFileSync } from 'node:fs'
import { DragnetError } from '../../core/errors.ts'
import { redactUrl } from '../../core/redact.ts'

export interface BitcoinRpcAuth {
  /** `--rpc-user` / `--rpc-password`, used when the URL carries none. */
  user?: string | undefined
  password?: string | undefined
  /** Bitcoin Core's `.cookie` file (`__cookie__:<password>`), rewritten by the node at each start. */
  cookieFile?: string | undefined
}

/**
 * The endpoint without credentials and the Basic Authorization header to send, from (first match wins) the
 * cookie file, `user:password@` in the URL, or user and password given apart. fetch refuses URLs with
 * credentials, and keeping them out of the URL keeps them out of every message.
 */
export function resolveRpcAuth(url: string, auth: BitcoinRpcAuth): { endpoint: string; authorization?: string } {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new DragnetError('INVALID_ARGUMENT', `not a URL: ${redactUrl(url)}`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DragnetError('INVALID_ARGUMENT', `the RPC URL must be http(s), got ${parsed.protocol}`)
  }
  let user = decodeURIComponent(parsed.username)
  let pass = decodeURIComponent(parsed.password)
  parsed.username = ''
  parsed.password = ''
  if (auth.cookieFile !== undefined) [user, pass] = readCookie(auth.cookieFile)
  else if (!user && auth.user !== undefined) [user, pass] = [auth.user, auth.password ?? '']
  const endpoint = parsed.toString()
  if (!user && !pass) return { endpoint }
  return { endpoint, authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` }
}

function readCookie(path: string): [string, string] {
  let text: string
  try {
    text = readFileSync(path, 'utf8').trim()
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    throw new DragnetError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNUSABLE',
      `cannot read the RPC cookie file ${path} (${code ?? 'error'}): is the node running, and is this its datadir?`,
      { details: { path } },
    )
  }
  const colon = text.indexOf(':')
  if (colon <= 0) {
    // The content is a secret: the message names the file, never what it holds.
    throw new DragnetError('FILE_UNUSABLE', `${path} is no Bitcoin Core cookie file (user:password)`, {
      details: { path },
    })
  }
  return [text.slice(0, colon), text.slice(colon + 1)]
}
