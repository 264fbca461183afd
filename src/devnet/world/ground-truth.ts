import { DragnetError } from '../../core/errors.ts'
import type { Address } from '../../core/hex.ts'
import type { Asset } from '../../core/types.ts'
import type { BalanceDelta, ExpectedConversion, ExpectedEndpoint, MixingLeg } from './manifest.ts'
import { readContract, type World } from './world-driver.ts'

const key = (address: Address, asset: Asset) => `${address}|${asset}`

/**
 * Every balance change the story implies over the heist: the victim's loss, the pass-through services, the
 * endpoints every model agrees on, the mixing wallet's payouts and balance (its stolen arrival is already
 * counted out of split5's endpoint; its clean arrival leaves the clean sender), the honest activity, and `extra`
 * (the mixer leg's deposits, withdrawals and transfers).
 */
export function impliedDeltas(
  victim: Address,
  stolen: { asset: Asset; amount: bigint }[],
  endpoints: ExpectedEndpoint[],
  conversions: ExpectedConversion[],
  mixing: MixingLeg | null = null,
  clean: BalanceDelta[] = [],
  extra: BalanceDelta[] = [],
): Map<string, bigint> {
  const deltas: BalanceDelta[] = stolen.map((s) => ({ address: victim, asset: s.asset, amount: -s.amount }))
  for (const c of conversions) {
    // A pair keeps the input and pays the output; WETH pays ETH out of its backing and burns the WETH.
    if (c.kind === 'swap') deltas.push({ address: c.via, asset: c.assetIn, amount: c.amountIn })
    deltas.push({ address: c.via, asset: c.assetOut, amount: -c.amountOut })
  }
  for (const e of endpoints) deltas.push({ address: e.heldBy, asset: e.asset, amount: e.amount })
  if (mixing) {
    let balance = 0n
    for (const m of mixing.moves) {
      balance += m.direction === 'in' ? m.amount : -m.amount
      if (m.direction === 'in' && !m.stolen)
        deltas.push({ address: m.counterparty, asset: mixing.asset, amount: -m.amount })
      if (m.direction === 'out') {
        const to = m.endpoint?.heldBy ?? m.counterparty
        deltas.push({ address: to, asset: mixing.asset, amount: m.amount })
      }
    }
    deltas.push({ address: mixing.wallet, asset: mixing.asset, amount: balance })
  }
  deltas.push(...clean, ...extra)
  const sums = new Map<string, bigint>()
  for (const d of deltas) sums.set(key(d.address, d.asset), (sums.get(key(d.address, d.asset)) ?? 0n) + d.amount)
  return sums
}

async function balanceAt(world: World, address: Address, asset: Asset, blockNumber: bigint): Promise<bigint> {
  if (asset === 'native') return await world.clients.deployer.getBalance({ address, blockNumber })
  const contract = asset === world.contracts.usdx.address ? 'usdx' : 'weth'
  return (await readContract(world, contract, 'balanceOf', [address], blockNumber)) as bigint
}

/**
 * Reads every world address's balance of every asset before and after the heist and checks that each
 * change is exactly what the story implies: no address gained or lost anything unaccounted for.
 */
export async function verifyAgainstChain(
  world: World,
  addresses: Address[],
  implied: Map<string, bigint>,
  blocks: { before: bigint; after: bigint },
): Promise<void> {
  const assets: Asset[] = ['native', world.contracts.usdx.address, world.contracts.weth.address]
  const mismatches: string[] = []
  await Promise.all(
    addresses.flatMap((address) =>
      assets.map(async (asset) => {
        const [before, after] = await Promise.all([
          balanceAt(world, address, asset, blocks.before),
          balanceAt(world, address, asset, blocks.after),
        ])
        const expected = implied.get(key(address, asset)) ?? 0n
        if (after - before !== expected) {
          mismatches.push(`${address} ${asset}: changed by ${after - before}, expected ${expected}`)
        }
      }),
    ),
  )
  const unknown = [...implied.keys()].filter((k) => !addresses.includes(k.split('|')[0] as Address))
  if (mismatches.length > 0 || unknown.length > 0) {
    throw new DragnetError('CHAIN_INCONSISTENT', 'the played heist does not match its ground truth', {
      details: { mismatches: mismatches.sort(), unknown },
    })
  }
}
