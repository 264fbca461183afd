import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { gzipSync } from 'node:zlib'
import { DragnetError } from '../../core/errors.ts'
import { scanRepo } from './scan-repo.ts'
import { readTar, readTarball } from './tar-reader.ts'

/** A minimal ustar writer for tests: enough to build npm-pack-shaped archives. */
function tarOf(entries: Array<[string, string]>): Buffer {
  const blocks: Buffer[] = []
  for (const [name, body] of entries) {
    const data = Buffer.from(body)
    const h = Buffer.alloc(512)
    h.write(name, 0, 100, 'utf8')
    h.write('0000644\0', 100)
    h.write('0000000\0', 108)
    h.write('0000000\0', 116)
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124)
    h.write('00000000000\0', 136)
    h.write('        ', 148)
    h.write('0', 156)
    h.write('ustar\0', 257)
    h.write('00', 263)
    let sum = 0
    for (const b of h) sum += b
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

const isCode = (code: string) => (e: unknown) => e instanceof DragnetError && e.code === code

describe('tar reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-tar-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('reads the files of an archive in order', () => {
    const files = readTar(
      tarOf([
        ['package/a.js', 'one'],
        ['package/b.json', '{}'],
      ]),
    )
    assert.deepEqual(
      files.map((f) => [f.path, f.bytes.toString()]),
      [
        ['package/a.js', 'one'],
        ['package/b.json', '{}'],
      ],
    )
  })

  it('scans a .tgz package without unpacking it to disk', () => {
    const pkg = JSON.stringify({ name: 'x', scripts: { postinstall: 'node -e "0"' } }, null, 2)
    const path = join(dir, 'x.tgz')
    writeFileSync(
      path,
      gzipSync(
        tarOf([
          ['package/package.json', pkg],
          ['package/logo.png', 'not scanned'],
        ]),
      ),
    )
    const r = scanRepo(path)
    assert.equal(r.kind, 'archive')
    assert.equal(r.filesScanned, 1)
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.line, f.rule, f.severity]),
      [['package/package.json', 4, 'SCAN-LIFECYCLE-SCRIPT', 'high']],
    )
  })

  it('rejects a corrupt gzip stream', () => {
    const bad = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.from('not really gzip at all')])
    assert.throws(() => readTarball(bad), isCode('HIRE_INVALID_ARCHIVE'))
  })

  it('rejects a header whose checksum is wrong', () => {
    const tar = tarOf([['a.js', 'x']])
    tar[0] = 'b'.charCodeAt(0)
    assert.throws(() => readTar(tar), isCode('HIRE_INVALID_ARCHIVE'))
  })

  it('rejects a truncated archive', () => {
    const tar = tarOf([['a.js', 'x'.repeat(2000)]])
    assert.throws(() => readTar(tar.subarray(0, 1024)), isCode('HIRE_INVALID_ARCHIVE'))
  })

  it('rejects bytes that are not a tar file', () => {
    assert.throws(
      () => readTarball(Buffer.from('hello, this is plain text and not an archive')),
      isCode('HIRE_INVALID_ARCHIVE'),
    )
  })
})
