import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { DragnetError } from '../../core/errors.ts'
import { findMalicious, importOsv, loadCampaignPackages } from './malicious-packages.ts'
import { scanRepo } from './scan-repo.ts'

const osv = (id: string, name: string, versions?: string[]) => ({
  id,
  schema_version: '1.5.0',
  summary: `Malicious code in ${name} (npm)`,
  affected: [{ package: { ecosystem: 'npm', name }, ...(versions ? { versions } : {}) }],
})

describe('malicious packages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-osv-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('ships the campaign list with a source for every package', () => {
    const list = loadCampaignPackages()
    assert.equal(list.size, 5)
    assert.match(list.get('npm:is-buffer-validator')!.source, /^Socket, .*2025-03-10.*MAL-2025-2317$/)
  })

  it('imports OSV MAL- records from a folder tree and ignores other advisories', () => {
    const tree = join(dir, 'osv/malicious/npm/inert-example')
    mkdirSync(tree, { recursive: true })
    writeFileSync(join(tree, 'MAL-2099-1.json'), JSON.stringify(osv('MAL-2099-1', 'inert-example-pkg', ['1.0.1'])))
    writeFileSync(join(tree, 'GHSA-xxxx.json'), JSON.stringify({ ...osv('GHSA-xxxx', 'left-pad'), id: 'GHSA-xxxx' }))
    const into = new Map()
    assert.equal(importOsv(join(dir, 'osv'), into), 1)
    assert.equal(findMalicious(into, 'npm', 'inert-example-pkg', '^1.0.1')?.source, 'OSV MAL-2099-1')
    assert.equal(findMalicious(into, 'npm', 'inert-example-pkg', '2.0.0'), undefined)
    assert.equal(findMalicious(into, 'npm', 'left-pad'), undefined)
  })

  it('uses imported records when scanning', () => {
    const repo = join(dir, 'repo')
    mkdirSync(repo)
    writeFileSync(join(repo, 'package.json'), '{\n  "dependencies": {\n    "inert-example-pkg": "1.0.1"\n  }\n}\n')
    const packages = loadCampaignPackages()
    importOsv(join(dir, 'osv'), packages)
    const r = scanRepo(repo, { maliciousPackages: packages })
    assert.deepEqual(
      r.findings.map((f) => [f.rule, f.file, f.line, f.message]),
      [
        [
          'SCAN-MALICIOUS-DEPENDENCY',
          'package.json',
          3,
          'depends on inert-example-pkg, listed as malicious by OSV MAL-2099-1',
        ],
      ],
    )
  })

  it('rejects a file that is not JSON', () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{ not json')
    assert.throws(
      () => importOsv(bad, new Map()),
      (e: unknown) => e instanceof DragnetError && e.code === 'HIRE_INVALID_DATA',
    )
  })
})
