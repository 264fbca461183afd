import { MapEndpointLabels } from '../../src/labels/endpoint-labels.ts'
import { type DuckDbStore, openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import type { Row } from '../../src/store/store.ts'

export const CHAIN = 'ethereum'
const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
/** The thief's address: the incident's seed. */
export const THIEF = a(0x7f01)
export const SPLIT = a(0x7f02)
/** An exchange's deposit wallet (labelled): freezable by the exchange. */
export const EXCHANGE = a(0xec01)
export const HOLDER = a(0x7f03)
export const VICTIM = a(0x7f00)
const tx = (n: number) => `0x${n.toString(16).padStart(64, '0')}`

// VICTIM -> THIEF 1000, THIEF -> SPLIT 1000, SPLIT -> EXCHANGE 600, SPLIT -> HOLDER 400 (native, one block each).
const FLOWS: [number, string, string, bigint][] = [
  [1, VICTIM, THIEF, 1000n],
  [2, THIEF, SPLIT, 1000n],
  [3, SPLIT, EXCHANGE, 600n],
  [4, SPLIT, HOLDER, 400n],
]

/** A small chain store in memory: a theft, a split, part to an exchange, part held. */
export async function fixtureChain(): Promise<DuckDbStore> {
  const store = await openDuckDbStore(':memory:')
  const rows: Row[] = FLOWS.map(([block, from, to, amount]) => ({
    block_number: BigInt(block),
    block_time: 1_700_000_000n + BigInt(block),
    tx_hash: tx(block),
    tx_index: 0n,
    position: 'tx',
    kind: 'native',
    from_address: from,
    to_address: to,
    asset: 'native',
    amount: amount.toString(),
  }))
  await store.writeBatch({
    chain: CHAIN,
    fromBlock: 1n,
    toBlock: 4n,
    tables: { transfers: rows },
    replace: ['transfers'],
  })
  return store
}

export const fixtureLabels = () =>
  new MapEndpointLabels([[EXCHANGE, { category: 'exchange', name: 'Harbor Exchange' }]])
export const TX = tx
