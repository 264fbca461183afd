import type { BtcTransaction } from '../../core/btc-types.ts'
import type { CrossChainLink } from '../cross-chain-link.ts'
import { CHAIN_NAMES, chainNameOf } from './asset-notation.ts'
import { type BtcOutbound, paidOutputs, recogniseBtcOutbound } from './btc-outbound.ts'
import type { ThorchainDeposit, ThorchainTransferOut } from './decode-router-logs.ts'
import { normaliseTxHash, parseThorMemo, type SwapMemo } from './parse-memo.ts'

export interface LinkOptions {
  /** THORChain chain codes to store chain names (default CHAIN_NAMES: BTC -> bitcoin). */
  chainNames?: Readonly<Record<string, string>>
  /** The inbound chain's router TransferOuts: refunds (and outbounds) paid back on it. */
  transferOuts?: readonly ThorchainTransferOut[]
}

/**
 * Links THORChain deposits to their outbounds: a Bitcoin transaction whose OP_RETURN says `OUT:<deposit hash>`
 * pays the swap, a router TransferOut or Bitcoin payment saying `REFUND:<deposit hash>` returns it. A deposit
 * whose memo is a swap but whose outbound is not in the data links with `outboundTx: null`; a deposit whose memo
 * THORChain would refuse is a refund to the memo's refund address or the sender. Other memos (liquidity, bonds)
 * are not crossings and give no link.
 */
export function linkThorchain(
  deposits: readonly ThorchainDeposit[],
  btcTxs: readonly BtcTransaction[],
  options: LinkOptions = {},
): CrossChainLink[] {
  const names = options.chainNames ?? CHAIN_NAMES
  const btcChain = chainNameOf('BTC', names)
  const btcOut = groupBy(
    btcTxs.flatMap((tx) => recogniseBtcOutbound(tx) ?? []),
    (o) => o.memo.inboundHash,
  )
  const evmOut = groupBy(options.transferOuts ?? [], (t) => {
    const m = parseThorMemo(t.memo)
    return m.function === 'out' || m.function === 'refund' ? `${m.function}:${m.inboundHash}` : ''
  })
  const links: CrossChainLink[] = []
  // A memo THORChain cannot act on is refunded to the sender: the link waits for the refund with the sender.
  for (const d of deposits) {
    const hash = normaliseTxHash(d.tx)
    if (hash === null) continue
    const memo = parseThorMemo(d.memo)
    const base = baseLink(d)
    const refund = evmOut.get(`refund:${hash}`)?.[0]
    const btc = btcOut.get(hash) ?? []
    if (refund) links.push({ ...base, ...evmRefund(refund, d.chain) })
    else if (btc.some((o) => o.memo.function === 'refund'))
      links.push({ ...base, ...btcPaid(btc, null, btcChain, 'refund') })
    else if (memo.function === 'swap') links.push({ ...base, ...swapLeg(memo, btc, names, btcChain) })
    else if (memo.function === 'invalid') links.push({ ...base, ...none(d.chain, d.sender ?? '', 'refund') })
  }
  return links
}

type LinkTail = Pick<
  CrossChainLink,
  'toChain' | 'destination' | 'outboundTx' | 'outboundOutputs' | 'outboundAmount' | 'kind'
>

function baseLink(d: ThorchainDeposit) {
  return {
    protocol: 'thorchain',
    fromChain: d.chain,
    inboundTx: d.tx,
    inboundAsset: d.asset,
    inboundAmount: d.amount,
    sender: d.sender,
    memo: d.memo,
    source: 'chain' as const,
  }
}

function swapLeg(
  memo: SwapMemo,
  btc: readonly BtcOutbound[],
  names: Readonly<Record<string, string>>,
  btcChain: string,
): LinkTail {
  const toChain = chainNameOf(memo.asset.chain, names)
  // A synth or trade asset stays on THORChain: no outbound on the asset's chain.
  const onChain = memo.asset.kind === 'layer1' ? toChain : chainNameOf('THOR', names)
  if (onChain === btcChain && btc.length > 0) return btcPaid(btc, memo.destination, btcChain, 'swap')
  return none(onChain, memo.destination, 'swap')
}

function btcPaid(
  btc: readonly BtcOutbound[],
  destination: string | null,
  btcChain: string,
  kind: 'swap' | 'refund',
): LinkTail {
  const paying = btc.filter((o) => o.memo.function === (kind === 'swap' ? 'out' : 'refund'))
  const outputs = paying.flatMap((o) => paidOutputs(o, destination))
  return {
    toChain: btcChain,
    destination: destination ?? outputs[0]?.address ?? '',
    outboundTx: paying[0]?.tx.hash ?? null,
    outboundOutputs: outputs,
    outboundAmount: outputs.reduce((s, o) => s + o.value, 0n),
    kind,
  }
}

function evmRefund(t: ThorchainTransferOut, chain: string): LinkTail {
  return {
    toChain: chain,
    destination: t.to,
    outboundTx: t.tx,
    outboundOutputs: [],
    outboundAmount: t.amount,
    kind: 'refund',
  }
}

function none(toChain: string, destination: string, kind: 'swap' | 'refund'): LinkTail {
  return { toChain, destination, outboundTx: null, outboundOutputs: [], outboundAmount: null, kind }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const it of items) {
    const k = key(it)
    if (k === '') continue
    const list = m.get(k)
    if (list) list.push(it)
    else m.set(k, [it])
  }
  return m
}
