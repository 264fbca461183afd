// A seeded synthetic history of four Tornado-style ETH pools (0.1, 1, 10, 100 ETH) for the mixer-link benchmark:
// every note is deposited and later withdrawn, most by careful users (fresh addresses, wallet-default gas,
// relayers, long and random delays) and a planted share by users who leak one way each, with the truth kept.

import { mulberry32 as rng } from '../src/core/mulberry32.ts'
import { fingerprintKey } from '../src/mixer/gas-fingerprint.ts'
import type { GasFingerprint, MixerPool, PoolActivity, PoolDeposit, PoolWithdrawal } from '../src/mixer/mixer-types.ts'
import { pairKey } from '../src/mixer/pool-order.ts'

export type Behaviour =
  | 'careful'
  | 'address-reuse'
  | 'unique-gas'
  | 'direct-interaction'
  | 'multi-denomination'
  | 'quick-quiet'

export interface MixerSyntheticParams {
  /** Notes deposited, each withdrawn once: the history has this many deposits and as many withdrawals. */
  notes: number
  seed: number
  /** Per leaking behaviour, the share of notes; the rest are careful. */
  shares: Record<Exclude<Behaviour, 'careful'>, number>
}

export interface MixerSynthetic {
  activity: PoolActivity
  /** The note each withdrawal spent. */
  noteOf: Map<PoolWithdrawal, PoolDeposit>
  /** The user behind each event: a deposit and a withdrawal of one user are one owner. */
  ownerOf: Map<PoolDeposit | PoolWithdrawal, number>
  behaviourOf: Map<PoolWithdrawal, Behaviour>
}

const ETH = 10n ** 18n
const DAY = 86_400
const SPAN = 365 * DAY
const DENOMINATIONS = [ETH / 10n, ETH, 10n * ETH, 100n * ETH]
/** How deposits spread over the pools (the 100 ETH pool is the quiet one). */
const POOL_WEIGHTS = [0.4, 0.35, 0.2, 0.05]
const GWEI = 1_000_000_000n
const pair = (fee: bigint, tip: bigint): GasFingerprint => ({
  type: 2,
  gasPrice: null,
  maxFeePerGas: fee,
  maxPriorityFeePerGas: tip,
})
/** Wallet defaults every careful user shares. */
const DEFAULTS: GasFingerprint[] = [
  pair(30n * GWEI, GWEI),
  pair(40n * GWEI, 2n * GWEI),
  pair(50n * GWEI, (3n * GWEI) / 2n),
  { type: 0, gasPrice: 20n * GWEI, maxFeePerGas: null, maxPriorityFeePerGas: null },
  { type: 0, gasPrice: 25n * GWEI, maxFeePerGas: null, maxPriorityFeePerGas: null },
]

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')
const address = (id: number) => `0x${hex(id, 40)}`

interface Draft {
  kind: 'd' | 'w'
  time: number
  pool: number
  address: string
  gas: GasFingerprint
  owner: number
  note: number
  behaviour: Behaviour
  relayer: string | null
}

/** The same params give the same history, event for event. */
export function mixerSynthetic(p: MixerSyntheticParams): MixerSynthetic {
  const w = new SyntheticWorld(p.seed)
  const leaks = Object.entries(p.shares) as [Exclude<Behaviour, 'careful'>, number][]
  let notes = 0
  for (let owner = 1; notes < p.notes; owner++) {
    let x = w.r()
    let behaviour: Behaviour = 'careful'
    for (const [b, share] of leaks) {
      x -= share
      if (x < 0) {
        behaviour = b
        break
      }
    }
    if (behaviour === 'multi-denomination' && notes + 5 <= p.notes) notes += w.multiDenomination(owner, notes)
    else notes += w.oneNote(behaviour === 'multi-denomination' ? 'careful' : behaviour, owner, notes)
  }
  return finish(w.drafts, w.pools, w.clusters, w.services, w.pairs)
}

/** The generator's state: its random source, addresses handed out, the exchange and the drafts so far. */
class SyntheticWorld {
  readonly r: () => number
  readonly pools: MixerPool[] = DENOMINATIONS.map((denomination, i) => ({
    chain: 'synthetic',
    address: address(0xa000 + i),
    asset: 'native',
    denomination,
    name: null,
    recognisedBy: 'events',
  }))
  readonly relayers = Array.from({ length: 10 }, (_, i) => address(0xb000 + i))
  // An exchange: deposits sent from its hot wallet, withdrawals to its customers' deposit addresses it sweeps.
  readonly hot = address(0xc000)
  readonly clusters = new Map<string, string>([[this.hot, 'Harbor Exchange']])
  readonly services = new Map<string, string>([[this.hot, 'hot-wallet']])
  // An unlabelled payer of many (payroll, an airdrop) that also deposits: the trap linked-addresses cannot see.
  readonly payroll = address(0xd000)
  /** Direct transfers outside the pools, as address pairs. */
  readonly pairs: [string, string][] = []
  readonly drafts: Draft[] = []
  // Above every fixed address (pools, relayers, the exchange, the payroll), however many users there are.
  private nextAddress = 0x1000000
  private uniqueGas = 0

