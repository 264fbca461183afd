import assert from 'node:assert/strict'
import { test } from 'node:test'
import { INGEST_JOB } from '../ingest/ingest-evm.ts'
import { MapEndpointLabels } from '../labels/endpoint-labels.ts'
import type { Checkpoint } from '../store/store.ts'
import { addr, storeWith } from '../trace/trace-fixture.ts'
import { traceRequest } from '../trace/trace-request.ts'
import { loadAlertPolicy } from './alert-policy.ts'
import { LIVE_JOB } from './live-ingest.ts'
import { openTaintWatch, type WatchStore } from './open-taint-watch.ts'

const [A, B, C] = [addr(1), addr(2), addr(3)]

test('without a tip, a watch starts at the last block stored by ingest evm or by a watch, whichever is later', async () => {
  const store = await storeWith([
    { block: 1, from: addr(99), to: A, amount: 100 },
    { block: 2, from: A, to: B, amount: 60 },
    { block: 3, from: B, to: C, amount: 60 },
  ])
  try {
    const request = traceRequest('ethereum', { addresses: [A], txs: [] }, { model: 'poison', limits: { hops: 3 } })
    const open = async (checkpoints: Record<string, bigint>) => {
      const s: WatchStore = {
        traceIndex: store.traceIndex,
        getTokens: store.getTokens.bind(store),
        getCheckpoint: async (chain: string, job: string): Promise<Checkpoint | undefined> => {
          const block = checkpoints[job]
          return block === undefined ? undefined : { chain, job, block, blockHash: null }
        },
      }
      return openTaintWatch(s, { incident: 'x', request }, new MapEndpointLabels([]), loadAlertPolicy())
    }
    // `ingest evm` stored through 1 and a watch's live ingest through 2: the watch opens at 2, so block 3's move is
    // the one left to carry (B pays C).
    const watch = await open({ [INGEST_JOB]: 1n, [LIVE_JOB]: 2n })
    assert.equal(watch.block, 2n)
    const moved = await watch.advance(3n)
    assert.deepEqual(
      moved.map((a) => [a.kind, a.addresses]),
      [['funds-moved', [B, C]]],
    )
    assert.equal((await open({ [INGEST_JOB]: 3n, [LIVE_JOB]: 2n })).block, 3n)
    await assert.rejects(open({}), { code: 'INVALID_ARGUMENT' })
  } finally {
    await store.close()
  }
})
