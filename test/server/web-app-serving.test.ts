import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { call, startTestServer, type TestServer } from './server-kit.ts'

const CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; " +
  "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'"
const INDEX = '<!doctype html><title>Dragnet</title><div id="root"></div>'
const SECRET = 'the-secret-outside-the-web-root'

/** A raw HTTP/1.1 GET with the path exactly as written: no client normalises `..` or percent-escapes away. */
function rawGet(port: number, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
    })
    const chunks: Buffer[] = []
    socket.on('data', (c) => chunks.push(c))
    socket.on('error', reject)
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text })
    })
  })
}

describe('the web app at /: files, SPA fallback, headers, no way out of the web root', () => {
  let t: TestServer
  let dir: string
  let root: string
  let port: number

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dragnet-webroot-'))
    root = join(dir, 'dist')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(dir, 'secret.txt'), SECRET)
    writeFileSync(join(root, 'index.html'), INDEX)
    writeFileSync(join(root, '.env'), SECRET)
    writeFileSync(join(root, 'assets', 'index-4f2a9c.js'), 'console.log("app")')
    writeFileSync(join(root, 'assets', 'index-4f2a9c.js.map'), '{"version":3}')
    writeFileSync(join(root, 'assets', 'index-77aa.css'), 'body{}')
    writeFileSync(join(root, 'assets', 'inter-1.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]))
    writeFileSync(join(root, 'assets', 'shot-9.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    writeFileSync(join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    writeFileSync(join(root, 'manifest.json'), '{}')
    t = await startTestServer({ webRoot: root })
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' })
    port = Number(new URL(url).port)
  })
  after(async () => {
    await t?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('GET / and the app routes answer index.html, not cached, with the security headers', async () => {
    for (const path of ['/', '/incidents', '/incidents/123/trace?model=fifo', '/address/demo/0xabc']) {
      const r = await call(t.app, null, 'GET', path)
      assert.equal(r.status, 200, path)
      assert.equal(r.text, INDEX)
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8')
      assert.equal(r.headers['cache-control'], 'no-cache')
      assert.equal(r.headers['content-security-policy'], CSP)
      assert.equal(r.headers['x-content-type-options'], 'nosniff')
      assert.equal(r.headers['referrer-policy'], 'no-referrer')
    }
    const head = await t.app.inject({ method: 'HEAD', url: '/incidents' })
    assert.equal(head.statusCode, 200)
    assert.equal(head.body, '')
  })

  test('files with their content types; hashed assets cached for a year, immutable', async () => {
    const types: [string, string][] = [
      ['/assets/index-4f2a9c.js', 'text/javascript; charset=utf-8'],
      ['/assets/index-4f2a9c.js.map', 'application/json; charset=utf-8'],
      ['/assets/index-77aa.css', 'text/css; charset=utf-8'],
      ['/assets/inter-1.woff2', 'font/woff2'],
      ['/assets/shot-9.png', 'image/png'],
      ['/logo.svg', 'image/svg+xml'],
      ['/manifest.json', 'application/json; charset=utf-8'],
    ]
    for (const [path, type] of types) {
      const r = await call(t.app, null, 'GET', path)
      assert.equal(r.status, 200, path)
      assert.equal(r.headers['content-type'], type, path)
      assert.equal(r.headers['x-content-type-options'], 'nosniff')
      assert.equal(
        r.headers['cache-control'],
        path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      )
    }
    assert.equal((await call(t.app, null, 'GET', '/assets/index-4f2a9c.js')).text, 'console.log("app")')
  })

  test('a missing asset and the API paths answer the JSON 404; writes to the app are not served', async () => {
    const missing = await call(t.app, null, 'GET', '/assets/index-old.js')
    assert.equal(missing.status, 404)
    assert.equal(missing.body.code, 'SERVER_NOT_FOUND')
    for (const path of ['/v1/nothing-here', '/v1', '/health/x', '/metrics/x']) {
      const r = await call(t.app, null, 'GET', path)
      assert.equal(r.status, 404, path)
      assert.equal(r.body.code, 'SERVER_NOT_FOUND', path)
    }
    // /taxii2 is the TAXII server's: without a key it asks for one, it never falls back to the app's page.
    const taxii = await call(t.app, null, 'GET', '/taxii2/')
    assert.equal(taxii.status, 401)
    assert.doesNotMatch(taxii.text, /<html/i)
    const post = await call(t.app, null, 'POST', '/incidents', {})
    assert.equal(post.body.code, 'SERVER_NOT_FOUND')
    assert.equal((await call(t.app, null, 'GET', '/health')).body.status, 'ok')
  })

  test('no path, encoded or not, reads a file outside the web root or a dotfile', async () => {
    const paths = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/.env',
      '/%2eenv',
      '/assets/%00.js',
      '/%c0%ae%c0%ae/secret.txt',
    ]
    for (const path of paths) {
      const r = await rawGet(port, path)
      assert.ok(!r.text.includes(SECRET), `${path} leaks the file: ${r.text}`)
      assert.ok([200, 400, 404].includes(r.status), `${path}: ${r.status}`)
      // What is answered with 200 is the app's index page, nothing else.
      if (r.status === 200) assert.ok(r.text.endsWith(INDEX), `${path}: ${r.text}`)
    }
  })

  test('without a built app GET / is 503 WEB_NOT_BUILT with the build command; the API still answers', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'dragnet-webroot-empty-'))
    const bare = await startTestServer({ webRoot: join(empty, 'dist') })
    try {
      for (const path of ['/', '/incidents/1']) {
        const r = await call(bare.app, null, 'GET', path)
        assert.equal(r.status, 503)
        assert.equal(r.body.code, 'WEB_NOT_BUILT')
        assert.equal(r.body.details.hint, 'npm run build:web')
      }
      assert.equal((await call(bare.app, null, 'GET', '/v1/nope')).body.code, 'SERVER_NOT_FOUND')
      assert.equal((await call(bare.app, bare.platformKey, 'GET', '/v1/me')).status, 200)
      assert.equal((await call(bare.app, null, 'GET', '/v1/me')).body.code, 'AUTH_REQUIRED')
    } finally {
      await bare.close()
      rmSync(empty, { recursive: true, force: true })
    }
  })
})