  constructor(seed: number) {
    this.r = rng(seed)
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)] as T
  }
  uniform(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo))
  }
  fresh(): string {
    return address(this.nextAddress++)
  }

  /** Seven withdrawals in ten go through a relayer, which sends the transaction at its own gas price. */
  relayOr(gas: GasFingerprint): { relayer: string | null; gas: GasFingerprint } {
    if (this.r() >= 0.7) return { relayer: null, gas }
    return {
      relayer: this.pick(this.relayers),
      gas: pair(BigInt(this.uniform(20, 80)) * GWEI, BigInt(this.uniform(1, 3)) * GWEI),
    }
  }

  /** A fee cap and tip nobody else uses. */
  unique(): GasFingerprint {
    this.uniqueGas++
    return pair(61n * GWEI + BigInt(this.uniqueGas) * 7919n, GWEI + BigInt(this.uniqueGas))
  }

  poolByWeight(): number {
    let x = this.r()
    for (let i = 0; i < POOL_WEIGHTS.length; i++) {
      x -= POOL_WEIGHTS[i] as number
      if (x < 0) return i
    }
    return 0
  }

  /** One user's one note, deposited and withdrawn the behaviour's way; returns the notes made (1). */
  oneNote(behaviour: Exclude<Behaviour, 'multi-denomination'>, owner: number, note: number): number {
    const t = this.uniform(0, Math.floor(SPAN * 0.95))
    const pool = behaviour === 'quick-quiet' ? 3 : this.poolByWeight()
    let depositor = this.fresh()
    let recipient = this.fresh()
    let depGas = this.pick(DEFAULTS)
    let wGas = this.pick(DEFAULTS)
    // Careful users wait hours to weeks (exponential, mean three days).
    let wait = Math.max(60, Math.round(-Math.log(1 - this.r()) * 3 * DAY))
    let relayed = true
    if (behaviour === 'careful') {
      if (this.r() < 0.2) {
        depGas = oracle(t)
        wGas = oracle(t + wait)
      }
      if (this.r() < 0.05) depositor = this.hot
      else if (this.r() < 0.002) depositor = this.payroll
      if (this.r() < 0.1) {
        this.clusters.set(recipient, 'Harbor Exchange')
        this.services.set(recipient, 'exchange-deposit')
        this.pairs.push([recipient, this.hot])
      } else if (this.r() < 0.002) this.pairs.push([this.payroll, recipient])
    } else if (behaviour === 'address-reuse') {
      recipient = depositor
    } else if (behaviour === 'unique-gas') {
      depGas = this.unique()
      wGas = { ...depGas }
      relayed = false
    } else if (behaviour === 'direct-interaction') {
      this.pairs.push([depositor, recipient])
    } else {
      wait = this.uniform(30, 500)
    }
    const w = relayed ? this.relayOr(wGas) : { relayer: null, gas: wGas }
    const common = { pool, owner, behaviour, note }
    this.drafts.push({ ...common, kind: 'd', time: t, address: depositor, gas: depGas, relayer: null })
    this.drafts.push({ ...common, kind: 'w', time: t + wait, address: recipient, gas: w.gas, relayer: w.relayer })
    return 1
  }

  /**
   * One user's three to five notes over two or more pools from one address, a few hours apart, withdrawn in the
   * order deposited to one fresh address, the first an hour or more after the last deposit, all within the day.
   */
  multiDenomination(owner: number, firstNote: number): number {
    const depositor = this.fresh()
    const recipient = this.fresh()
    const k = this.uniform(3, 6)
    const chosen = [this.uniform(0, 4)]
    while (chosen.length < k) chosen.push(this.uniform(0, 4))
    if (new Set(chosen).size < 2) chosen[0] = ((chosen[1] as number) + 1) % 4
    const behaviour = 'multi-denomination'
    let at = this.uniform(0, Math.floor(SPAN * 0.95))
    for (const [i, pool] of chosen.entries()) {
      at += this.uniform(60, 3 * 3600)
      const gas = this.pick(DEFAULTS)
      this.drafts.push({
        kind: 'd',
        time: at,
        pool,
        address: depositor,
        gas,
        owner,
        behaviour,
        note: firstNote + i,
        relayer: null,
      })
    }
    let out = at + this.uniform(3600, 6 * 3600)
    for (const [i, pool] of chosen.entries()) {
      const w = this.relayOr(this.pick(DEFAULTS))
      this.drafts.push({
        kind: 'w',
        time: out,
        pool,
        address: recipient,
        gas: w.gas,
        owner,
        behaviour,
        note: firstNote + i,
        relayer: w.relayer,
      })
      out += this.uniform(60, 3 * 3600)
    }
    return k
  }
}

