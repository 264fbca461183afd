import assert from 'node:assert/strict'
import { test } from 'node:test'
import { refreshed } from './refreshed.ts'

test('refreshed: kept while the process runs without a TTL, read again once the TTL has passed, a failure not kept', async () => {
  let reads = 0
  const once = refreshed(undefined, async () => ++reads)
  assert.deepEqual([await once(), await once()], [1, 1])
  const always = refreshed(0, async () => ++reads)
  assert.deepEqual([await always(), await always()], [2, 3])
  let fail = true
  const flaky = refreshed(undefined, async () => {
    if (fail) throw new Error('down')
    return 'up'
  })
  await assert.rejects(flaky(), /down/)
  fail = false
  assert.equal(await flaky(), 'up')
})
