// Runs every bench/**/*.bench.ts (or those whose path contains an argument) in its own process,
// so one benchmark's heap and JIT state do not colour the next. Each prints JSON lines.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const filters = process.argv.slice(2)
const files: string[] = []
const walk = (dir: string): void => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p)
    else if (name.endsWith('.bench.ts')) files.push(p)
  }
}
walk('bench')
let failed = 0
for (const file of files) {
  if (filters.length > 0 && !filters.some((f) => file.includes(f))) continue
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file], { stdio: 'inherit' })
  if (r.status !== 0) {
    failed++
    process.stdout.write(`${JSON.stringify({ bench: file, error: `exited with ${r.status}` })}\n`)
  }
}
process.exit(failed > 0 ? 1 : 0)
