import { writeFileSync } from 'node:fs'
import type { Address, Hex } from '../../core/hex.ts'
import type { Asset } from '../../core/types.ts'
import type { MixerLegTruth } from './mixer-leg-truth.ts'

/** The label categories the demo world hands to a label registry. */
export type LabelCategory =
  | 'exchange'
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

/** The taint models the ground truth is worked out for (the same names as Dragnet's trace models). */
export type WorldModel = 'poison' | 'haircut' | 'fifo'
export const WORLD_MODELS: readonly WorldModel[] = ['poison', 'haircut', 'fifo']

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

/** A balance change on chain over the heist. */
export interface BalanceDelta {
  address: Address
  asset: Asset
  amount: bigint
}

/** One arrival at or payout from the mixing wallet, in chain order. */
export interface MixingMove {
  direction: 'in' | 'out'
  /** The sender (in) or the recipient (out). */
  counterparty: Address
  amount: bigint
  hash: Hex
  blockNumber: bigint
  /** For an arrival: whether it is stolen funds. */
  stolen: boolean
  /** For a payout: the endpoint its tainted share makes (amount and origin filled in per model). */
  endpoint: Omit<ExpectedEndpoint, 'amount' | 'origin'> | null
}

/** A wallet that receives stolen and clean funds of one asset before it pays out: where the models differ. */
export interface MixingLeg {
  wallet: Address
  name: string
  asset: Asset
  moves: MixingMove[]
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

/** Per asset as held now (after swaps), in the categories of a trace report; amounts of that asset. */
export interface ExpectedAssetTotals {
  asset: Asset
  /** What the theft took of this asset. */
  stolen: bigint
  /** Taint created in this asset by a conversion of tainted funds (the swap's WETH, the unwrap's ETH). */
  swappedIn: bigint
  exchange: bigint
  bridge: bigint
  mixer: bigint
  /** Tainted input a converter kept (the pair's USDX) or burned (WETH's unwrapped WETH). */
  dex: bigint
  held: bigint
  /** The tainted freezable stablecoin at places its issuer can freeze: deposit addresses and wallets. */
  issuerFreezable: bigint
}

/** What one taint model attributes, worked out from the played chain without Dragnet's trace engine. */
export interface ModelTruth {
  /** Every endpoint under this model: those the models agree on, and the mixing wallet's shares. */
  endpoints: ExpectedEndpoint[]
  /** Per stolen asset in units of that asset; they sum to what was stolen except under poison (see `absorbed`). */
  totals: ExpectedTotals[]
  /** Per asset as held now, in the report's categories. */
  assets: ExpectedAssetTotals[]
  /** Clean funds the model counts as tainted (poison's), per asset. */
  absorbed: { asset: Asset; amount: bigint }[]
}

export interface ExpectedGroundTruth {
  /** Endpoints every model agrees on: no clean funds reach the stolen funds on their way there. */
  endpoints: ExpectedEndpoint[]
  conversions: ExpectedConversion[]
  mixing: MixingLeg
  /** Balance changes of the honest activity during the heist (not stolen funds). */
  clean: BalanceDelta[]
  /** Addresses near the laundering that no model may taint: a later pool user, a mixer withdrawal, a customer. */
  untainted: { key: string; address: Address; name: string }[]
  models: Record<WorldModel, ModelTruth>
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
  /**
   * With the mixer leg: its pools, relayers, every note of the three pools with the rules planted between its
   * deposit and withdrawal, and where a probable trace past the pools should arrive. Never part of `expected`.
   */
  mixerLeg?: MixerLegTruth
}

/** The manifest as JSON, with every bigint written as a decimal string. */
export function serializeManifest(manifest: HeistManifest): string {
  return `${JSON.stringify(manifest, (_key, value) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`
}

/** Writes the manifest as JSON to `path`. */
export function writeManifest(path: string, manifest: HeistManifest): void {
  writeFileSync(path, serializeManifest(manifest))
}
