import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Command } from 'commander'
import { allCommands, commandPath, shareBehaviour } from './command-tree.ts'
import { withIO } from './io.ts'
import { buildProgram, reportError, runInProcess } from './main.ts'

const commands = allCommands(buildProgram()).filter((c) => c.name() !== 'help')

test('the command table has the documented commands and subcommands', () => {
  const paths = commands.map(commandPath)
  for (const p of [
    'dragnet trace',
    'dragnet ingest btc',
    'dragnet import etl',
    'dragnet export',
    'dragnet screen',
    'dragnet serve',
  ]) {
    assert.ok(paths.includes(p), `${p} is in the table`)
  }
  assert.ok(paths.length >= 20, `every subcommand is walked (${paths.length})`)
})

for (const c of commands) {
  const path = commandPath(c)
  test(`${path} --help exits 0 and prints its usage`, async () => {
    const r = await runInProcess([...path.split(' ').slice(1), '--help'])
    assert.equal(r.err, '')
    assert.equal(r.code, 0)
    assert.ok(r.out.startsWith(`Usage: ${path} `), r.out.slice(0, 200))
    for (const o of c.options) assert.ok(r.out.includes(o.flags), `${path} --help lists ${o.flags}`)
  })
}

test('a bigint default (JSON cannot show it) is shown as its number in help, and --help exits 0', async () => {
  const program = new Command('dragnet')
  program.command('probe').option('--min <amount>', 'a bigint option', (v: string) => BigInt(v), 10n ** 30n)
  for (const c of allCommands(program)) shareBehaviour(c)
  const out: string[] = []
  const code = await withIO({ out: (t) => void out.push(t), err: () => {}, interactive: false }, async () => {
    try {
      await program.parseAsync(['probe', '--help'], { from: 'user' })
      return 0
    } catch (error) {
      return reportError(error, false)
    }
  })
  assert.equal(code, 0)
  assert.match(out.join(''), /--min <amount> +a bigint option \(default: 1000000000000000000000000000000\)/)
})
