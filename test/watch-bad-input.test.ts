import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { type Anvil, startAnvil } from '../src/devnet/anvil.ts'
import { errorOf, runCli } from './support/run-cli.ts'

const SEED = '0x00000000000000000000000000000000000000aa'

describe('dragnet watch: bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-watch-bad-'))
  const web = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html')
    res.end('<html><body>Welcome</body></html>')
  })
  let anvil: Anvil | undefined
  after(async () => {
    await anvil?.stop()
    await new Promise<void>((r) => web.close(() => r()))
    rmSync(dir, { recursive: true, force: true })
  })
  const db = join(dir, 'store.duckdb')

  it('a web page where the node should be: WATCH_NOT_A_NODE, exit 4, nothing stored', async () => {
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/`
    const run = await runCli(['watch', '--rpc', url, '--db', db, '--seed', SEED, '--json'])
    assert.equal(run.code, 4, run.stderr)
    const e = errorOf(run)
    assert.equal(e.code, 'WATCH_NOT_A_NODE')
    assert.match(e.message, /not as an Ethereum JSON-RPC node/)
    assert.equal(run.stdout, '')
    assert.equal(existsSync(db), false)
  })

  it('nothing listening: RPC_UNREACHABLE, exit 4', async () => {
    const run = await runCli(['watch', '--rpc', 'http://127.0.0.1:18699/', '--db', db, '--seed', SEED, '--json'])
    assert.equal(run.code, 4, run.stderr)
    assert.equal(errorOf(run).code, 'RPC_UNREACHABLE')
  })

  it('a bad policy, an unknown incident, no target: stable codes before anything is stored', async () => {
    anvil = await startAnvil({ port: 18651 })
    const policy = join(dir, 'policy.json')
    writeFileSync(
      policy,
      JSON.stringify({ format: 'dragnet.alert-policy/1', rules: [{ kind: 'theft', severity: 'high' }] }),
    )
    let run = await runCli(['watch', '--rpc', anvil.rpcUrl, '--db', db, '--seed', SEED, '--policy', policy, '--json'])
    assert.equal(run.code, 3, run.stderr)
    assert.equal(errorOf(run).code, 'WATCH_INVALID_POLICY')
    assert.match(errorOf(run).message, /rules\[0\]: unknown kind theft/)

    const state = join(dir, 'server')
    run = await runCli([
      'watch',
      '--rpc',
      anvil.rpcUrl,
      '--db',
      db,
      '--server-db',
      state,
      '--incident',
      'inc-nope',
      '--json',
    ])
    assert.equal(run.code, 3, run.stderr)
    assert.equal(errorOf(run).code, 'WATCH_UNKNOWN_INCIDENT')
    assert.deepEqual(errorOf(run).details, { incidents: ['inc-nope'] })

    run = await runCli(['watch', '--rpc', anvil.rpcUrl, '--db', db, '--json'])
    assert.equal(run.code, 2, run.stderr)
    assert.equal(errorOf(run).code, 'INVALID_ARGUMENT')

    run = await runCli(['watch', '--rpc', anvil.rpcUrl, '--db', db, '--seed', '0x1234', '--json'])
    assert.equal(run.code, 3, run.stderr)
    assert.equal(errorOf(run).code, 'INVALID_ADDRESS')
  })
})
