import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { HeistManifest } from '../devnet/world/manifest.ts'
import { traceCommand } from './heist-demo.ts'

const A = `0x${'a'.repeat(64)}`
const B = `0x${'b'.repeat(64)}`
const manifest = {
  seeds: { transactions: [A, B], addresses: [] },
  heistBlocks: { from: 22n, to: 65n },
} as unknown as HeistManifest

test('the trace command names every seed, the window, the model and the store, quoting a path with spaces', () => {
  assert.equal(
    traceCommand(manifest, 'fifo', './dragnet-data/demo.duckdb'),
    `npx dragnet trace --db ./dragnet-data/demo.duckdb --chain demo --seed ${A} --seed ${B} --from-block 22 --model fifo`,
  )
  assert.equal(
    traceCommand(manifest, 'poison', "/tmp/my dir/it's.duckdb", '0x86c53eb85d0b7548fea5c4b4f82b4205c8f6ac18'),
    `npx dragnet trace --db '/tmp/my dir/it'\\''s.duckdb' --chain demo --seed ${A} --seed ${B} --from-block 22 --model poison --explain 0x86c53eb85d0b7548fea5c4b4f82b4205c8f6ac18`,
  )
})
