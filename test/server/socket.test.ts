import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { after, before, test } from 'node:test'
import { type Serving, startServing } from '../../src/server/serve.ts'
import { createServerLogger } from '../../src/server/server-logger.ts'
import { errorOf, runCli } from '../support/run-cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'dragnet-serve-'))
const db = join(dir, 'server')
const logs: string[] = []
const sink = new Writable({
  write(chunk, _enc, done) {
    logs.push(String(chunk))
    done()
  },
})
let serving: Serving
let adminKey: string
let orgKey: string
let orgId: string

before(async () => {
  const init = await runCli(['server', 'init', '--org', 'Platform', '--admin', 'root', '--db', db, '--json'])
  assert.equal(init.code, 0, init.stderr)
  adminKey = JSON.parse(init.stdout).key
  assert.match(adminKey, /^dn_[A-Za-z0-9_-]{43}$/)
  const again = await runCli(['server', 'init', '--org', 'Other', '--admin', 'x', '--db', db, '--json'])
  assert.equal(again.code, 7)
  assert.equal(errorOf(again).code, 'SERVER_CONFLICT')
  const org = await runCli([
    'server',
    'create-org',
    '--name',
    'Harbor',
    '--user',
    'ops',
    '--role',
    'investigator',
    '--db',
    db,
    '--json',
  ])
  assert.equal(org.code, 0, org.stderr)
  orgKey = JSON.parse(org.stdout).key
  orgId = JSON.parse(org.stdout).organisation.id
  const logger = createServerLogger({ level: 'debug', stream: sink })
  serving = await startServing({ port: 0, host: '127.0.0.1', db, chainDb: join(dir, 'absent.duckdb'), logger })
})
after(async () => {
  await serving?.close().catch(() => {})
  rmSync(dir, { recursive: true, force: true })
})

test('over a real socket: health, OpenAPI, screening and errors with keys minted on the command line', async () => {
  assert.match(serving.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  const health = await fetch(`${serving.url}/health`)
  assert.deepEqual([health.status, await health.json()], [200, { status: 'ok' }])
  const doc = (await (await fetch(`${serving.url}/openapi.json`)).json()) as { openapi: string }
  assert.equal(doc.openapi, '3.1.0')
  const auth = { authorization: `Bearer ${orgKey}`, 'content-type': 'application/json' }
  const screen = await fetch(`${serving.url}/v1/screen`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ address: '0x098b716b8aaf21512996dc57eb0615e2383e2f96' }),
  })
  assert.equal(screen.status, 200)
  const body = (await screen.json()) as { severity: string; labels: { source: string }[] }
  // The shipped label pack lists the Ronin bridge exploiter (OFAC SDN, Lazarus).
  assert.equal(body.severity, 'severe')
  const me = (await (await fetch(`${serving.url}/v1/me`, { headers: auth })).json()) as { orgId: string; role: string }
  assert.deepEqual([me.orgId, me.role], [orgId, 'investigator'])
  const bad = await fetch(`${serving.url}/v1/incidents`, { headers: { authorization: 'Bearer dn_wrong' } })
  assert.equal(bad.status, 401)
  assert.equal(((await bad.json()) as { code: string }).code, 'AUTH_INVALID_KEY')
  const minted = await fetch(`${serving.url}/v1/organisations/${orgId}/users`, {
    headers: { authorization: `Bearer ${adminKey}` },
  })
  assert.equal(minted.status, 200)
  const trace = await fetch(`${serving.url}/v1/incidents`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ title: 'no chain data here', tlp: 'RED', chain: 'ethereum' }),
  })
  assert.equal(trace.status, 201)
  const id = ((await trace.json()) as { id: string }).id
  const seeded = await fetch(`${serving.url}/v1/incidents/${id}/seeds`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ seeds: ['0x00000000000000000000000000000000000000aa'] }),
  })
  assert.equal(seeded.status, 201)
  const started = await fetch(`${serving.url}/v1/incidents/${id}/traces`, { method: 'POST', headers: auth, body: '{}' })
  assert.equal(started.status, 202)
  const location = started.headers.get('location') as string
  let job = { status: 'queued', error: null as { code: string } | null }
  for (let i = 0; i < 200 && (job.status === 'queued' || job.status === 'running'); i++) {
    await new Promise((r) => setTimeout(r, 10))
    job = (await (await fetch(`${serving.url}${location}`, { headers: auth })).json()) as typeof job
  }
  // This server has no chain data: the job fails, and says why.
  assert.deepEqual([job.status, job.error?.code], ['failed', 'SERVER_NOT_READY'])
})

test('logs are JSON lines that never hold an API key, even when a header is logged on purpose', async () => {
  const text = logs.join('')
  assert.ok(text.length > 0)
  for (const line of text.trim().split('\n')) JSON.parse(line)
  assert.ok(text.includes('"statusCode":200'), 'requests are logged')
  const logger = createServerLogger({ level: 'info', stream: sink })
  logger.info({ req: { headers: { authorization: `Bearer ${orgKey}` } }, key: adminKey }, 'careless')
  const all = logs.join('')
  assert.ok(all.includes('careless'))
  for (const key of [adminKey, orgKey]) assert.ok(!all.includes(key), 'a key reached the log')
})

test('shutdown answers the request in flight, then refuses connections', async () => {
  const seen = logs.length
  const addresses = Array.from({ length: 1000 }, (_, i) => `0x${i.toString(16).padStart(40, '0')}`)
  const inFlight = fetch(`${serving.url}/v1/screen`, {
    method: 'POST',
    headers: { authorization: `Bearer ${orgKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ addresses }),
  })
  // Fastify logs each request as it comes in: once logged, it is in flight, and close must wait for it.
  for (
    let i = 0;
    i < 400 && !logs.slice(seen).some((l) => l.includes('incoming request') && l.includes('/v1/screen'));
    i++
  ) {
    await new Promise((r) => setTimeout(r, 5))
  }
  const closing = serving.close()
  const res = await inFlight
  assert.equal(res.status, 200)
  assert.equal(((await res.json()) as { results: unknown[] }).results.length, 1000)
  await closing
  await assert.rejects(fetch(`${serving.url}/health`))
})
