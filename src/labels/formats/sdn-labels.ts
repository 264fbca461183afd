import type { Label } from '../label-types.ts'
import type { SdnAddress } from '../ofac-sdn.ts'

/** The chain an SDN asset code lists an address on; tokens go by the address's shape (0x or Tron's T). */
export function sdnChain(asset: string, address: string): string {
  const evm = address.startsWith('0x')
  switch (asset) {
    case 'XBT':
      return 'bitcoin'
    case 'ETH':
      return 'ethereum'
    case 'TRX':
      return 'tron'
    case 'USDT':
    case 'USDC':
      return evm ? 'ethereum' : address.startsWith('T') ? 'tron' : 'other'
    case 'BNB':
    case 'BSC':
      return evm ? 'bsc' : 'bnb-beacon'
    case 'ARB':
      return 'arbitrum'
    case 'ETC':
      return 'ethereum-classic'
    default:
      return (
        {
          LTC: 'litecoin',
          XMR: 'monero',
          BCH: 'bitcoin-cash',
          ZEC: 'zcash',
          DASH: 'dash',
          BTG: 'bitcoin-gold',
          BSV: 'bitcoin-sv',
          XVG: 'verge',
          XRP: 'ripple',
          SOL: 'solana',
        }[asset] ?? asset.toLowerCase()
      )
  }
}

/**
 * SDN entries as labels: each is `sanctioned`; a party under a DPRK programme is also `dprk-attributed`.
 * An address listed under several assets of one chain is one label whose asset lists them all.
 */
export function sdnLabels(entries: readonly SdnAddress[], issued: string | null, source = 'ofac-sdn'): Label[] {
  const out = new Map<string, Label>()
  for (const e of entries) {
    const chain = sdnChain(e.asset, e.address)
    const categories = e.programmes.some((p) => p.startsWith('DPRK'))
      ? (['sanctioned', 'dprk-attributed'] as const)
      : (['sanctioned'] as const)
    for (const category of categories) {
      const key = `${chain}|${e.address.toLowerCase()}|${category}`
      const prev = out.get(key)
      if (prev) {
        const assets = new Set([...(prev.asset ?? '').split(','), e.asset])
        prev.asset = [...assets].sort().join(',')
        prev.programmes = [...new Set([...prev.programmes, ...e.programmes])].sort()
        if (!prev.name.includes(e.entity)) prev.name = `${prev.name}; ${e.entity}`
        continue
      }
      out.set(key, {
        chain,
        address: e.address,
        category,
        name: e.entity,
        source,
        sourceDate: issued,
        confidence: 100,
        programmes: [...e.programmes].sort(),
        asset: e.asset,
        notes: `SDN profile ${e.profileId}, feature ${e.featureId}`,
      })
    }
  }
  return [...out.values()]
}
