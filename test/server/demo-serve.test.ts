import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { DemoKeysFile, ExplainResponse, SessionResponse } from '../../src/server/web/web-api-types.ts'
import { runCli } from '../support/run-cli.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

interface Running {
  child: ChildProcess
  stdout: () => string
  exited: Promise<number | null>
}

/** `dragnet demo --serve` as a user runs it, in its own process. */
function startDemo(db: string, keysFile: string): Running {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--serve', '--port', '0', '--db', db, '--keys-file', keysFile],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DRAGNET_LOG_LEVEL: 'warn' } },
  )
  let out = ''
  let err = ''
  child.stdout?.on('data', (c) => {
    out += String(c)
  })
  child.stderr?.on('data', (c) => {
    err += String(c)
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  void exited.then((code) => {
    if (code !== 0) process.stderr.write(`demo --serve exited ${code}: ${err}\n`)
  })
  return { child, stdout: () => out, exited }
}

/** The one `Web app:` line, once the demo has played, traced and started serving. */
async function webAppLine(run: Running, timeoutMs = 240_000): Promise<string> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const lines = run
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('Web app: '))
    if (lines.length > 0 && run.stdout().includes('Stop with')) {
      assert.equal(lines.length, 1, 'exactly one Web app line')
      return lines[0] as string
    }
    if (run.child.exitCode !== null) throw new Error(`demo exited ${run.child.exitCode}: ${run.stdout()}`)
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`no Web app line: ${run.stdout()}`)
}

const signIn = (base: string, token: string) =>
  fetch(`${base}/v1/session/link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  })

describe('dragnet demo --serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-demo-serve-'))
  const db = join(dir, 'demo.duckdb')
  const keysFile = join(dir, 'keys.json')
  const runs: Running[] = []
  after(async () => {
    for (const r of runs) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL')
    await Promise.all(runs.map((r) => r.exited))
    rmSync(dir, { recursive: true, force: true })
  })

  test('plays the demo, serves it with a one-time link, shows the demo incident, keeps the other one apart, stops on SIGTERM', async () => {
    const run = startDemo(db, keysFile)
    runs.push(run)
    const line = await webAppLine(run)
    const m = /^Web app: (http:\/\/127\.0\.0\.1:(\d+))\/#\/signin\?link=([A-Za-z0-9_-]{43})$/.exec(line)
    assert.ok(m, line)
    const [, base, port, token] = m as unknown as [string, string, string, string]
    assert.notEqual(port, '0', 'the real port is printed')
    assert.ok(run.stdout().includes('all agree'), 'the ground-truth check of `dragnet demo` ran first')
    assert.ok(run.stdout().includes('Stop with Ctrl-C'))

    assert.equal(statSync(keysFile).mode & 0o777, 0o600)
    const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as DemoKeysFile
    assert.equal(keys.url, base)

    const first = await signIn(base, token)
    assert.equal(first.status, 200)
    const session = (await first.json()) as SessionResponse
    assert.equal(session.principal.orgId, keys.demo.orgId)
    assert.equal(session.principal.role, 'admin')
    const cookie = /^dragnet_session=[^;]+/.exec(first.headers.get('set-cookie') ?? '')?.[0]
    assert.ok(cookie)
    const again = await signIn(base, token)
    assert.equal(again.status, 401)
    assert.equal(((await again.json()) as { code: string }).code, 'AUTH_LINK_INVALID')

    const list = (await (await fetch(`${base}/v1/incidents`, { headers: { cookie } })).json()) as {
      incidents: { id: string; tlp: string; orgId: string }[]
    }
    assert.deepEqual(
      list.incidents.map((i) => [i.id, i.tlp]),
      [[keys.demo.incidentId, 'AMBER']],
      "the demo organisation sees its incident, not the other organisation's",
    )
    const traces = (await (
      await fetch(`${base}/v1/incidents/${keys.demo.incidentId}/traces`, { headers: { cookie } })
    ).json()) as { traces: { status: string; request: { model: string } }[] }
    assert.deepEqual(traces.traces.map((t) => [t.request.model, t.status]).sort(), [
      ['fifo', 'done'],
      ['haircut', 'done'],
      ['poison', 'done'],
    ])
    const other = { authorization: `Bearer ${keys.other.apiKey}` }
    const hidden = await fetch(`${base}/v1/incidents/${keys.demo.incidentId}`, { headers: other })
    assert.equal(hidden.status, 404)
    const theirs = (await (await fetch(`${base}/v1/incidents`, { headers: other })).json()) as {
      incidents: { id: string }[]
    }
    assert.deepEqual(
      theirs.incidents.map((i) => i.id),
      [keys.other.incidentId],
    )
    const app = await fetch(`${base}/`)
    assert.ok([200, 503].includes(app.status), 'the app, or WEB_NOT_BUILT where it is not built')

    // The explanation the app shows is the one `dragnet trace --explain` prints for the command the demo names.
    const command = run
      .stdout()
      .split('\n')
      .find((l) => l.includes('npx dragnet trace') && l.includes('--explain'))
      ?.trim()
    assert.ok(command, 'the demo prints the --explain command')
    const target = command.split(' ').at(-1) as string
    const haircut = (await (
      await fetch(`${base}/v1/incidents/${keys.demo.incidentId}/traces`, { headers: { cookie } })
    ).json()) as { traces: { id: string; request: { model: string } }[] }
    const traceId = haircut.traces.find((x) => x.request.model === 'haircut')?.id
    const explained = (await (
      await fetch(`${base}/v1/incidents/${keys.demo.incidentId}/traces/${traceId}/explain?address=${target}`, {
        headers: { cookie },
      })
    ).json()) as ExplainResponse

    run.child.kill('SIGTERM')
    assert.equal(await run.exited, 0)

    const cli = await runCli(command.split(' ').slice(2))
    assert.equal(cli.code, 0, cli.stderr)
    assert.equal(cli.stdout.slice(cli.stdout.indexOf('Explain ')), explained.text)
  })

  test('a second run on the same folder starts afresh and works', async () => {
    const before = JSON.parse(readFileSync(keysFile, 'utf8')) as DemoKeysFile
    const run = startDemo(db, keysFile)
    runs.push(run)
    const line = await webAppLine(run)
    const token = /link=([A-Za-z0-9_-]{43})$/.exec(line)?.[1] as string
    const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as DemoKeysFile
    assert.notEqual(keys.demo.apiKey, before.demo.apiKey)
    const r = await signIn(keys.url, token)
    assert.equal(r.status, 200)
    const stale = await fetch(`${keys.url}/v1/me`, { headers: { authorization: `Bearer ${before.demo.apiKey}` } })
    assert.equal(stale.status, 401, "the last run's keys are gone with its state")
    run.child.kill('SIGINT')
    assert.equal(await run.exited, 0)
  })
})
