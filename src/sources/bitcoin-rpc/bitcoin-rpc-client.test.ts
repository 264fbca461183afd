import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { DragnetError } from '../../core/errors.ts'
import { silentLogger } from '../../core/logger.ts'
import { BitcoinRpcClient } from './bitcoin-rpc-client.ts'
import { resolveRpcAuth } from './rpc-auth.ts'

const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`

test('credentials come from the cookie file, else the URL, else --rpc-user/--rpc-password; never in the endpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-cookie-'))
  try {
    const cookie = join(dir, '.cookie')
    writeFileSync(cookie, '__cookie__:abc:def\n')
    assert.deepEqual(resolveRpcAuth('http://u:p@127.0.0.1:8332/', { cookieFile: cookie }), {
      endpoint: 'http://127.0.0.1:8332/',
      authorization: basic('__cookie__:abc:def'),
    })
    assert.deepEqual(resolveRpcAuth('http://u%40x:p%3Aq@127.0.0.1:8332/', { user: 'other', password: 'o' }), {
      endpoint: 'http://127.0.0.1:8332/',
      authorization: basic('u@x:p:q'),
    })
    assert.deepEqual(resolveRpcAuth('http://127.0.0.1:8332', { user: 'alice', password: 'pw' }), {
      endpoint: 'http://127.0.0.1:8332/',
      authorization: basic('alice:pw'),
    })
    assert.deepEqual(resolveRpcAuth('http://127.0.0.1:8332', {}), { endpoint: 'http://127.0.0.1:8332/' })
    writeFileSync(cookie, 'no-colon-secret')
    assert.throws(
      () => resolveRpcAuth('http://127.0.0.1:8332', { cookieFile: cookie }),
      (e: DragnetError) => e.code === 'FILE_UNUSABLE' && !e.message.includes('no-colon-secret'),
    )
    assert.throws(() => resolveRpcAuth('ftp://127.0.0.1', {}), { code: 'INVALID_ARGUMENT' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a node that cannot be reached: RPC_UNREACHABLE after the retries, the password in no message', async () => {
  // A port that was free a moment ago: nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port
      s.close(() => resolve(p))
    })
  })
  const client = new BitcoinRpcClient({
    url: `http://alice:hunter2-secret@127.0.0.1:${port}/`,
    logger: silentLogger(),
    retries: 2,
    backoffMs: 1,
  })
  const error = await client.call('getblockcount').catch((e: unknown) => e)
  assert.ok(error instanceof DragnetError)
  assert.equal(error.code, 'RPC_UNREACHABLE')
  assert.equal(client.stats.retries, 2)
  assert.ok(!JSON.stringify({ m: error.message, d: error.details }).includes('hunter2'))
  assert.equal(error.details.retryable, undefined, 'the retry marker is internal')
})
