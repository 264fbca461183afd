// The coding-test scanner over a generated tree of 50,000 source files, against plain reading of the same
// files (the same walk, readFileSync of each) in the same run. The tree is written to a temp dir and deleted.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { walkFolder } from '../src/hire/scan/read-target.ts'
import { scanRepo } from '../src/hire/scan/scan-repo.ts'
import { report, timeBest } from './report.ts'

const FILES = 50_000
const PER_DIR = 100

/** A deterministic pseudo-random generator, so every run scans the same tree. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 0x100000000
  }
}

const WORDS = [
  'user',
  'order',
  'item',
  'price',
  'total',
  'cart',
  'token',
  'session',
  'render',
  'state',
  'value',
  'index',
]

/** An ordinary module: imports, a class or functions, string literals, comments, some long lines. */
function sourceFile(r: () => number, n: number): string {
  const w = () => WORDS[Math.floor(r() * WORDS.length)]!
  const lines = [
    `// ${w()} module ${n}: generated for the scanner benchmark`,
    `import { ${w()}Helper } from './${w()}-${n % 97}.js'`,
    '',
  ]
  const fns = 8 + Math.floor(r() * 20)
  for (let i = 0; i < fns; i++) {
    lines.push(`/** Computes the ${w()} ${w()} for a given ${w()}. */`)
    lines.push(`export function ${w()}${i}(${w()}, options = {}) {`)
    lines.push(
      `  const ${w()}List = [${Array.from({ length: 6 }, () => `'${w()}-${Math.floor(r() * 1e6)}'`).join(', ')}]`,
    )
    lines.push(`  if (!${w()}List.length) throw new Error('no ${w()} for ' + options.${w()})`)
    lines.push(`  const url = \`/api/${w()}/\${encodeURIComponent(${w()}List[0])}?limit=\${options.limit ?? 50}\``)
    lines.push(`  return ${w()}List.map((x, k) => ({ id: k, name: x, total: k * ${Math.floor(r() * 100)} }))`)
    lines.push('}')
    lines.push('')
  }
  return `${lines.join('\n')}\n`
}

const root = mkdtempSync(join(tmpdir(), 'dragnet-hire-scan-bench-'))
try {
  const r = rng(42)
  for (let d = 0; d < FILES / PER_DIR; d++) {
    const dir = join(root, `packages/p${d}/src`)
    mkdirSync(dir, { recursive: true })
    for (let f = 0; f < PER_DIR; f++) {
      const ext = f % 10 === 0 ? 'ts' : f % 10 === 1 ? 'jsx' : 'js'
      writeFileSync(join(dir, `m${f}.${ext}`), sourceFile(r, d * PER_DIR + f))
    }
  }

  let bytes = 0
  let files = 0
  const readOnly = () => {
    bytes = 0
    files = 0
    walkFolder(root, (abs) => {
      bytes += readFileSync(abs).length
      files++
    })
  }
  let findings = 0
  const scan = () => {
    findings = scanRepo(root).findings.length
  }
  readOnly()
  const readSeconds = await timeBest(readOnly, 3)
  const scanSeconds = await timeBest(scan, 3)
  const mb = bytes / 1e6
  report({
    bench: 'hire-scan',
    metric: 'scan throughput',
    value: Math.round((mb / scanSeconds) * 10) / 10,
    unit: 'MB/s',
    baseline: { name: 'plain read of the same files', value: Math.round((mb / readSeconds) * 10) / 10, unit: 'MB/s' },
    ratio: Math.round((readSeconds / scanSeconds) * 1000) / 1000,
    aim: '>= 50 MB/s',
    files,
    megabytes: Math.round(mb * 10) / 10,
    scanSeconds: Math.round(scanSeconds * 1000) / 1000,
    readSeconds: Math.round(readSeconds * 1000) / 1000,
    findings,
  })
} finally {
  rmSync(root, { recursive: true, force: true })
}
