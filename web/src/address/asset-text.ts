import type { AssetInfo } from '../screening/screen-types.ts'
import { formatUnits, short } from '../ui/format.ts'

/** An exact amount in its asset's units with its symbol; base units, said so, when the decimals are unknown. */
export function assetAmount(amount: string | bigint, asset: string, info: AssetInfo | undefined): string {
  const name = info?.symbol ?? (asset === 'native' ? 'ETH' : short(asset))
  if (info?.decimals === null || info?.decimals === undefined) {
    return asset === 'native' && !info
      ? `${formatUnits(amount, 18)} ETH`
      : `${formatUnits(amount, 0)} base units of ${name}`
  }
  return `${formatUnits(amount, info.decimals)} ${name}`
}
