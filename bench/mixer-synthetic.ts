// A seeded synthetic history of four Tornado-style ETH pools (0.1, 1, 10, 100 ETH) for the mixer-link benchmark:
// every note is deposited and later withdrawn, most by careful users (fresh addresses, wallet-default gas,
// relayers, long and random delays) and a planted share by users who leak one way each, with the truth kept.

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

function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

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
  const r = rng(p.seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
  const uniform = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo))
  let nextAddress = 0x1000
  const fresh = () => address(nextAddress++)
  const pools: MixerPool[] = DENOMINATIONS.map((denomination, i) => ({
    chain: 'synthetic',
    address: address(0xa000 + i),
    asset: 'native',
    denomination,
    name: null,
    recognisedBy: 'events',
  }))
  const poolByWeight = () => {
    let x = r()
    for (let i = 0; i < POOL_WEIGHTS.length; i++) {
      x -= POOL_WEIGHTS[i] as number
      if (x < 0) return i
    }
    return 0
  }
  const relayers = Array.from({ length: 10 }, (_, i) => address(0xb000 + i))
  const relayerGas = () => pair(BigInt(uniform(20, 80)) * GWEI, BigInt(uniform(1, 3)) * GWEI)
  // A gas oracle's hourly price, to the milli-gwei: users who take it share it with whoever sends in that hour.
  const oracle = (t: number): GasFingerprint => {
    const hour = Math.floor(t / 3600)
    const price = 20n * GWEI + BigInt((Math.imul(hour, 2654435761) >>> 0) % 100_000) * 1_000_000n
    return { type: 0, gasPrice: price, maxFeePerGas: null, maxPriorityFeePerGas: null }
  }
  let uniqueGas = 0
  const unique = () => pair(61n * GWEI + BigInt(++uniqueGas) * 7919n, GWEI + BigInt(uniqueGas))
  // An exchange: deposits sent from its hot wallet, withdrawals to its customers' deposit addresses it sweeps.
  const hot = address(0xc000)
  const clusters = new Map<string, string>([[hot, 'Harbor Exchange']])
  const services = new Map<string, string>([[hot, 'hot-wallet']])
  // An unlabelled payer of many (payroll, an airdrop) that also deposits: the trap linked-addresses cannot see.
  const payroll = address(0xd000)
  const sweeps: [string, string][] = []
  const payrollPaid: string[] = []
  const drafts: Draft[] = []
  let note = 0
  let owner = 0
  const add = (d: Omit<Draft, 'note'>) => drafts.push({ ...d, note })
  const delay = () => Math.max(60, Math.round(-Math.log(1 - r()) * 3 * DAY))

  const leaks = Object.entries(p.shares) as [Exclude<Behaviour, 'careful'>, number][]
  while (note < p.notes) {
    owner++
    let x = r()
    let behaviour: Behaviour = 'careful'
    for (const [b, share] of leaks) {
      x -= share
      if (x < 0) {
        behaviour = b
        break
      }
    }
    if (behaviour === 'multi-denomination' && note + 5 > p.notes) behaviour = 'careful'
    const t = uniform(0, Math.floor(SPAN * 0.95))
    // Seven withdrawals in ten go through a relayer, which sends the transaction at its own gas price.
    const relayOr = (gas: GasFingerprint): { relayer: string | null; gas: GasFingerprint } =>
      r() < 0.7 ? { relayer: pick(relayers), gas: relayerGas() } : { relayer: null, gas }
    if (behaviour === 'multi-denomination') {
      const depositor = fresh()
      const recipient = fresh()
      const k = uniform(3, 6)
      const chosen = [uniform(0, 4)]
      while (chosen.length < k) chosen.push(uniform(0, 4))
      if (new Set(chosen).size < 2) chosen[0] = ((chosen[1] as number) + 1) % 4
      let at = t
      const times: number[] = []
      for (const pool of chosen) {
        at += uniform(60, 3 * 3600)
        times.push(at)
        add({ kind: 'd', time: at, pool, address: depositor, gas: pick(DEFAULTS), owner, behaviour, relayer: null })
        note++
      }
      // Withdrawn in the order deposited, the first an hour or more after the last deposit, all within the day.
      let out = at + uniform(3600, 6 * 3600)
      note -= k
      for (const pool of chosen) {
        const w = relayOr(pick(DEFAULTS))
        add({ kind: 'w', time: out, pool, address: recipient, gas: w.gas, owner, behaviour, relayer: w.relayer })
        note++
        out += uniform(60, 3 * 3600)
      }
      continue
    }
    const pool = behaviour === 'quick-quiet' ? 3 : poolByWeight()
    let depositor = fresh()
    let recipient = fresh()
    let depGas = pick(DEFAULTS)
    let wGas: GasFingerprint = pick(DEFAULTS)
    let relayer: string | null = null
    let wait = delay()
    if (behaviour === 'careful') {
      const byOracle = r() < 0.2
      if (byOracle) {
        depGas = oracle(t)
        wGas = oracle(t + wait)
      }
      if (r() < 0.05) depositor = hot
      else if (r() < 0.002) depositor = payroll
      if (r() < 0.1) {
        clusters.set(recipient, 'Harbor Exchange')
        services.set(recipient, 'exchange-deposit')
        sweeps.push([recipient, hot])
      } else if (r() < 0.002) payrollPaid.push(recipient)
      ;({ relayer, gas: wGas } = relayOr(wGas))
    } else if (behaviour === 'address-reuse') {
      recipient = depositor
      ;({ relayer, gas: wGas } = r() < 0.5 ? relayOr(wGas) : { relayer: null, gas: wGas })
    } else if (behaviour === 'unique-gas') {
      depGas = unique()
      wGas = { ...depGas }
    } else if (behaviour === 'direct-interaction') {
      sweeps.push([depositor, recipient])
      ;({ relayer, gas: wGas } = relayOr(wGas))
    } else if (behaviour === 'quick-quiet') {
      wait = uniform(30, 500)
      ;({ relayer, gas: wGas } = relayOr(wGas))
    }
    add({ kind: 'd', time: t, pool, address: depositor, gas: depGas, owner, behaviour, relayer: null })
    add({ kind: 'w', time: t + wait, pool, address: recipient, gas: wGas, owner, behaviour, relayer })
    note++
  }
  return finish(drafts, pools, clusters, services, [
    ...sweeps,
    ...payrollPaid.map((a) => [payroll, a] as [string, string]),
  ])
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
  return out
}
