import assert from 'node:assert/strict'
import { test } from 'node:test'
import { allCommands, commandPath } from './command-tree.ts'
import { buildProgram, runInProcess } from './main.ts'

const commands = allCommands(buildProgram()).filter((c) => c.name() !== 'help')

test('the command table has the documented commands and subcommands', () => {
  const paths = commands.map(commandPath)
  for (const p of ['dragnet trace', 'dragnet import etl', 'dragnet export', 'dragnet screen', 'dragnet serve']) {
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

test('a bigint default is shown as its number in help (trace --min)', async () => {
  const r = await runInProcess(['trace', '--help'])
  assert.match(r.out, /--min <amount>[\s\S]*?\(default: 0\)/)
})
