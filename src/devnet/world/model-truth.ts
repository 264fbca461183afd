import { DragnetError } from '../../core/errors.ts'
import type { Asset } from '../../core/types.ts'
import type {
  ExpectedAssetTotals,
  ExpectedConversion,
  ExpectedEndpoint,
  ExpectedTotals,
  MixingLeg,
  ModelTruth,
  WorldModel,
} from './manifest.ts'

/** The tainted share of each payout of the mixing wallet, what it keeps tainted, and clean funds poison absorbs. */
export interface MixingShares {
  payouts: bigint[]
  held: bigint
  absorbed: bigint
}

/**
 * Works out one wallet's taint by the textbook rule of each model, over its moves in chain order. It is written
 * for this one wallet (one asset, moves in distinct blocks), apart from Dragnet's engine, so that the demo checks
 * the engine against an independent answer. Haircut must divide exactly: the world's amounts are chosen so.
 */
export function mixingShares(leg: MixingLeg, model: WorldModel): MixingShares {
  const moves = [...leg.moves].sort((a, b) => (a.blockNumber < b.blockNumber ? -1 : 1))
  const payouts: bigint[] = []
  let balance = 0n
  let tainted = 0n
  let poisoned = false
  let absorbed = 0n
  const queue: { amount: bigint; stolen: boolean }[] = []
  for (const m of moves) {
    if (m.direction === 'in') {
      // Poison taints what the wallet already held when the first stolen funds arrive, and all it gets after.
      if (m.stolen && !poisoned) absorbed += balance
      else if (!m.stolen && poisoned) absorbed += m.amount
      if (m.stolen) poisoned = true
      balance += m.amount
      if (m.stolen) tainted += m.amount
      queue.push({ amount: m.amount, stolen: m.stolen })
      continue
    }
    let share: bigint
    if (model === 'poison') share = poisoned ? m.amount : 0n
    else if (model === 'haircut') share = exactShare(m.amount, tainted, balance)
    else share = takeFifo(queue, m.amount)
    balance -= m.amount
    tainted -= model === 'poison' ? 0n : share
    payouts.push(share)
  }
  const held = model === 'poison' ? (poisoned ? balance : 0n) : model === 'haircut' ? tainted : fifoTainted(queue)
  return { payouts, held, absorbed: model === 'poison' ? absorbed : 0n }
}

function exactShare(amount: bigint, tainted: bigint, balance: bigint): bigint {
  if ((amount * tainted) % balance !== 0n) {
    throw new DragnetError('INTERNAL', `haircut share ${amount} * ${tainted} / ${balance} is not exact`)
  }
  return (amount * tainted) / balance
}

function takeFifo(queue: { amount: bigint; stolen: boolean }[], amount: bigint): bigint {
  let left = amount
  let share = 0n
  while (left > 0n) {
    const head = queue[0]
    if (!head) throw new DragnetError('INTERNAL', 'the mixing wallet pays more than it received')
    const take = smaller(head.amount, left)
    if (head.stolen) share += take
    head.amount -= take
    left -= take
    if (head.amount === 0n) queue.shift()
  }
  return share
}

const smaller = (a: bigint, b: bigint) => (a < b ? a : b)

const fifoTainted = (queue: { amount: bigint; stolen: boolean }[]) =>
  queue.reduce((sum, q) => sum + (q.stolen ? q.amount : 0n), 0n)

/** The mixing wallet's endpoints under `model`: each payout's tainted share, and what the wallet keeps. */
export function mixingEndpoints(leg: MixingLeg, model: WorldModel): ExpectedEndpoint[] {
  const shares = mixingShares(leg, model)
  const out: ExpectedEndpoint[] = []
  leg.moves
    .filter((m) => m.direction === 'out')
    .forEach((m, i) => {
      const amount = shares.payouts[i] as bigint
      if (amount === 0n || !m.endpoint) return
      out.push({ ...m.endpoint, amount, origin: { asset: leg.asset, amount } })
    })
  const firstStolen = leg.moves.find((m) => m.stolen)
  if (shares.held > 0n && firstStolen) {
    out.push({
      category: 'held',
      address: leg.wallet,
      heldBy: leg.wallet,
      name: leg.name,
      asset: leg.asset,
      amount: shares.held,
      origin: { asset: leg.asset, amount: shares.held },
      freezableBy: [],
      arrivalTx: firstStolen.hash,
    })
  }
  return out
}

