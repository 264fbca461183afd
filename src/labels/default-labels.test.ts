import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { ensureDefaultLabels } from './default-labels.ts'
import { DuckDbLabelStore } from './duckdb-label-store.ts'
import { PACK_FORMAT } from './label-pack.ts'
import type { Label } from './label-types.ts'

const dir = mkdtempSync(join(tmpdir(), 'dragnet-default-labels-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const LAZARUS = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96'
const label = (source: string, address: string, category: Label['category'], name: string): Label => ({
  chain: 'ethereum',
  address,
  category,
  name,
  source,
  sourceDate: null,
  confidence: 100,
  programmes: [],
  asset: null,
  notes: null,
})

async function withStore(fn: (labels: DuckDbLabelStore) => Promise<void>): Promise<void> {
  const store = await openDuckDbStore(':memory:')
  try {
    await fn(new DuckDbLabelStore(store.connection))
  } finally {
    await store.close()
  }
}

test('the shipped pack loads into a store that holds another source (the demo world), by source', async () => {
  await withStore(async (labels) => {
    const world = { source: 'demo-world', format: 'demo', sourceDate: '2025-02-19', origin: 'demo world manifest' }
    await labels.replaceSource(world, [label('demo-world', `0x${'1'.repeat(40)}`, 'exchange', 'Harbor')], '2025-02-19')
    const load = await ensureDefaultLabels(labels)
    assert.deepEqual(load.loaded, ['ofac-sdn', 'etherscan', 'fbi-psa250226'])
    assert.deepEqual(load.kept, [])
    assert.deepEqual(
      load.sources.map((s) => [s.source, s.sourceDate]),
      [
        ['demo-world', '2025-02-19'],
        ['etherscan', '2023-10-01'],
        ['fbi-psa250226', '2025-02-26'],
        ['ofac-sdn', '2025-11-19'],
      ],
    )
    const hits = await labels.labelsOf('ethereum', LAZARUS)
    assert.deepEqual(
      hits.map((l) => [l.source, l.category, l.name]),
      [
        ['ofac-sdn', 'dprk-attributed', 'Lazarus Group'],
        ['ofac-sdn', 'sanctioned', 'Lazarus Group'],
      ],
    )
    // A second run finds every pack source held and changes nothing.
    const again = await ensureDefaultLabels(labels)
    assert.deepEqual([again.loaded, again.refreshed, again.kept], [[], [], ['ofac-sdn', 'etherscan', 'fbi-psa250226']])
  })
})

test("a source the user imported is never overwritten by the pack's, even with every label delisted", async () => {
  await withStore(async (labels) => {
    const mine = { source: 'ofac-sdn', format: 'ofac-sdn', sourceDate: '2026-01-01', origin: 'my-sdn.xml' }
    await labels.replaceSource(mine, [], '2026-01-01')
    const load = await ensureDefaultLabels(labels)
    assert.deepEqual(load.loaded, ['etherscan', 'fbi-psa250226'])
    assert.deepEqual(load.kept, ['ofac-sdn'])
    assert.deepEqual(await labels.labelsOf('ethereum', LAZARUS), [])
    const sdn = load.sources.find((s) => s.source === 'ofac-sdn')
    assert.deepEqual(
      [sdn?.format, sdn?.sourceDate, sdn?.origin, sdn?.active],
      ['ofac-sdn', '2026-01-01', 'my-sdn.xml', 0],
    )
  })
})

test('a source loaded from an older pack is replaced by the shipped one; a missing pack file loads nothing', async () => {
  const old = join(dir, 'old-pack.json.gz')
  const pack = {
    format: PACK_FORMAT,
    built: '2024-01-01',
    sources: [{ source: 'ofac-sdn', format: 'ofac-sdn', sourceDate: '2024-01-01', origin: 'old.xml', licence: 'x' }],
    labels: [label('ofac-sdn', `0x${'2'.repeat(40)}`, 'sanctioned', 'Old Entry')],
  }
  writeFileSync(old, gzipSync(JSON.stringify(pack)))
  await withStore(async (labels) => {
    assert.deepEqual((await ensureDefaultLabels(labels, old)).loaded, ['ofac-sdn'])
    const load = await ensureDefaultLabels(labels)
    assert.deepEqual([load.loaded, load.refreshed], [['etherscan', 'fbi-psa250226'], ['ofac-sdn']])
    assert.equal(load.sources.find((s) => s.source === 'ofac-sdn')?.sourceDate, '2025-11-19')
    // The old pack's entry is delisted with the new list's date, kept as history.
    const [gone] = await labels.labelsOf('ethereum', `0x${'2'.repeat(40)}`, { includeRemoved: true })
    assert.equal(gone?.removedOn, '2025-11-19')
    const none = await ensureDefaultLabels(labels, join(dir, 'missing.json.gz'))
    assert.deepEqual([none.loaded, none.refreshed, none.kept], [[], [], []])
  })
})
