import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { SAMPLE } from './etl-helpers.ts'

const BIN = join(import.meta.dirname, '../bin/dragnet.js')
const dir = mkdtempSync(join(tmpdir(), 'dragnet-pipes-'))
const db = join(dir, 'store.duckdb')
after(() => rmSync(dir, { recursive: true, force: true }))

interface Ended {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
  got: string
}

/**
 * Runs the real CLI in a child process whose stdout reader reads at most `keep` bytes and then closes the
 * pipe (as `| head -c N` does): the CLI's later writes meet a closed pipe.
 */
function runClosingEarly(args: string[], keep: number): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DRAGNET_DB: db },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let got = ''
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (t: string) => {
      stderr += t
    })
    if (keep === 0) child.stdout.destroy()
    else
      child.stdout.setEncoding('utf8').on('data', (t: string) => {
        got += t
        if (got.length >= keep) child.stdout.destroy()
      })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stderr, got }))
  })
}

/** Runs the real CLI in a child process and reads all it prints. */
function run(args: string[]): Promise<Ended> {
  return runClosingEarly(args, Number.POSITIVE_INFINITY)
}

// The 2017 sample's first transfer is sent by this address (block 3300000's first valued transaction).
let seed = ''

before(async () => {
  const imported = await run(['import', 'etl', SAMPLE])
  assert.equal(imported.code, 0, imported.stderr)
  const first = await run(['export', 'transfers', '--to-block', '3300010'])
  seed = first.got.split('\n')[1]?.split(',')[6] ?? ''
  assert.match(seed, /^0x[0-9a-f]{40}$/)
})

for (const [name, args] of [
  ['export transfers', ['export', 'transfers']],
  ['export transactions as JSON lines', ['export', 'transactions', '--format', 'jsonl']],
  ['trace --format csv', () => ['trace', '--seed', seed, '--format', 'csv', '--hops', '3']],
  ['screen', () => ['screen', seed, '0x098B716B8Aaf21512996dC57EB0615e2383E2f96', '--hops', '0']],
  ['--help', ['trace', '--help']],
] as const) {
  for (const keep of name.startsWith('export') ? [0, 1] : [0]) {
    test(`${name} into a reader that closes after ${keep} byte(s) ends quietly with status 0`, async () => {
      const argv = typeof args === 'function' ? args() : [...args]
      const r = await runClosingEarly(argv, keep)
      assert.equal(r.stderr, '', 'nothing on stderr: no EPIPE stack, no error line')
      assert.equal(r.signal, null)
      assert.equal(r.code, 0)
    })
  }
}

test('a reader that reads everything still gets the whole export (the guard changes nothing else)', async () => {
  const r = await run(['export', 'transfers'])
  assert.equal(r.code, 0, r.stderr)
  // 17,945 transfers (docs/etl.md: the sample's transactions with a value and a recipient) and the header.
  assert.equal(r.got.trimEnd().split('\n').length, 17_946)
})
