import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { dirname, extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { DragnetError } from '../../core/errors.ts'

/** Paths the API answers; everything else is the web app's. */
const API_PREFIXES = ['/v1', '/health', '/ready', '/metrics', '/openapi.json', '/taxii2']

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

/** The headers of every page and file of the app: nothing but its own origin may load, frame or be sent data. */
export const APP_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; " +
    "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

/** Vite names the files under assets/ by their content hash: they never change, so browsers keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** The built app beside the sources (web/dist), as `npm run build:web` writes it. */
export function defaultWebRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/dist')
}

/** Whether a path belongs to the API (its 404 stays JSON) rather than to the app. */
export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))
}

type Resolved = { kind: 'file'; path: string } | { kind: 'none' } | { kind: 'refused' }

/**
 * The file a URL path names under `root`, decoded once. A `..` or `.` segment, a backslash or a NUL is refused
 * outright; a symlink leading out of the root is treated as missing.
 */
export function resolveAppFile(root: string, urlPath: string): Resolved {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return { kind: 'refused' }
  }
  const segments = decoded.split('/').filter((s) => s.length > 0)
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0'))) return { kind: 'refused' }
  // Dotfiles are never part of a build (and .env-like files must never leak).
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'none' }
  const full = join(root, ...segments)
  try {
    if (!statSync(full).isFile()) return { kind: 'none' }
    const real = realpathSync(full)
    if (!real.startsWith(realpathSync(root) + sep)) return { kind: 'none' }
    return { kind: 'file', path: real }
  } catch {
    return { kind: 'none' }
  }
}

function sendFile(reply: FastifyReply, path: string, cache: string): FastifyReply {
  void reply.headers(APP_HEADERS)
  void reply.header('cache-control', cache)
  void reply.type(TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream')
  return reply.status(200).send(readFileSync(path))
}

/**
 * Serves the built app for a request no API route took: a file of the build, else index.html for the app's own
 * routes (SPA fallback). Returns false for what is not the app's (API paths, other methods), so the caller
 * answers the API's JSON 404. Without a build: 503 WEB_NOT_BUILT.
 */
export function serveApp(root: string, request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const path = request.url.split('?')[0] ?? '/'
  if (isApiPath(path)) return false
  const index = join(root, 'index.html')
  if (!existsSync(index)) {
    throw new DragnetError('WEB_NOT_BUILT', 'the web app is not built: run `npm run build:web`, then reload', {
      details: { hint: 'npm run build:web', webRoot: root },
    })
  }
  const found = resolveAppFile(root, path)
  if (found.kind === 'refused') return false
  if (found.kind === 'file') {
    const assets = path.startsWith('/assets/')
    return Boolean(sendFile(reply, found.path, assets ? IMMUTABLE : 'no-cache'))
  }
  // A missing hashed asset is a stale page asking for an old build: a 404, not the app's HTML as script.
  if (path.startsWith('/assets/')) return false
  sendFile(reply, index, 'no-cache')
  return true
}
