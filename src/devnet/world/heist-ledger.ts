import type { Hex } from '../../core/hex.ts'
import type { Asset } from '../../core/types.ts'
import type { BalanceDelta, ExpectedConversion, ExpectedEndpoint, MixingLeg } from './manifest.ts'
import type { MixerLegTruth } from './mixer-leg-truth.ts'
import type { World } from './world-driver.ts'

/**
 * What the story records as it plays: the seeds, where it intends the funds to end (the same in every taint
 * model), the conversions, the mixing wallet, the honest activity's balance changes, and the mixer leg.
 */
export interface HeistLedger {
  seedTransactions: Hex[]
  endpoints: ExpectedEndpoint[]
  conversions: ExpectedConversion[]
  mixing: MixingLeg | null
  clean: BalanceDelta[]
  /** The mixer leg's truth, when it was played. */
  mixerLeg?: MixerLegTruth
}

/** A transaction log entry of the heist phase. */
export const step = (name: string, note: string) => ({ phase: 'heist' as const, step: name, note })

/** The USDX token's address, its asset id. */
export function usdx(world: World): Asset {
  return world.contracts.usdx.address
}

/** Records an endpoint every model agrees on; `heldBy` defaults to the address, `origin` to the amount itself. */
export function endpoint(
  ledger: HeistLedger,
  e: Omit<ExpectedEndpoint, 'origin' | 'heldBy' | 'freezableBy'> &
    Partial<Pick<ExpectedEndpoint, 'origin' | 'heldBy' | 'freezableBy'>>,
): void {
  ledger.endpoints.push({
    ...e,
    heldBy: e.heldBy ?? e.address,
    origin: e.origin ?? { asset: e.asset, amount: e.amount },
    freezableBy: e.freezableBy ?? [],
  })
}
