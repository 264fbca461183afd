// Node 20's test runner takes no globs: find the test files and hand them over.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test']
const files = []
const walk = (p) => {
  if (statSync(p).isFile()) {
    if (p.endsWith('.test.ts')) files.push(p)
    return
  }
  for (const name of readdirSync(p).sort()) {
    if (name === 'node_modules' || name === 'fixtures') continue
    walk(join(p, name))
  }
}
for (const root of roots) walk(root)
const concurrency = process.env.TEST_CONCURRENCY ?? '2'
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', ...files],
  { stdio: 'inherit' },
)
process.exit(result.status ?? 1)
