import type { EndpointLabel } from '../../labels/endpoint-labels.ts'
import { MIXER_RULES, type MixerRule, type PoolActivity } from '../../mixer/mixer-types.ts'
import { renderJson } from '../render/render-formats.ts'
import { addr, type FixtureTransfer, txHash } from '../trace-fixture.ts'
import type { TaintModel } from '../trace-types.ts'
import { depositAt, fixedMixer, linkOf, traceThroughMixers, withdrawalAt } from './probable-test-kit.ts'

export const E18 = 10n ** 18n
export const eth = (n: number) => (BigInt(Math.round(n * 1000)) * E18) / 1000n
export const [VICTIM, THIEF, CLEAN, CROWD, RECIPIENT, RELAYER, DEPOSIT, OTHER] = [1, 2, 3, 4, 5, 6, 7, 8].map(addr) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
]
export const POOL = addr(0x100)
export const PROXY = addr(0x101)
export const HOT = addr(0x200)
export const LABELS: [string, EndpointLabel][] = [
  [POOL, { category: 'mixer', name: 'Pool: 100 ETH' }],
  [HOT, { category: 'hot-wallet', name: 'Harbor' }],
]

/**
 * The thief receives 60 stolen ETH (the seed transaction, block 1) and 40 clean, and pays one 100 ETH note into
 * the pool (block 3): haircut and FIFO taint 60 of it, poison all 100. A crowd user pays in a note too (block 4).
 * A relayer withdraws the thief's note to a fresh recipient (block 5: 99 ETH to it, 1 ETH fee to the relayer), who
 * pays the 99 to a deposit address swept to Harbor's hot wallet. The crowd user withdraws its own note (block 8)
 * and a third withdrawal pays someone else (block 9).
 */
export const CHAIN: FixtureTransfer[] = [
  { block: 1, from: VICTIM, to: THIEF, amount: eth(60) },
  { block: 2, from: CLEAN, to: THIEF, amount: eth(40) },
  { block: 3, from: THIEF, to: POOL, amount: eth(100) },
  { block: 4, from: CROWD, to: POOL, amount: eth(100) },
  { block: 5, from: POOL, to: RECIPIENT, amount: eth(99), kind: 'internal', position: 'trace:0' },
  { block: 5, from: POOL, to: RELAYER, amount: eth(1), kind: 'internal', position: 'trace:1' },
  { block: 6, from: RECIPIENT, to: DEPOSIT, amount: eth(99) },
  { block: 7, from: DEPOSIT, to: HOT, amount: eth(99) },
  { block: 8, from: POOL, to: CROWD, amount: eth(100), kind: 'internal', position: 'trace:0' },
]
export const thiefNote = depositAt(POOL, 3, THIEF, 0)
export const crowdNote = depositAt(POOL, 4, CROWD, 1)
export const relayed = withdrawalAt(POOL, 5, RECIPIENT, RELAYER, eth(1))
export const crowdOut = withdrawalAt(POOL, 8, CROWD, null, 0n)
export const elsewhere = withdrawalAt(POOL, 9, OTHER, null, 0n)
export const ACTIVITY: PoolActivity = {
  pools: [
    { chain: 'ethereum', address: POOL, asset: 'native', denomination: eth(100), name: null, recognisedBy: 'label' },
  ],
  deposits: [thiefNote, crowdNote],
  withdrawals: [relayed, crowdOut, elsewhere],
  interactions: new Map(),
  clusters: new Map(),
}
export const GAS_LINK = linkOf(thiefNote, relayed, 0.8, ['gas-price'])
export const CROWD_LINK = linkOf(crowdNote, crowdOut, 0.9, ['address-match'])
export const TIMING_LINK = linkOf(thiefNote, elsewhere, 0.3, ['timing'])
export const ALL = new Set(MIXER_RULES)

/** The scenario traced with `model`, then past the pool with the three links above. */
export async function run(model: TaintModel, minConfidence = 0.5, rules: ReadonlySet<MixerRule> = ALL, chain = CHAIN) {
  const mixer = fixedMixer(ACTIVITY, [GAS_LINK, CROWD_LINK, TIMING_LINK])
  const r = await traceThroughMixers(chain, [txHash(1)], LABELS, model, mixer, { minConfidence, rules }, renderJson)
  return { ...r, calls: mixer.calls }
}
