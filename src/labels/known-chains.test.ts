import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DragnetError } from '../core/errors.ts'
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { assertKnownChain, knownChains, requireKnownChain } from './known-chains.ts'

const transfer = (n: bigint) => ({
  block_number: n,
  block_time: 1000n + n,
  tx_hash: `0x${n.toString(16).padStart(64, '0')}`,
  tx_index: 0n,
  position: 'call:',
  kind: 'native',
  from_address: `0x${'1'.repeat(40)}`,
  to_address: `0x${'2'.repeat(40)}`,
  asset: 'native',
  amount: '1',
})

const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    assert.ok(e instanceof DragnetError)
    return e
  }
  assert.fail('did not throw')
}

test('known chains: data from the chain tables, names from the labels; CHAIN_UNKNOWN lists what is held', async () => {
  const store = await openDuckDbStore(':memory:')
  try {
    assert.deepEqual(await knownChains(store), { data: [], labelled: [] })
    await store.writeBatch({
      chain: 'local',
      fromBlock: 1n,
      toBlock: 1n,
      tables: { transfers: [transfer(1n)] },
      replace: [],
    })
    await store.writeBatch({
      chain: 'demo',
      fromBlock: 1n,
      toBlock: 1n,
      tables: { transfers: [transfer(1n)] },
      replace: [],
    })
    const known = await knownChains(store)
    assert.deepEqual(known, { data: ['demo', 'local'], labelled: [] })
    // A trace needs data; direct screening also takes a chain known by name.
    assertKnownChain('local', known)
    assertKnownChain('ethereum', known, 'name')
    const noData = codeOf(() => assertKnownChain('ethereum', known))
    assert.equal(noData.code, 'CHAIN_UNKNOWN')
    assert.equal(noData.message, 'no data of chain ethereum: the store holds data of: demo, local')
    const unknown = codeOf(() => assertKnownChain('nosuch', known, 'name'))
    assert.deepEqual(unknown.details, { chain: 'nosuch', need: 'name', held: ['demo', 'local'], labelled: [] })
    assert.match(unknown.message, /^unknown chain nosuch \(no data, no labels, /)
    await assert.rejects(requireKnownChain(undefined, 'demo'), /the store holds no chain data$/)
    assert.deepEqual(await requireKnownChain(store, 'demo'), known)
  } finally {
    await store.close()
  }
})
