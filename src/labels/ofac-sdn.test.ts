import assert from 'node:assert/strict'
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { PassThrough } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { after, test } from 'node:test'
import { createGzip } from 'node:zlib'
import bz2 from 'unbzip2-stream'
import { DragnetError } from '../core/errors.ts'
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { DuckDbLabelStore } from './duckdb-label-store.ts'
import { importLabelFile } from './import-labels.ts'
import { readSdn } from './ofac-sdn.ts'
import { diffSdnFiles } from './sdn-diff.ts'

const SDN = new URL('../../../shared/data/ofac/sdn_advanced-2025-11-19.xml.bz2', import.meta.url).pathname
const LAZARUS_ETH = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96'
const FAKE = '0x00000000000000000000000000000000000dead1'
const dir = mkdtempSync(join(tmpdir(), 'dragnet-sdn-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/**
 * A trimmed older copy of the real list, written as gzip: without Lazarus's feature 50215 (so the real list
 * adds it) and with one made-up ETH address for Lazarus (so the real list delists it).
 */
async function writeTrimmed(path: string): Promise<void> {
  const raw = new PassThrough()
  const b = bz2()
  b.on('error', (e: Error) => raw.destroy(e))
  createReadStream(SDN).pipe(b).pipe(raw)
  const gz = createGzip()
  const done = pipeline(gz, createWriteStream(path))
  let skipping = false
  for await (const line of createInterface({ input: raw, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.includes('<Feature ID="50215" FeatureTypeID="345">')) {
      skipping = true
      gz.write(
        `<Feature ID="99999" FeatureTypeID="345"><FeatureVersion ID="99999" ReliabilityID="1"><Comment />` +
          `<VersionDetail DetailTypeID="1432">${FAKE}</VersionDetail></FeatureVersion>` +
          `<IdentityReference IdentityID="19011" IdentityFeatureLinkTypeID="1" /></Feature>\n`,
      )
    }
    if (!skipping && !gz.write(`${line}\n`)) await new Promise((r) => gz.once('drain', r))
    if (skipping && line.includes('</Feature>')) skipping = false
  }
  gz.end()
  await done
}

test('the real SDN list: 761 digital currency address entries over 745 addresses, exact per asset', async () => {
  const list = await readSdn(SDN)
  assert.equal(list.issued, '2025-11-19')
  assert.equal(list.addresses.length, 761)
  assert.equal(new Set(list.addresses.map((a) => a.address)).size, 745)
  const by: Record<string, number> = {}
  for (const a of list.addresses) by[a.asset] = (by[a.asset] ?? 0) + 1
  assert.deepEqual(by, {
    XBT: 519,
    USDT: 93,
    ETH: 77,
    TRX: 29,
    LTC: 11,
    XMR: 8,
    BCH: 7,
    ZEC: 3,
    DASH: 3,
    USDC: 2,
    ETC: 1,
    BTG: 1,
    BSV: 1,
    XVG: 1,
    XRP: 1,
    ARB: 1,
    BSC: 1,
    BNB: 1,
    SOL: 1,
  })
  const lazarus = list.addresses.filter((a) => a.entity === 'Lazarus Group' && a.asset === 'ETH')
  assert.equal(lazarus.length, 8)
  const first = lazarus.find((a) => a.address === LAZARUS_ETH)
  assert.deepEqual(first, {
    address: LAZARUS_ETH,
    asset: 'ETH',
    profileId: '27307',
    featureId: '50215',
    entity: 'Lazarus Group',
    programmes: ['DPRK3'],
  })
  const garantex = list.addresses.find((a) => a.address === 'TFwjPScaJRCbSWVAywE1S1WgaUgSnyYUbD')
  assert.equal(garantex?.entity, 'GARANTEX EUROPE OU')
  assert.deepEqual(garantex?.programmes, ['CYBER4', 'RUSSIA-EO14024'])
})

test('labels diff and re-import: the newer list adds one Lazarus address and delists one; history kept', async () => {
  const old = join(dir, 'sdn-old.xml.gz')
  await writeTrimmed(old)
  const d = await diffSdnFiles(old, SDN)
  assert.deepEqual(
    d.added.map((a) => [a.asset, a.address, a.entity]),
    [['ETH', LAZARUS_ETH, 'Lazarus Group']],
  )
  assert.deepEqual(
    d.removed.map((a) => [a.asset, a.address, a.entity, a.programmes.join()]),
    [['ETH', FAKE, 'Lazarus Group', 'DPRK3']],
  )
  assert.equal(d.old.entries, 761)
  const store = await openDuckDbStore(':memory:')
  try {
    const labels = new DuckDbLabelStore(store.connection)
    const [first] = await importLabelFile(labels, 'ofac-sdn', old, { sourceDate: '2025-11-01' })
    assert.equal(first?.added.length, 865)
    const [second] = await importLabelFile(labels, 'ofac-sdn', SDN)
    assert.equal(second?.added.length, 2)
    assert.deepEqual(second?.removed.map((l) => [l.address, l.category, l.removedOn]).sort(), [
      [FAKE, 'dprk-attributed', '2025-11-19'],
      [FAKE, 'sanctioned', '2025-11-19'],
    ])
    assert.equal(second?.kept, 863)
    const history = await labels.labelsOf('ethereum', FAKE, { includeRemoved: true })
    assert.deepEqual(
      history.map((l) => [l.category, l.addedOn, l.removedOn]),
      [
        ['dprk-attributed', '2025-11-01', '2025-11-19'],
        ['sanctioned', '2025-11-01', '2025-11-19'],
      ],
    )
    assert.deepEqual(await labels.labelsOf('ethereum', FAKE), [])
    const now = await labels.labelsOf('arbitrum', LAZARUS_ETH.toLowerCase())
    assert.deepEqual(
      now.map((l) => [l.category, l.name, l.programmes, l.addedOn]),
      [
        ['dprk-attributed', 'Lazarus Group', ['DPRK3'], '2025-11-19'],
        ['sanctioned', 'Lazarus Group', ['DPRK3'], '2025-11-19'],
      ],
    )
    assert.equal(await labels.countActive(), 865)
  } finally {
    await store.close()
  }
})

test('bad SDN input fails with stable codes and changes nothing stored', async () => {
  const store = await openDuckDbStore(':memory:')
  try {
    const labels = new DuckDbLabelStore(store.connection)
    const csv = join(dir, 'ok.csv')
    writeFileSync(csv, 'address,label,category,source\n0x00000000000000000000000000000000000000aa,X,mixer,t\n')
    await importLabelFile(labels, 'csv', csv)
    const cut = join(dir, 'cut.xml.bz2')
    writeFileSync(cut, readFileSync(SDN).subarray(0, 400_000))
    const malformed = join(dir, 'bad.xml')
    writeFileSync(malformed, '<?xml version="1.0"?><Sanctions><DateOfIssue><Year>2025</Year></Sanctions>')
    const notSdn = join(dir, 'other.xml')
    writeFileSync(notSdn, '<html></html>')
    const cases: [string, string][] = [
      [cut, 'LABELS_TRUNCATED'],
      [malformed, 'LABELS_MALFORMED'],
      [notSdn, 'LABELS_MALFORMED'],
      [join(dir, 'missing.xml'), 'FILE_NOT_FOUND'],
    ]
    for (const [path, code] of cases) {
      await assert.rejects(importLabelFile(labels, 'ofac-sdn', path), (e: unknown) => {
        assert.ok(e instanceof DragnetError)
        assert.equal(e.code, code, path)
        return true
      })
    }
    assert.equal(await labels.countActive(), 1)
    assert.deepEqual(
      (await labels.sources()).map((s) => s.source),
      ['t'],
    )
  } finally {
    await store.close()
  }
})
