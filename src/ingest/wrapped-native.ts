import type { Store, TokenMeta } from '../store/store.ts'

/** Wrapped native coins known per chain: their Deposit/Withdrawal events become wrap/unwrap transfers. */
export const DEFAULT_WRAPPED_NATIVE: Readonly<Record<string, readonly Omit<TokenMeta, 'chain' | 'wrappedNative'>[]>> = {
  ethereum: [
    { address: '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2', symbol: 'WETH', name: 'Wrapped Ether', decimals: 18 },
  ],
}

/**
 * Registers the chain's default wrapped-native tokens unless already registered, keeping any metadata
 * the store already holds; returns the chain's full wrapped-native set. Ingest and import both call it.
 */
export async function ensureWrappedNative(store: Store, chain: string): Promise<Set<string>> {
  const defaults = DEFAULT_WRAPPED_NATIVE[chain] ?? []
  if (defaults.length > 0) {
    const known = await store.getTokens(
      chain,
      defaults.map((d) => d.address),
    )
    const missing: TokenMeta[] = []
    for (const d of defaults) {
      const have = known.get(d.address)
      if (have?.wrappedNative) continue
      missing.push(have ? { ...have, wrappedNative: true } : { ...d, chain, wrappedNative: true })
    }
    await store.putTokens(missing)
  }
  return store.wrappedNative(chain)
}
