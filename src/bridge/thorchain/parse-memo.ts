import { parseAsset, type ThorAsset } from './asset-notation.ts'

/**
 * A swap memo, `SWAP:ASSET:DESTADDR[/REFUNDADDR]:LIM[/INTERVAL/QUANTITY]:AFFILIATE:FEE` (dev.thorchain.org,
 * "Transaction Memos"), with the function's aliases `s`, `=` and `swap` in any case.
 */
export interface SwapMemo {
  function: 'swap'
  asset: ThorAsset
  /** The address (or THORName) to pay; empty when the memo leaves it out. */
  destination: string
  /** Where a failed swap is refunded; null for the sender (THORChain's default). */
  refundAddress: string | null
  /** The least output accepted, in THORChain's 1e8 units; scientific notation (`161e6`) expanded. */
  limit: bigint | null
  /** Streaming: blocks between sub-swaps and their number; null when not given. */
  interval: number | null
  quantity: number | null
  affiliates: string[]
  /** Affiliate fees in basis points, one per affiliate. */
  affiliateBps: number[]
  /** Data after `|`, passed to the outbound unchanged. */
  passthrough: string | null
}

/** An outbound's memo: `OUT:<inbound hash>` pays a swap, `REFUND:<inbound hash>` returns a deposit. */
export interface OutboundMemo {
  function: 'out' | 'refund'
  /** The inbound transaction's hash: 64 lowercase hex digits without `0x` (THORChain writes upper case). */
  inboundHash: string
}

export interface OtherMemo {
  function: 'other'
  /** The memo's function as written (ADD, WITHDRAW, ...). */
  name: string
}

export interface InvalidMemo {
  function: 'invalid'
  reason: string
}

export type ThorMemo = SwapMemo | OutboundMemo | OtherMemo | InvalidMemo

const SWAP_NAMES = new Set(['swap', 's', '='])

/**
 * Parses a THORChain memo. A memo THORChain would refuse (an unknown asset, a bad limit) parses as `invalid`
 * with the reason: THORChain refunds such a deposit, so the link is a refund.
 * @example parseThorMemo('=:b:bc1qxy...:0/1/0') // { function: 'swap', asset: { notation: 'BTC.BTC', ... }, ... }
 */
export function parseThorMemo(memo: string): ThorMemo {
  const bar = memo.indexOf('|')
  const body = (bar < 0 ? memo : memo.slice(0, bar)).trim()
  const passthrough = bar < 0 ? null : memo.slice(bar + 1)
  const parts = body.split(':')
  const name = (parts[0] ?? '').trim()
  const fn = name.toLowerCase()
  if (fn === 'out' || fn === 'refund') return outboundOf(fn, parts)
  if (!SWAP_NAMES.has(fn)) return name === '' ? invalid('empty memo') : { function: 'other', name }
  return swapOf(parts, passthrough)
}

function outboundOf(fn: 'out' | 'refund', parts: string[]): OutboundMemo | InvalidMemo {
  const hash = normaliseTxHash(parts[1] ?? '')
  if (hash === null || parts.length > 2) return invalid(`${fn.toUpperCase()} memo without a 32-byte hash`)
  return { function: fn, inboundHash: hash }
}

function swapOf(parts: string[], passthrough: string | null): SwapMemo | InvalidMemo {
  const [, assetText = '', destText = '', limitText = '', affText = '', feeText = ''] = parts
  if (parts.length > 6) return invalid('a swap memo has at most 6 fields')
  const asset = parseAsset(assetText.trim())
  if (asset === null) return invalid(`unknown asset ${JSON.stringify(assetText)}`)
  const [destination = '', refund] = destText.trim().split('/')
  const [lim = '', interval, quantity] = limitText.trim().split('/')
  const limit = lim === '' ? null : amountOf(lim)
  if (limit === undefined) return invalid(`bad trade limit ${JSON.stringify(lim)}`)
  const stream = [interval, quantity].map((v) => (v === undefined || v === '' ? null : intOf(v)))
  if (stream.some((v) => v === undefined)) return invalid(`bad streaming parameters ${JSON.stringify(limitText)}`)
  const affiliates = affText.trim() === '' ? [] : affText.trim().split('/')
  const fees = feeText.trim() === '' ? [] : feeText.trim().split('/').map(intOf)
  if (fees.some((f) => f === undefined || f > 10_000)) return invalid(`bad affiliate fee ${JSON.stringify(feeText)}`)
  return {
    function: 'swap',
    asset,
    destination,
    refundAddress: refund === undefined || refund === '' ? null : refund,
    limit,
    interval: stream[0] as number | null,
    quantity: stream[1] as number | null,
    affiliates,
    affiliateBps: fees as number[],
    passthrough,
  }
}

/** An amount as memos write it: digits, or digits `e` digits (THORChain's scientific notation); undefined if neither. */
function amountOf(text: string): bigint | undefined {
  const m = /^(\d+)(?:e(\d+))?$/i.exec(text)
  if (!m) return undefined
  return BigInt(m[1] as string) * 10n ** BigInt(m[2] ?? '0')
}

function intOf(text: string): number | undefined {
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined
}

function invalid(reason: string): InvalidMemo {
  return { function: 'invalid', reason }
}

/**
 * A transaction hash as THORChain and chains write it (upper or lower case, with or without `0x`), as 64
 * lowercase hex digits without `0x`; null when it is not 32 bytes of hex.
 */
export function normaliseTxHash(text: string): string | null {
  const t = text.trim()
  const hex = /^0x/i.test(t) ? t.slice(2) : t
  return /^[0-9a-fA-F]{64}$/.test(hex) ? hex.toLowerCase() : null
}

/** A normalised hash in a chain's own form: `0x`-prefixed for EVM chains, bare for UTXO chains. */
export function hashForChain(hash: string, family: 'evm' | 'utxo'): string {
  return family === 'evm' ? `0x${hash}` : hash
}
