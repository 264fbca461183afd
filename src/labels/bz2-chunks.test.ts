import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { DragnetError } from '../core/errors.ts'
import { bz2Chunks } from './bz2-chunks.ts'
import { readText } from './open-label-file.ts'

const SDN = new URL('../../../shared/data/ofac/sdn_advanced-2025-11-19.xml.bz2', import.meta.url).pathname
// Two bzip2 streams back to back (as pbzip2 and `cat a.bz2 b.bz2` make), block sizes 9 and 1; the second holds
// UTF-8 beyond Latin-1. Made with bzip2 1.0.8.
const TWO_STREAMS = Buffer.from(
  'QlpoOTFBWSZTWW/QDA0AAAZZgAAQQACAByMiHEAgACIgek09R5QpgAABT2acXtRR8Chxw18XckU4UJBv0AwNQlpoMTFBWSZTWfiUCMcAAAdZ/QAQQAAAEC4DnAAABACGACAQAAgAAyAgADFABiNNNGhEBo000AyZGWyILXQ0TCYE/a6vFBjsCt8XckU4UJD4lAjH',
  'base64',
)
const TEXT = `${'a'.repeat(65)} <x>first stream</x>\nsecond stream: été 北朝鲜\n`

const dir = mkdtempSync(join(tmpdir(), 'dragnet-bz2-'))
after(() => rmSync(dir, { recursive: true, force: true }))

async function collect(path: string, slice: number): Promise<{ bytes: Buffer; slices: number[] }> {
  const parts: Buffer[] = []
  const slices: number[] = []
  for await (const s of bz2Chunks(path, slice)) {
    slices.push(s.length)
    parts.push(Buffer.from(s)) // a slice is only valid until the next one
  }
  return { bytes: Buffer.concat(parts), slices }
}

test('bz2Chunks decodes concatenated streams of different block sizes, in slices no longer than asked', async () => {
  const path = join(dir, 'two.bz2')
  writeFileSync(path, TWO_STREAMS)
  const { bytes, slices } = await collect(path, 7)
  assert.equal(bytes.toString('utf8'), TEXT)
  assert.ok(slices.every((n) => n > 0 && n <= 7))
  assert.equal(
    slices.reduce((a, b) => a + b, 0),
    Buffer.byteLength(TEXT),
  )
  let text = ''
  for await (const s of readText(path)) text += s
  assert.equal(text, TEXT)
})

test('bz2Chunks: the real SDN list decodes to the exact bytes (120,977,559, SHA-256 known)', async () => {
  const hash = createHash('sha256')
  let n = 0
  for await (const s of bz2Chunks(SDN)) {
    hash.update(s)
    n += s.length
  }
  assert.equal(n, 120_977_559)
  assert.equal(hash.digest('hex'), '36c517bd264d8d97eff353eadd8d84427d5eb293505a8ce07271a5bc258c3117')
})

test('a corrupt or cut bz2 file fails: bzip2 error from bz2Chunks, LABELS_TRUNCATED from readText', async () => {
  const corrupt = Buffer.from(TWO_STREAMS)
  corrupt[40] = (corrupt[40] as number) ^ 0x10
  const cut = TWO_STREAMS.subarray(0, TWO_STREAMS.length - 20)
  for (const [name, bytes] of [
    ['corrupt.bz2', corrupt],
    ['cut.bz2', cut],
  ] as const) {
    const path = join(dir, name)
    writeFileSync(path, bytes)
    await assert.rejects(collect(path, 1024), Error)
    await assert.rejects(
      (async () => {
        for await (const _ of readText(path));
      })(),
      (e: unknown) => e instanceof DragnetError && e.code === 'LABELS_TRUNCATED',
    )
  }
})