/**
 * Other transactions of the chain that take the gas oracle's price in each hour: the reader counts every stored
 * transaction's fingerprint, so an oracle price is never unique to two pool transactions there. A low guess: a
 * mainnet hour holds hundreds of thousands of transactions.
 */
const BACKGROUND_ORACLE_USERS = 20

/** A gas oracle's hourly price, to the milli-gwei: users who take it share it with whoever sends in that hour. */
function oracle(t: number): GasFingerprint {
  const hour = Math.floor(t / 3600)
  const price = 20n * GWEI + BigInt((Math.imul(hour, 2654435761) >>> 0) % 100_000) * 1_000_000n
  return { type: 0, gasPrice: price, maxFeePerGas: null, maxPriorityFeePerGas: null }
}

/** Orders the drafts in time, gives them blocks (12 s), log indexes and hashes, and joins each note's two events. */
function finish(
  drafts: Draft[],
  pools: MixerPool[],
  clusters: Map<string, string>,
  services: Map<string, string>,
  pairs: [string, string][],
): MixerSynthetic {
  drafts.sort((a, b) => a.time - b.time || (a.kind === b.kind ? a.note - b.note : a.kind === 'd' ? -1 : 1))
  const out: MixerSynthetic = {
    activity: { pools, deposits: [], withdrawals: [], interactions: new Map(), clusters, services },
    noteOf: new Map(),
    ownerOf: new Map(),
    behaviourOf: new Map(),
  }
  const depositOfNote = new Map<number, PoolDeposit>()
  const pendingW: [Draft, PoolWithdrawal][] = []
  let lastBlock = -1n
  let logIndex = 0
  let n = 0
  for (const d of drafts) {
    const block = BigInt(Math.floor(d.time / 12) + 1)
    logIndex = block === lastBlock ? logIndex + 1 : 0
    lastBlock = block
    const tx = `0x${hex(++n, 64)}`
    const pool = (pools[d.pool] as MixerPool).address
    const at = { pool, tx, logIndex, block, time: BigInt(d.time), gas: d.gas }
    if (d.kind === 'd') {
      const dep: PoolDeposit = { ...at, depositor: d.address, commitment: tx, leafIndex: 0 }
      out.activity.deposits.push(dep)
      out.ownerOf.set(dep, d.owner)
      depositOfNote.set(d.note, dep)
    } else {
      const w: PoolWithdrawal = {
        ...at,
        recipient: d.address,
        relayer: d.relayer,
        fee: d.relayer === null ? 0n : (pools[d.pool] as MixerPool).denomination / 200n,
        sender: d.relayer ?? d.address,
        nullifierHash: tx,
      }
      out.activity.withdrawals.push(w)
      out.ownerOf.set(w, d.owner)
      out.behaviourOf.set(w, d.behaviour)
      pendingW.push([d, w])
    }
  }
  for (const [d, w] of pendingW) out.noteOf.set(w, depositOfNote.get(d.note) as PoolDeposit)
  for (const [a, b] of pairs) out.activity.interactions.set(pairKey(a, b), { tx: `0x${hex(++n, 64)}`, block: 1n })
  out.activity.fingerprintUses = fingerprintUses(out.activity, drafts)
  return out
}

/** Each fingerprint's uses: the pool transactions', and the rest of the chain's takers of each hour's oracle price. */
function fingerprintUses(activity: PoolActivity, drafts: readonly Draft[]): Map<string, number> {
  const uses = new Map<string, number>()
  const add = (gas: GasFingerprint, n: number) => {
    const key = fingerprintKey(gas)
    if (key !== null) uses.set(key, (uses.get(key) ?? 0) + n)
  }
  for (const d of activity.deposits) add(d.gas, 1)
  for (const w of activity.withdrawals) add(w.gas, 1)
  const first = Math.floor((drafts[0]?.time ?? 0) / 3600)
  const last = Math.floor((drafts.at(-1)?.time ?? 0) / 3600)
  for (let hour = first; hour <= last; hour++) add(oracle(hour * 3600), BACKGROUND_ORACLE_USERS)
  return uses
}
