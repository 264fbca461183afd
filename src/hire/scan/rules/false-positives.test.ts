import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isScannedPath } from '../read-target.ts'
import { scanFile } from '../scan-files.ts'
import { createScanContext } from '../scan-repo.ts'
import type { Finding } from '../scan-types.ts'
import { isLocalIpv4, parseIpv4 } from './ip-address.ts'

const ctx = createScanContext()
const scan = (path: string, text: string): Array<[string, string, number]> => {
  const out: Finding[] = []
  scanFile({ path, bytes: Buffer.from(text) }, ctx, out)
  return out.map((f) => [f.rule, f.severity, f.line])
}

describe('scanner on ordinary code', () => {
  it('leaves hashes, data URIs and long identifiers alone', () => {
    const text = [
      `const integrity = '${'ab'.repeat(32)}'`,
      "const icon = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='",
      "const key = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop'",
    ].join('\n')
    assert.deepEqual(scan('src/a.js', text), [])
  })

  it('reports a polyfill Function() without a fetch as low only', () => {
    assert.deepEqual(scan('lib/global.js', "var g = Function('return this')()\n"), [['SCAN-REMOTE-EVAL', 'low', 1]])
  })

  it('does not treat a regex .exec() next to child_process as a process launch', () => {
    const text = "const cp = require('child_process')\nconst m = /v(\\d+)/.exec(process.version)\nfetch('/api')\n"
    assert.deepEqual(scan('a.js', text), [])
  })

  it('ignores loopback, private and ordinary ports', () => {
    const text =
      "const a = 'http://127.0.0.1:1245/'\nconst b = 'http://10.0.0.5/x'\nconst c = 'https://api.example.com:8443/'\nconst d = 'http://localhost:7777'\n"
    assert.deepEqual(scan('a.js', text), [])
  })

  it('flags an unusual port on a named host as medium', () => {
    assert.deepEqual(scan('a.js', "const u = 'https://example.invalid:7777/x'\n"), [['SCAN-UNUSUAL-PORT', 'medium', 1]])
  })

  it('does not read markdown or images', () => {
    assert.deepEqual(['README.md', 'logo.png', 'src/a.ts', '.vscode/tasks.json'].map(isScannedPath), [
      false,
      false,
      true,
      true,
    ])
  })

  it('counts exec() on a child_process binding next to a fetch', () => {
    const text =
      "const cp = require('node:child_process')\nfetch('https://example.invalid/x').then(() => cp.exec('true'))\n"
    assert.deepEqual(scan('a.js', text), [['SCAN-REMOTE-EVAL', 'medium', 2]])
  })
})

describe('ip addresses', () => {
  it('classifies local and documentation ranges', () => {
    assert.equal(isLocalIpv4(parseIpv4('127.0.0.1')!), true)
    assert.equal(isLocalIpv4(parseIpv4('172.20.1.1')!), true)
    assert.equal(isLocalIpv4(parseIpv4('192.0.2.10')!), false)
    assert.equal(parseIpv4('256.1.1.1'), undefined)
  })
})