/** Everything one model attributes: endpoints, totals per stolen asset, totals per asset held now. */
export function modelTruth(
  model: WorldModel,
  input: {
    stolen: { asset: Asset; amount: bigint }[]
    shared: ExpectedEndpoint[]
    mixing: MixingLeg
    conversions: ExpectedConversion[]
    freezableStablecoin: Asset
    assets: Asset[]
    /** Clean arrivals kept at addresses the trace follows (the mixer leg's), held taint under poison only. */
    poisonReturns?: ExpectedEndpoint[]
  },
): ModelTruth {
  // Poison keeps whatever a followed address receives after its first tainted arrival: clean funds that come
  // back to one (a mixer withdrawal to its depositor) are held taint, and absorbed, under poison alone.
  const returned = model === 'poison' ? (input.poisonReturns ?? []) : []
  const endpoints = [...input.shared, ...mixingEndpoints(input.mixing, model), ...returned]
  const absorbedAmount = mixingShares(input.mixing, model).absorbed
  const absorbed: { asset: Asset; amount: bigint }[] =
    absorbedAmount > 0n ? [{ asset: input.mixing.asset, amount: absorbedAmount }] : []
  for (const r of returned) {
    const same = absorbed.find((a) => a.asset === r.asset)
    if (same) same.amount += r.amount
    else absorbed.push({ asset: r.asset, amount: r.amount })
  }
  const totals = stolenTotals(input.stolen, endpoints, input.freezableStablecoin, absorbed)
  const assets = input.assets.map((asset): ExpectedAssetTotals => {
    const t: ExpectedAssetTotals = {
      asset,
      stolen: input.stolen.find((s) => s.asset === asset)?.amount ?? 0n,
      swappedIn: 0n,
      exchange: 0n,
      bridge: 0n,
      mixer: 0n,
      dex: 0n,
      held: 0n,
      issuerFreezable: 0n,
    }
    for (const e of endpoints) {
      if (e.asset !== asset) continue
      t[e.category] += e.amount
      if (asset === input.freezableStablecoin && e.freezableBy.includes('issuer')) t.issuerFreezable += e.amount
    }
    // Every conversion in the story converts stolen funds only, so its whole input and output are tainted.
    for (const c of input.conversions) {
      if (c.assetIn === asset) t.dex += c.amountIn
      if (c.assetOut === asset) t.swappedIn += c.amountOut
    }
    return t
  })
  return { endpoints, totals, assets, absorbed }
}

/**
 * Per stolen asset: where it ended by category, in units of the stolen asset. The categories add up to what
 * was stolen, plus under poison the clean funds it absorbed; anything else is a mistake in the story.
 */
export function stolenTotals(
  stolen: { asset: Asset; amount: bigint }[],
  endpoints: ExpectedEndpoint[],
  freezableStablecoin: Asset,
  absorbed: { asset: Asset; amount: bigint }[] = [],
): ExpectedTotals[] {
  return stolen.map(({ asset, amount }) => {
    const totals: ExpectedTotals = {
      asset,
      stolen: amount,
      exchange: 0n,
      bridge: 0n,
      mixer: 0n,
      held: 0n,
      issuerFreezable: 0n,
    }
    for (const e of endpoints) {
      if (e.origin.asset !== asset) continue
      totals[e.category] += e.origin.amount
      if (e.asset === freezableStablecoin && e.freezableBy.includes('issuer')) totals.issuerFreezable += e.amount
    }
    const sum = totals.exchange + totals.bridge + totals.mixer + totals.held
    const want = amount + (absorbed.find((a) => a.asset === asset)?.amount ?? 0n)
    if (sum !== want) {
      throw new DragnetError('INTERNAL', `endpoints of ${asset} add up to ${sum}, not the ${want} stolen or absorbed`)
    }
    return totals
  })
}
