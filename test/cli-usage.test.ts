import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { ETL } from './etl-helpers.ts'
import { errorOf, runCli } from './support/run-cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'dragnet-usage-'))
after(() => rmSync(dir, { recursive: true, force: true }))

for (const [what, argv, message, command] of [
  ['an unknown option', ['trace', '--bogus'], "unknown option '--bogus'", 'dragnet trace'],
  ['a missing argument', ['export'], "missing required argument 'table'", 'dragnet export'],
  [
    'too many arguments',
    ['export', 'transfers', 'blocks'],
    "too many arguments for 'export'. Expected 1 argument but got 2.",
    'dragnet export',
  ],
  [
    'a missing required option',
    ['ingest', 'evm', '--from', '1', '--to', '2'],
    "required option '--rpc <url>' not specified",
    'dragnet ingest evm',
  ],
  ['an option without its value', ['screen', '--hops'], "option '--hops <n>' argument missing", 'dragnet screen'],
  ['an unknown command', ['nosuch'], "unknown command 'nosuch'", 'dragnet'],
  ['an unknown subcommand', ['import', 'nosuch'], "unknown command 'nosuch'", 'dragnet import'],
] as const) {
  test(`${what} is one USAGE line and a pointer to --help, exit 2`, async () => {
    const r = await runCli([...argv])
    assert.equal(r.code, 2)
    assert.equal(r.stdout, '')
    assert.equal(r.stderr, `dragnet: error USAGE: ${message}\ndragnet: see '${command} --help'\n`)
  })
  test(`${what} under --json is one JSON error object on stderr, exit 2`, async () => {
    // --json last would be the value --hops waits for.
    const r = await runCli(argv.at(-1) === '--hops' ? ['screen', '--json', '--hops'] : [...argv, '--json'])
    assert.equal(r.code, 2)
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
    const e = errorOf(r)
    assert.equal(e.code, 'USAGE')
    assert.equal(e.details.command, command)
    assert.equal(e.details.help, `${command} --help`)
  })
}

test('help asked for is on stdout with exit 0; a bare group shows its help on stderr with exit 2', async () => {
  const asked = await runCli(['import', '--help'])
  assert.equal(asked.code, 0)
  assert.match(asked.stdout, /^Usage: dragnet import /)
  const bare = await runCli(['import'])
  assert.equal(bare.code, 2)
  assert.match(bare.stderr, /^Usage: dragnet import /)
})

test('a bad option value says what is allowed: --hops -1 for trace (1 to 1000) and screen (0 to 10)', async () => {
  const trace = await runCli(['trace', '--seed', '0x098b716b8aaf21512996dc57eb0615e2383e2f96', '--hops', '-1'])
  assert.equal(trace.code, 2)
  assert.equal(trace.stderr, 'dragnet: error INVALID_ARGUMENT: --hops must be from 1 to 1000, got -1\n')
  const screen = await runCli(['screen', '0x098b716b8aaf21512996dc57eb0615e2383e2f96', '--hops', 'x', '--json'])
  assert.equal(screen.code, 2)
  assert.deepEqual(errorOf(screen), {
    code: 'INVALID_ARGUMENT',
    message: '--hops must be a whole number from 0 to 10, got x',
    details: { option: '--hops', value: 'x', min: 0, max: 10 },
  })
  const model = await runCli(['trace', '--seed', '0x098b716b8aaf21512996dc57eb0615e2383e2f96', '--model', 'fof'])
  assert.equal(model.stderr, 'dragnet: error INVALID_ARGUMENT: --model must be one of poison, haircut, fifo, got fof\n')
})

test('an address with non-hex characters is told so, not that its chain is unknown', async () => {
  const r = await runCli(['screen', '0xZZZB716B8Aaf21512996dC57EB0615e2383E2f96', '--json'])
  assert.equal(r.code, 3)
  const e = errorOf(r)
  assert.equal(e.code, 'INVALID_ADDRESS')
  assert.equal(e.details.reason, 'bad-characters')
  assert.equal(
    e.message,
    "0xZZZB716B8Aaf21512996dC57EB0615e2383E2f96 has a non-hex character 'Z' at position 3 " +
      '(an address is 0x and 40 hex digits, 0-9 a-f)',
  )
})

test('a port in use is SERVER_PORT_IN_USE (exit 7) with the port and a way out, not INTERNAL', async (t) => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())))
  const port = (blocker.address() as { port: number }).port
  const r = await runCli([
    'serve',
    '--port',
    String(port),
    '--db',
    join(dir, 'server'),
    '--chain-db',
    join(dir, 'absent.duckdb'),
    '--log-level',
    'error',
    '--json',
  ])
  assert.equal(r.code, 7)
  const e = errorOf(r)
  assert.equal(e.code, 'SERVER_PORT_IN_USE')
  assert.deepEqual(e.details, { host: '127.0.0.1', port, errno: 'EADDRINUSE' })
  assert.match(e.message, new RegExp(`^port ${port} on 127\\.0\\.0\\.1 is already in use .* --port`))
})

test('files the user names wrong get file codes: an export into a missing folder is FILE_NOT_FOUND (exit 3)', async () => {
  const db = join(dir, 'export.duckdb')
  const missing = await runCli(['export', 'blocks', '--db', db])
  assert.equal(missing.code, 3)
  assert.equal(
    missing.stderr,
    `dragnet: error FILE_NOT_FOUND: no store at ${db}: ingest or import first, or pass --db\n`,
  )
  assert.equal(
    (
      await runCli([
        'import',
        'etl',
        join(ETL, 'test_export_blocks_job/blocks_with_transactions/expected_blocks.csv'),
        '--db',
        db,
      ])
    ).code,
    0,
  )
  const r = await runCli(['export', 'blocks', '--db', db, '--out', join(dir, 'no', 'such', 'dir', 'b.csv')])
  assert.equal(r.code, 3)
  assert.match(r.stderr, /^dragnet: error FILE_NOT_FOUND: .*b\.csv: no such file or directory\n$/)
  const isDir = await runCli(['export', 'blocks', '--db', db, '--out', dir])
  assert.equal(isDir.code, 3)
  assert.match(isDir.stderr, /^dragnet: error FILE_UNUSABLE: .*: is a directory, a file was expected\n$/)
})
