import { writeFileSync } from 'node:fs'
import type { Address, Hex } from '../../core/hex.ts'
import type { Asset } from '../../core/types.ts'

/** The label categories the demo world hands to a label registry. */
export type LabelCategory =
  | 'exchange'
  | 'exchange-deposit'
  | 'hot-wallet'
  | 'issuer'
  | 'stablecoin'
  | 'bridge'
  | 'mixer'
  | 'dex'
  | 'wrapped-native'
  | 'victim'
  | 'attacker'

/** What a label source would say about an address; `entity` groups addresses of one organisation. */
export interface Label {
  category: LabelCategory
  name: string
  entity: string
}

/** An address of the world: a deployed contract or a key-holding account. */
export interface ManifestEntity {
  /** Stable key, e.g. `usdx`, `attacker`, `split3`; tests and docs refer to entities by it. */
  key: string
  address: Address
  kind: 'contract' | 'account'
  /** What the address does in the story; investigators do not know this for unlabelled addresses. */
  role: string
  name: string
  /** The label a label registry would hold, or null for addresses a tracer must discover. */
  label: Label | null
  /** Derivation index under the fixed mnemonic (m/44'/60'/0'/0/index), for accounts. */
  mnemonicIndex?: number
}

export interface ManifestAsset {
  asset: Asset
  symbol: string
  decimals: number
}

/** One transaction of the world, in the order it was mined. */
export interface ManifestTx {
  phase: 'setup' | 'heist'
  step: string
  hash: Hex
  blockNumber: bigint
  from: Address
  to: Address | null
  note: string
}

/** Where the stolen funds are at the end, as an exact amount of the asset held now. */
export interface ExpectedEndpoint {
  category: 'exchange' | 'bridge' | 'mixer' | 'held'
  /** The address a report should name: the exchange deposit address, the service contract, or the holder. */
  address: Address
  /** Where the balance sits now: differs from `address` when an exchange swept its deposit address. */
  heldBy: Address
  name: string
  asset: Asset
  amount: bigint
  /** The stolen asset these funds derive from, and how much of it (differs after a swap). */
  origin: { asset: Asset; amount: bigint }
  /** Who can freeze it: the exchange that owns the deposit address, and/or the stablecoin issuer. */
  freezableBy: ('exchange' | 'issuer')[]
  /** The transaction that first brought these funds to `address`. */
  arrivalTx: Hex
}

/** A conversion the trace must follow: what went into a DEX pair or WETH and what came out. */
export interface ExpectedConversion {
  kind: 'swap' | 'unwrap'
  hash: Hex
  via: Address
  assetIn: Asset
  amountIn: bigint
  assetOut: Asset
  amountOut: bigint
}

/** Per stolen asset: the amount stolen and where it ended, by category; the categories sum to `stolen`. */
export interface ExpectedTotals {
  asset: Asset
  stolen: bigint
  exchange: bigint
  bridge: bigint
  mixer: bigint
  held: bigint
  /** The part held as the freezable stablecoin at a non-service address (deposit address or wallet). */
  issuerFreezable: bigint
}

export interface ExpectedGroundTruth {
  endpoints: ExpectedEndpoint[]
  conversions: ExpectedConversion[]
  totals: ExpectedTotals[]
}

/** Everything a demo or test needs to know about a played heist; amounts are exact integers in base units. */
export interface HeistManifest {
  version: 1
  chainId: number
  genesisTime: bigint
  setupBlocks: { from: bigint; to: bigint }
  heistBlocks: { from: bigint; to: bigint }
  heistTime: { from: bigint; to: bigint }
  assets: ManifestAsset[]
  entities: ManifestEntity[]
  seeds: { transactions: Hex[]; addresses: Address[] }
  stolen: { asset: Asset; amount: bigint }[]
  transactions: ManifestTx[]
  expected: ExpectedGroundTruth
}

/** The manifest as JSON, with every bigint written as a decimal string. */
export function serializeManifest(manifest: HeistManifest): string {
  return `${JSON.stringify(manifest, (_key, value) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`
}

/** Writes the manifest as JSON to `path`. */
export function writeManifest(path: string, manifest: HeistManifest): void {
  writeFileSync(path, serializeManifest(manifest))
}
