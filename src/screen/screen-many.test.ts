import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DragnetError } from '../core/errors.ts'
import { LabelIndex } from '../labels/label-index.ts'
import type { Label, LabelCategory } from '../labels/label-types.ts'
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import type { Row } from '../store/store.ts'
import { loadPolicy } from './policy.ts'
import { Screener, type ScreenResult } from './screener.ts'

const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
const TOKEN = a(0xbeef)
const ADDRESSES = 40

// A seeded random graph: 300 transfers among 40 addresses, in the coin and one token, with cycles.
function randomRows(): Row[] {
  let x = 88172645
  const next = (n: number) => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) % n
  }
  return Array.from({ length: 300 }, (_, k) => {
    const from = 1 + next(ADDRESSES)
    const to = 1 + ((from + next(ADDRESSES - 1)) % ADDRESSES)
    const token = next(3) === 0
    return {
      block_number: BigInt(k),
      block_time: BigInt(1000 + k),
      tx_hash: `0x${(k + 1).toString(16).padStart(64, '0')}`,
      tx_index: 0n,
      position: token ? 'log:0' : 'call:',
      kind: token ? 'erc20' : 'native',
      from_address: a(from),
      to_address: a(to === 0 ? ADDRESSES : to),
      asset: token ? TOKEN : 'native',
      amount: String(1 + next(1_000_000) * (k % 7 === 0 ? 1_000_000_000_000 : 1)),
    }
  })
}

const label = (n: number, category: LabelCategory): Label => ({
  chain: 'ethereum',
  address: a(n),
  category,
  name: `${category} ${n}`,
  source: 'test',
  sourceDate: null,
  confidence: 100,
  programmes: [],
  asset: null,
  notes: null,
})
const LABELS = [
  label(3, 'sanctioned'),
  label(7, 'mixer'),
  label(11, 'exchange'),
  label(19, 'stolen-funds'),
  label(29, 'scam'),
  label(31, 'sanctioned'),
]

test('screenMany in batches gives exactly what screening each address alone gives, truncation included', async () => {
  const store = await openDuckDbStore(':memory:')
  try {
    await store.writeBatch({
      chain: 'ethereum',
      fromBlock: 0n,
      toBlock: 299n,
      tables: { transfers: randomRows() },
      replace: [],
    })
    const index = LabelIndex.fromLabels(LABELS)
    // Every address, one with no transfers, one invalid, and a repeat.
    const items = [...Array.from({ length: ADDRESSES }, (_, i) => a(i + 1)), a(0xdead), '0x12', a(5)].map(
      (address) => ({ address }),
    )
    for (const maxEdges of [1_000_000, 40]) {
      const o = { hops: 3, maxEdges }
      // With the small budget, batches also shrink and grow as the edges they read cross batchEdges.
      const sizing = { batchSize: 6, batchEdges: maxEdges === 40 ? 60 : 2_000_000 }
      const batched = await new Screener(index, loadPolicy(), store, { ...o, ...sizing }).screenMany(items)
      const alone = new Screener(index, loadPolicy(), store, o)
      assert.equal(batched.length, items.length)
      for (const [i, item] of items.entries()) {
        const b = batched[i]
        if (item.address === '0x12') {
          assert.ok(b instanceof DragnetError)
          assert.equal(b.code, 'INVALID_ADDRESS')
          continue
        }
        assert.deepEqual(b, await alone.screen(item.address), item.address)
      }
      const results = batched.filter((r): r is ScreenResult => !(r instanceof DragnetError))
      const truncated = results.filter((r) => r.exposure.some((x) => x.truncated)).length
      const exposed = results.filter((r) => r.exposure.some((x) => x.contributions.length > 0)).length
      // The comparison means something only if the walks found labelled addresses and, with the small budget, stopped.
      assert.ok(exposed >= 30, `${exposed} exposed`)
      if (maxEdges === 40) assert.ok(truncated > 0 && truncated < results.length, `${truncated} truncated`)
      else assert.equal(truncated, 0)
    }
  } finally {
    await store.close()
  }
})
