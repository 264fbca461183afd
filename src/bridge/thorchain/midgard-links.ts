import type { BtcTransaction } from '../../core/btc-types.ts'
import type { CrossChainLink, OutboundOutput } from '../cross-chain-link.ts'
import { CHAIN_NAMES, chainNameOf, parseAsset, type ThorAsset, traceAssetOf } from './asset-notation.ts'
import type { MidgardAction, MidgardTx } from './midgard-actions.ts'
import { hashForChain, normaliseTxHash } from './parse-memo.ts'

/** THORChain chain codes of EVM chains (hashes and addresses written `0x…` in lower case). */
const EVM_CODES = new Set(['ETH', 'AVAX', 'BSC', 'BASE'])

/** Decimals of the native assets on their chains; THORChain's 1e8 amounts scale to these exactly. */
const NATIVE_DECIMALS: Readonly<Record<string, number>> = {
  ETH: 18,
  AVAX: 18,
  BSC: 18,
  BASE: 18,
  BTC: 8,
  LTC: 8,
  BCH: 8,
  DOGE: 8,
}

export interface MidgardLinkOptions {
  chainNames?: Readonly<Record<string, string>>
  /** A token's decimals on its chain (native assets are known); null leaves the action out as unconverted. */
  decimals?: (asset: ThorAsset) => number | null
  /** Bitcoin transactions to find each outbound output's index in (Midgard names only txid, address and amount). */
  btcTxs?: readonly BtcTransaction[]
}

export interface MidgardLinks {
  links: CrossChainLink[]
  /** Inbound txIDs whose amounts could not be put in base units (a token of unknown decimals). */
  unconverted: string[]
}

/**
 * The links Midgard's actions record: one per swap or refund with an inbound on a chain (a RUNE inbound inside
 * THORChain is no crossing). Where Midgard lists a swap and a refund of the same inbound, the refund is the link.
 * Amounts go from THORChain's 1e8 units to base units by the asset's decimals: exact for ETH (times 1e10) and
 * BTC (satoshi), so a link agrees with the chain's when the deposit was a multiple of 1e10 wei, as THORChain
 * itself truncates an inbound to 1e8 units.
 */
export function midgardLinks(actions: readonly MidgardAction[], options: MidgardLinkOptions = {}): MidgardLinks {
  const names = options.chainNames ?? CHAIN_NAMES
  const byInbound = new Map<string, CrossChainLink>()
  const unconverted: string[] = []
  for (const a of actions) {
    if (a.type !== 'swap' && a.type !== 'refund') continue
    const inbound = a.in[0]
    const coin = inbound?.coins[0]
    const asset = coin ? parseAsset(coin.asset) : null
    if (!inbound || !coin || !asset || asset.chain === 'THOR' || normaliseTxHash(inbound.txID) === null) continue
    const amount = toBaseUnits(BigInt(coin.amount), asset, options.decimals)
    const inboundAsset = traceAssetOf(asset)
    if (amount === null || inboundAsset === null) {
      unconverted.push(inbound.txID)
      continue
    }
    const link = linkOf(a, inbound, asset, inboundAsset, amount, names, options)
    const prior = byInbound.get(link.inboundTx)
    if (!prior || (link.kind === 'refund' && prior.kind === 'swap')) byInbound.set(link.inboundTx, link)
  }
  return { links: [...byInbound.values()], unconverted }
}

function linkOf(
  a: MidgardAction,
  inbound: MidgardTx,
  asset: ThorAsset,
  inboundAsset: string,
  amount: bigint,
  names: Readonly<Record<string, string>>,
  options: MidgardLinkOptions,
): CrossChainLink {
  const memo = (a.type === 'refund' ? a.metadata.refund?.memo : a.metadata.swap?.memo) ?? ''
  const paid = a.out.filter((o) => normaliseTxHash(o.txID) !== null && o.coins[0] && parseAsset(o.coins[0].asset))
  // A refund pays back on the inbound's chain; a swap on its target's (the first out leg that left THORChain).
  const leg = a.type === 'refund' ? paid.find((o) => outChain(o) === asset.chain) : paid[0]
  const legAsset = leg ? (parseAsset(leg.coins[0]?.asset ?? '') as ThorAsset) : null
  const toCode = legAsset?.chain ?? (a.type === 'refund' ? asset.chain : (memoTargetChain(memo) ?? asset.chain))
  const outboundTx = leg ? hashForChain(normaliseTxHash(leg.txID) as string, familyOf(toCode)) : null
  const outputs =
    leg && legAsset && !EVM_CODES.has(toCode) ? utxoOutputs(leg, outboundTx as string, options.btcTxs) : []
  const outAmount =
    leg && legAsset ? toBaseUnits(BigInt(leg.coins[0]?.amount ?? '0'), legAsset, options.decimals) : null
  return {
    protocol: 'thorchain',
    fromChain: chainNameOf(asset.chain, names),
    inboundTx: hashForChain(normaliseTxHash(inbound.txID) as string, familyOf(asset.chain)),
    inboundAsset,
    inboundAmount: amount,
    sender: addressForm(inbound.address, asset.chain),
    memo,
    toChain: chainNameOf(toCode, names),
    destination: leg ? addressForm(leg.address, toCode) : '',
    outboundTx,
    outboundOutputs: outputs,
    outboundAmount: outAmount,
    kind: a.type === 'refund' ? 'refund' : 'swap',
    source: 'midgard',
  }
}

function outChain(o: MidgardTx): string | null {
  return parseAsset(o.coins[0]?.asset ?? '')?.chain ?? null
}

function memoTargetChain(memo: string): string | null {
  return parseAsset(memo.split(':')[1] ?? '')?.chain ?? null
}

function familyOf(code: string): 'evm' | 'utxo' {
  return EVM_CODES.has(code) ? 'evm' : 'utxo'
}

/** Midgard writes EVM addresses as the chain reported them (checksummed or not); Dragnet keeps them lowercase. */
function addressForm(address: string, code: string): string {
  return EVM_CODES.has(code) ? address.toLowerCase() : address
}

function toBaseUnits(e8: bigint, asset: ThorAsset, decimals?: (a: ThorAsset) => number | null): bigint | null {
  const d = asset.ticker === null ? (NATIVE_DECIMALS[asset.chain] ?? null) : (decimals?.(asset) ?? null)
  if (d === null) return null
  return d >= 8 ? e8 * 10n ** BigInt(d - 8) : e8 / 10n ** BigInt(8 - d)
}

/** The outbound's output, its index found in the Bitcoin transaction when that was read (by address and value). */
function utxoOutputs(leg: MidgardTx, txid: string, btcTxs?: readonly BtcTransaction[]): OutboundOutput[] {
  const value = BigInt(leg.coins[0]?.amount ?? '0')
  const tx = btcTxs?.find((t) => t.hash === txid)
  const out = tx?.outputs.find((o) => o.value === value && o.addresses.includes(leg.address))
  return [{ txid, vout: out?.index ?? null, address: leg.address, value }]
}
