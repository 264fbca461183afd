import { parseEther } from 'viem'
import type { MixerRule } from '../../mixer/mixer-types.ts'
import type { TxFees } from '../devnet-client.ts'
import type { MixerActorKey } from './mixer-actors.ts'
import type { NoteOwner } from './mixer-leg-truth.ts'
import { FEE_FINGERPRINTS } from './scenario.ts'
import type { WorldActorKey } from './world-driver.ts'

export type PoolKey = 'mixer100' | 'mixer10' | 'mixer1'

export const POOL_DENOMINATIONS: Record<PoolKey, bigint> = {
  mixer100: parseEther('100'),
  mixer10: parseEther('10'),
  mixer1: parseEther('1'),
}

export const POOL_NAMES: Record<PoolKey, string> = {
  mixer100: 'Mixer (100 ETH pool)',
  mixer10: 'Mixer (10 ETH pool)',
  mixer1: 'Mixer (1 ETH pool)',
}

/** The relayers keep 0.3% of each note they withdraw. */
export const relayerFee = (denomination: bigint): bigint => (denomination * 3n) / 1000n

/** A note the leg withdraws (and deposits, unless the heist did). */
export interface NoteSpec {
  key: string
  pool: PoolKey
  depositor: WorldActorKey
  recipient: WorldActorKey
  /** Null: the recipient withdraws itself, with `withdrawFees`. */
  relayer: MixerActorKey | null
  owner: NoteOwner
  stolen: boolean
  planted: MixerRule[]
  depositFees?: TxFees
  withdrawFees?: TxFees
}

const crowd = (i: number, pool: PoolKey, relayer: MixerActorKey): NoteSpec => ({
  key: `crowd${i}`,
  pool,
  depositor: `crowd${i}` as MixerActorKey,
  recipient: `crowdOut${i}` as MixerActorKey,
  relayer,
  owner: 'crowd',
  stolen: false,
  planted: [],
})

const careless = (
  key: string,
  pool: PoolKey,
  depositor: MixerActorKey,
  recipient: MixerActorKey,
  relayer: MixerActorKey | null,
  rule: MixerRule,
): NoteSpec => ({ key, pool, depositor, recipient, relayer, owner: 'careless', stolen: false, planted: [rule] })

/** The heist's three stolen notes (deposited by split3 in the heist) and the leg's own notes. */
export const NOTES: NoteSpec[] = [
  {
    key: 'heist-0',
    pool: 'mixer100',
    depositor: 'split3',
    recipient: 'split3',
    relayer: 'relayer1',
    owner: 'attacker',
    stolen: true,
    planted: ['address-match'],
  },
  {
    key: 'heist-1',
    pool: 'mixer100',
    depositor: 'split3',
    recipient: 'w1',
    relayer: null,
    owner: 'attacker',
    stolen: true,
    planted: ['gas-price'],
    withdrawFees: FEE_FINGERPRINTS.attacker,
  },
  {
    key: 'heist-2',
    pool: 'mixer100',
    depositor: 'split3',
    recipient: 'w2',
    relayer: 'relayer2',
    owner: 'attacker',
    stolen: true,
    planted: [],
  },
  crowd(1, 'mixer100', 'relayer1'),
  crowd(2, 'mixer100', 'relayer2'),
  crowd(3, 'mixer10', 'relayer2'),
  crowd(4, 'mixer10', 'relayer1'),
  crowd(5, 'mixer1', 'relayer1'),
  crowd(6, 'mixer1', 'relayer2'),
  careless('linked', 'mixer10', 'linkedIn', 'linkedOut', 'relayer2', 'linked-addresses'),
  careless('same-address', 'mixer1', 'sameAddress', 'sameAddress', 'relayer1', 'address-match'),
  {
    ...careless('gas', 'mixer10', 'gasIn', 'gasOut', null, 'gas-price'),
    depositFees: FEE_FINGERPRINTS.careless,
    withdrawFees: FEE_FINGERPRINTS.careless,
  },
  careless('multi-10', 'mixer10', 'multiIn', 'multiOut', 'relayer1', 'multi-denomination'),
  careless('multi-1a', 'mixer1', 'multiIn', 'multiOut', 'relayer2', 'multi-denomination'),
  careless('multi-1b', 'mixer1', 'multiIn', 'multiOut', 'relayer1', 'multi-denomination'),
  careless('timing', 'mixer1', 'timingIn', 'timingOut', 'relayer2', 'timing'),
]

/** One step of the leg at `at` seconds after its start. */
export type LegAction =
  | { at: number; kind: 'deploy'; pool: Exclude<PoolKey, 'mixer100'> }
  | { at: number; kind: 'transfer'; from: WorldActorKey; to: WorldActorKey; amount: bigint | 'all'; note: string }
  | { at: number; kind: 'deposit'; note: string }
  | { at: number; kind: 'withdraw'; note: string }

const M = 60
const H = 3600
const eth = parseEther

