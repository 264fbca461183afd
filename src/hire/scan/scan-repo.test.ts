import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { DragnetError } from '../../core/errors.ts'
import { scanRepo } from './scan-repo.ts'

const fixture = (p: string): string => fileURLToPath(new URL(`../fixtures/repos/${p}`, import.meta.url))

describe('scanRepo on clean repositories', () => {
  it('finds nothing in a small Express API', () => {
    const r = scanRepo(fixture('express-api'))
    assert.equal(r.filesScanned, 3)
    assert.deepEqual(r.counts, { low: 0, medium: 0, high: 0 })
    assert.equal(r.highest, 'none')
  })

  it('finds no high finding in a React app with a build config; its husky prepare hook is medium', () => {
    const r = scanRepo(fixture('react-app'))
    assert.equal(r.counts.high, 0)
    assert.deepEqual(
      r.findings.map((f) => [f.rule, f.severity, f.file, f.line]),
      [['SCAN-LIFECYCLE-SCRIPT', 'medium', 'package.json', 11]],
    )
  })
})

describe('scanRepo on inert technique samples', () => {
  const r = scanRepo(fixture('techniques'))
  const at = (rule: string, file: string) =>
    r.findings.filter((f) => f.rule === rule && f.file === file).map((f) => [f.line, f.severity])

  it('flags install-time lifecycle scripts, high when the script downloads', () => {
    assert.deepEqual(at('SCAN-LIFECYCLE-SCRIPT', 'lifecycle/package.json'), [
      [5, 'high'],
      [6, 'medium'],
    ])
  })
  it('flags a dependency on a published campaign package', () => {
    assert.deepEqual(at('SCAN-MALICIOUS-DEPENDENCY', 'malicious-dep/package.json'), [[6, 'high']])
  })
  it('flags eval of fetched content', () => {
    assert.deepEqual(at('SCAN-REMOTE-EVAL', 'remote-eval/loader.js'), [[5, 'high']])
  })
  it('flags obfuscator.io-style code with a rotated string array', () => {
    assert.deepEqual(at('SCAN-OBFUSCATED', 'obfuscated/bundle.js'), [[3, 'high']])
  })
  it('flags code hidden after a long run of whitespace', () => {
    assert.deepEqual(at('SCAN-HIDDEN-WHITESPACE', 'hidden/config.js'), [[2, 'high']])
    const f = r.findings.find((x) => x.rule === 'SCAN-HIDDEN-WHITESPACE')!
    assert.equal(f.excerpt, "const ok = true; [220 blanks] require('./placeholder-hidden')")
  })
  it('flags base64, hex and XOR-encoded URLs', () => {
    assert.deepEqual(at('SCAN-ENCODED-URL', 'encoded/strings.js'), [
      [2, 'high'],
      [3, 'high'],
      [4, 'high'],
    ])
    const messages = r.findings.filter((f) => f.rule === 'SCAN-ENCODED-URL').map((f) => f.message)
    assert.deepEqual(messages, [
      'base64 string decodes to http://192.0.2.10:1224/placeholder',
      'hex string decodes to http://198.51.100.7/placeholder',
      'hex string decodes to https://example.invalid/placeholder (XOR key 0x5a)',
    ])
  })
  it('flags a VS Code task that runs on folder open', () => {
    assert.deepEqual(at('SCAN-VSCODE-AUTORUN', '.vscode/tasks.json'), [[8, 'high']])
  })
  it('flags wallet extension ids and credential stores', () => {
    assert.deepEqual(at('SCAN-WALLET-STORAGE', 'wallet/paths.js'), [[3, 'high']])
    assert.deepEqual(at('SCAN-CREDENTIAL-STORE', 'wallet/paths.js'), [[5, 'high']])
  })
  it('flags raw-IP beacons and campaign ports', () => {
    assert.deepEqual(at('SCAN-RAW-IP-BEACON', 'beacon/ping.js'), [[2, 'high']])
    assert.deepEqual(at('SCAN-UNUSUAL-PORT', 'beacon/ping.js'), [[3, 'high']])
  })
  it('reports nothing else', () => {
    assert.deepEqual(r.counts, { low: 0, medium: 1, high: 13 })
  })
})

describe('scanRepo errors', () => {
  it('fails with FILE_NOT_FOUND on a missing folder', () => {
    assert.throws(
      () => scanRepo(fixture('no-such-folder')),
      (e: unknown) => e instanceof DragnetError && e.code === 'FILE_NOT_FOUND',
    )
  })
})
