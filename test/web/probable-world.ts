import { MapEndpointLabels } from '../../src/labels/endpoint-labels.ts'
import type { MixerRule } from '../../src/mixer/mixer-types.ts'
import type { AddProbableLayer, ProbableLayerOptions } from '../../src/server/trace-runner.ts'
import { type DuckDbStore, openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import type { Row } from '../../src/store/store.ts'
import { emptyTotals, type ProbableLayer, type TraceEdgeRef, type TraceResult } from '../../src/trace/trace-types.ts'

/** One ether in wei: the world's amounts are whole ether, so the pages show them plainly. */
export const ETH = 10n ** 18n
const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
const tx = (n: number) => `0x${n.toString(16).padStart(64, '0')}`

export const VICTIM = a(0x9f00)
/** The incident's seed. */
export const THIEF = a(0x9f01)
/** A fixed-denomination pool (100 ETH notes), labelled a mixer: the exact trace ends in it. */
export const POOL = a(0x7c01)
/** An exchange's deposit wallet the thief paid directly. */
export const EXCHANGE = a(0xec01)
/** Who withdrew a note from the pool, and paid it on to a second exchange. */
export const RECIPIENT = a(0x9f10)
export const EXCHANGE2 = a(0xec02)
export const TXS = { theft: tx(1), deposit: tx(2), direct: tx(3), withdrawal: tx(4), onward: tx(5) }

// VICTIM -> THIEF 1000 ETH; THIEF -> POOL 100 (a deposit), THIEF -> EXCHANGE 900; POOL -> RECIPIENT 100 (a
// withdrawal), RECIPIENT -> EXCHANGE2 100. The exact trace stops at the pool: 900 at the exchange, 100 in the mixer.
const FLOWS: [number, string, string, bigint][] = [
  [1, VICTIM, THIEF, 1000n * ETH],
  [2, THIEF, POOL, 100n * ETH],
  [3, THIEF, EXCHANGE, 900n * ETH],
  [4, POOL, RECIPIENT, 100n * ETH],
  [5, RECIPIENT, EXCHANGE2, 100n * ETH],
]
const TIME = (block: number) => 1_700_000_000n + BigInt(block) * 60n

/** The chain above, in memory. */
export async function probableChain(): Promise<DuckDbStore> {
  const store = await openDuckDbStore(':memory:')
  const rows: Row[] = FLOWS.map(([block, from, to, amount]) => ({
    block_number: BigInt(block),
    block_time: TIME(block),
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
    chain: 'ethereum',
    fromBlock: 1n,
    toBlock: 5n,
    tables: { transfers: rows },
    replace: ['transfers'],
  })
  return store
}

const POOL_NAME = 'Tornado.Cash: 100 ETH'

export const probableLabels = () =>
  new MapEndpointLabels([
    [POOL, { category: 'mixer', name: POOL_NAME }],
    [EXCHANGE, { category: 'exchange', name: 'Harbor Exchange' }],
    [EXCHANGE2, { category: 'exchange', name: 'Quay Exchange' }],
  ])

export const LINK_ID = `${TXS.deposit}:0>${TXS.withdrawal}:0`
export const LINK_CONFIDENCE = 0.82
export const ADDRESS_MATCH_EVIDENCE = `The deposit's sender ${THIEF} received the withdrawal's change in block 4.`
export const TIMING_EVIDENCE = 'The note was withdrawn 120 seconds after it was deposited, the only one in the window.'

/** What one note of the pool holds, and what the link carried past it. */
export const NOTE = 100n * ETH

const edge = (block: number, from: string, to: string, hop: number): TraceEdgeRef => ({
  from,
  to,
  asset: 'native',
  amount: NOTE,
  tainted: NOTE,
  tx: tx(block),
  block: BigInt(block),
  time: TIME(block),
  position: 'tx',
  hop,
})

const gas = { type: 2, gasPrice: null, maxFeePerGas: 30_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }

/**
 * The probable layer a linker would report on this chain: the deposit linked to the withdrawal by address match and
 * timing, the recipient's payment on to the second exchange a probable freeze target. Only the rules switched on
 * vote; the link is dropped below the minimum confidence.
 */
export function probableLayerOf(options: ProbableLayerOptions): ProbableLayer {
  const rules = (
    [
      { rule: 'address-match', confidence: 0.7, evidence: ADDRESS_MATCH_EVIDENCE, facts: { address: THIEF } },
      { rule: 'timing', confidence: 0.4, evidence: TIMING_EVIDENCE, facts: { seconds: '120' } },
    ] as const
  )
    .filter((r) => options.rules.has(r.rule as MixerRule))
    .map((r) => ({ ...r, facts: { ...r.facts } }))
  const linked = rules.length === 2 && options.minConfidence <= LINK_CONFIDENCE
  const totals = emptyTotals()
  if (linked) Object.assign(totals, { stolen: NOTE, traced: NOTE, exchange: NOTE })
  return {
    minConfidence: options.minConfidence,
    rules: [...options.rules].sort(),
    deposits: [
      {
        pool: POOL,
        poolName: POOL_NAME,
        tx: TXS.deposit,
        logIndex: 0,
        block: 2n,
        time: TIME(2),
        depositor: THIEF,
        endpoint: POOL,
        asset: 'native',
        denomination: NOTE,
        tainted: NOTE,
        links: linked ? [LINK_ID] : [],
      },
    ],
    links: linked
      ? [
          {
            id: LINK_ID,
            pool: POOL,
            poolName: POOL_NAME,
            asset: 'native',
            denomination: NOTE,
            tainted: NOTE,
            seeded: NOTE,
            hops: 9,
            empty: null,
            deposit: {
              pool: POOL,
              tx: TXS.deposit,
              logIndex: 0,
              block: 2n,
              time: TIME(2),
              depositor: THIEF,
              commitment: `0x${'c1'.repeat(32)}`,
              leafIndex: 0,
              gas,
            },
            withdrawal: {
              pool: POOL,
              tx: TXS.withdrawal,
              logIndex: 0,
              block: 4n,
              time: TIME(4),
              recipient: RECIPIENT,
              relayer: null,
              fee: 0n,
              sender: RECIPIENT,
              nullifierHash: `0x${'d1'.repeat(32)}`,
              gas,
            },
            rules,
            confidence: LINK_CONFIDENCE,
            anonymitySet: { before: 5, after: 2 },
          },
        ]
      : [],
    endpoints: linked
      ? [
          {
            address: EXCHANGE2,
            category: 'exchange',
            name: 'Quay Exchange',
            depositAddress: false,
            asset: 'native',
            amount: NOTE,
            firstArrival: { tx: TXS.onward, block: 5n, time: TIME(5) },
            txs: [TXS.onward],
            freezableBy: [{ kind: 'exchange', name: 'Quay Exchange' }],
            hop: 2,
            path: [edge(4, POOL, RECIPIENT, 1), edge(5, RECIPIENT, EXCHANGE2, 2)],
            link: LINK_ID,
            confidence: LINK_CONFIDENCE,
            rules: rules.map((r) => r.rule),
          },
        ]
      : [],
    edges: linked
      ? [
          { ...edge(4, POOL, RECIPIENT, 1), link: LINK_ID },
          { ...edge(5, RECIPIENT, EXCHANGE2, 2), link: LINK_ID },
        ]
      : [],
    assets: {},
    totals: { native: totals },
    unlinked: { native: linked ? 0n : NOTE },
    unmatched: {},
    capped: null,
  }
}

/**
 * A stand-in for the probable layer on this hand-made chain, which holds no pool events: it adds probableLayerOf's
 * layer to the exact result, untouched, and records what it was asked.
 */
export function fixtureProbableLayer(): { add: AddProbableLayer; calls: ProbableLayerOptions[] } {
  const calls: ProbableLayerOptions[] = []
  const add: AddProbableLayer = async (_store, _request, _labels, result: TraceResult, options) => {
    calls.push(options)
    return { ...result, probable: probableLayerOf(options) }
  }
  return { add, calls }
}