const funding: [MixerActorKey, MixerActorKey, bigint][] = [
  ['crowdFunder', 'crowd1', eth('100')],
  ['crowdFunder', 'crowd2', eth('100')],
  ['crowdFunder', 'crowd3', eth('10')],
  ['crowdFunder', 'crowd4', eth('10')],
  ['crowdFunder', 'crowd5', eth('1')],
  ['crowdFunder', 'crowd6', eth('1')],
  ['carelessFunder', 'linkedIn', eth('10')],
  ['carelessFunder', 'sameAddress', eth('1')],
  // The fee-capped deposit needs gas x cap on top of the note: 0.01 ETH covers it, and stays (gas is free).
  ['carelessFunder', 'gasIn', eth('10.01')],
  ['carelessFunder', 'multiIn', eth('12')],
  ['carelessFunder', 'timingIn', eth('1')],
  ['gasFunder', 'gasOut', eth('0.01')],
  // Clean gas money for the attacker's fee-capped withdrawal: never from a tainted wallet.
  ['w1Funder', 'w1', eth('0.01')],
]

/**
 * The timeline (docs/demo-world.md): day 0 the pools open, everyone is funded and deposits; the attacker withdraws
 * notes 0 and 1 and cashes W1 out at Harbor; the careless users withdraw; day 1 the careful crowd withdraws, and
 * note 2 among them. Every withdrawal but the timing one comes at least an hour after the last deposit into its
 * pool, so no timing window (600 s) holds a deposit; the timing one comes 90 s after the only deposit in ten
 * minutes. The multi-denomination set is withdrawn within a day of the last of its deposits.
 */
export const SCHEDULE: LegAction[] = [
  { at: 0, kind: 'deploy', pool: 'mixer10' },
  { at: 12, kind: 'deploy', pool: 'mixer1' },
  ...funding.map(
    ([from, to, amount], i): LegAction => ({ at: M + 12 * i, kind: 'transfer', from, to, amount, note: `fund ${to}` }),
  ),
  { at: 1 * H, kind: 'deposit', note: 'crowd1' },
  { at: 1 * H + 20 * M, kind: 'deposit', note: 'crowd3' },
  { at: 1 * H + 40 * M, kind: 'deposit', note: 'crowd5' },
  { at: 2 * H, kind: 'deposit', note: 'crowd2' },
  { at: 2 * H + 20 * M, kind: 'deposit', note: 'crowd4' },
  { at: 2 * H + 40 * M, kind: 'deposit', note: 'crowd6' },
  { at: 3 * H, kind: 'deposit', note: 'linked' },
  { at: 3 * H + 20 * M, kind: 'deposit', note: 'same-address' },
  { at: 3 * H + 40 * M, kind: 'deposit', note: 'gas' },
  { at: 4 * H, kind: 'deposit', note: 'multi-10' },
  { at: 4 * H + 10 * M, kind: 'deposit', note: 'multi-1a' },
  { at: 4 * H + 20 * M, kind: 'deposit', note: 'multi-1b' },
  { at: 6 * H, kind: 'withdraw', note: 'heist-0' },
  { at: 7 * H, kind: 'withdraw', note: 'heist-1' },
  { at: 7 * H + 30 * M, kind: 'transfer', from: 'w1', to: 'depositW1', amount: 'all', note: 'W1 deposits at Harbor' },
  {
    at: 8 * H + 30 * M,
    kind: 'transfer',
    from: 'depositW1',
    to: 'hotWallet',
    amount: 'all',
    note: 'Harbor sweeps the W1 deposit',
  },
  { at: 9 * H, kind: 'withdraw', note: 'linked' },
  { at: 9 * H + 20 * M, kind: 'withdraw', note: 'same-address' },
  { at: 9 * H + 40 * M, kind: 'withdraw', note: 'gas' },
  { at: 10 * H, kind: 'withdraw', note: 'multi-10' },
  { at: 10 * H + 20 * M, kind: 'withdraw', note: 'multi-1a' },
  { at: 10 * H + 40 * M, kind: 'withdraw', note: 'multi-1b' },
  {
    at: 11 * H,
    kind: 'transfer',
    from: 'linkedOut',
    to: 'linkedIn',
    amount: eth('1'),
    note: 'the withdrawal address pays its depositor',
  },
  { at: 12 * H, kind: 'deposit', note: 'timing' },
  { at: 12 * H + 90, kind: 'withdraw', note: 'timing' },
  { at: 24 * H, kind: 'withdraw', note: 'crowd1' },
  { at: 24 * H + 30 * M, kind: 'withdraw', note: 'crowd3' },
  { at: 25 * H, kind: 'withdraw', note: 'crowd5' },
  { at: 25 * H + 30 * M, kind: 'withdraw', note: 'heist-2' },
  { at: 26 * H, kind: 'withdraw', note: 'crowd2' },
  { at: 26 * H + 30 * M, kind: 'withdraw', note: 'crowd4' },
  { at: 27 * H, kind: 'withdraw', note: 'crowd6' },
]
