import type { BtcTransaction } from '../core/btc-types.ts'

/** The CoinJoin shapes clustering recognises (and then does not read as one owner's transaction). */
export type CoinJoinShape = 'wasabi-1' | 'wasabi-2' | 'whirlpool' | 'whirlpool-tx0' | 'joinmarket'

const BTC = 100_000_000

/** Whirlpool's pool denominations in satoshi: 0.001, 0.01, 0.05 and 0.5 BTC (docs.samourai.io/en/whirlpool). */
export const WHIRLPOOL_POOLS: readonly number[] = [100_000, 1_000_000, 5_000_000, 50_000_000]

/**
 * Wasabi 1's coordinator fee addresses (Dumplings, nopara73/Dumplings Constants.cs): before block 610,000 a
 * Wasabi 1 round paid its coordinator fee to one of these.
 */
export const WASABI_COORDINATORS: ReadonlySet<string> = new Set([
  'bc1qs604c7jv6amk4cxqlnvuxv26hv3e48cds4m0ew',
  'bc1qa24tsgchvuxsaccp8vrnkfd85hrcpafg20kmjw',
])

/**
 * Wasabi 2's standard denominations (WalletWasabi BlockchainAnalyzer.StdDenoms): powers of 2, powers of 3, twice
 * the powers of 3, and 1, 2 and 5 times the powers of 10, from 5,000 sat up.
 */
export const WASABI2_DENOMINATIONS: ReadonlySet<number> = (() => {
  const s = new Set<number>()
  const add = (v: number) => {
    if (v >= 5000 && v <= 2 ** 44) s.add(v)
  }
  for (let v = 1; v <= 2 ** 44; v *= 2) add(v)
  for (let v = 1; v <= 2 ** 44; v *= 3) {
    add(v)
    add(2 * v)
  }
  for (let v = 1; v <= 2 ** 44; v *= 10) {
    add(v)
    add(2 * v)
    add(5 * v)
  }
  return s
})()

/** The most frequent output value among values that occur at least twice, with its count (0 when none repeats). */
export function equalOutputs(tx: BtcTransaction): { value: number; count: number; groups: number } {
  const counts = new Map<number, number>()
  for (const o of tx.outputs) counts.set(Number(o.value), (counts.get(Number(o.value)) ?? 0) + 1)
  let value = 0
  let count = 0
  let groups = 0
  for (const [v, c] of counts) {
    if (c < 2) continue
    groups++
    if (c > count || (c === count && v > value)) {
      value = v
      count = c
    }
  }
  return { value, count, groups }
}

const isNullData = (tx: BtcTransaction, i: number) => tx.outputs[i]?.type === 'nulldata'
const distinct = (xs: readonly string[]) => new Set(xs).size
const inputAddresses = (tx: BtcTransaction) => tx.inputs.map((i) => i.addresses.join('|'))
const outputAddresses = (tx: BtcTransaction) => tx.outputs.map((o) => o.addresses.join('|'))

/**
 * Whirlpool mix (Dumplings Scanner.cs; GraphSense graphsense-lib #76): 5 inputs and 5 outputs, every output
 * exactly one pool denomination, every input and output address distinct. Since 2023 the coordinator also runs
 * "surge cycles" of 6, 7 or 8 participants (planb.academy's Whirlpool course), read here the same way.
 */
export function isWhirlpool(tx: BtcTransaction): boolean {
  const n = tx.outputs.length
  if (n < 5 || n > 8 || tx.inputs.length !== n) return false
  const v = Number(tx.outputs[0]?.value)
  if (!WHIRLPOOL_POOLS.includes(v) || tx.outputs.some((o) => Number(o.value) !== v)) return false
  return distinct(inputAddresses(tx)) === n && distinct(outputAddresses(tx)) === n
}

/**
 * Whirlpool Tx0 (the premix split; Dumplings, GraphSense #76, Samourai's docs): one wallet's inputs split into
 * up to 70 equal premix outputs of a pool denomination plus a miner-fee allowance (at most 0.0011 BTC more),
 * beside an OP_RETURN output (the coordinator's encrypted note), the coordinator's fee output and change.
 */
export function isWhirlpoolTx0(tx: BtcTransaction): boolean {
  const nullData = tx.outputs.filter((_, i) => isNullData(tx, i)).length
  if (nullData !== 1) return false
  const eq = equalOutputs(tx)
  if (eq.count < 1 || eq.count > 70) return false
  const pool = WHIRLPOOL_POOLS.find((d) => eq.value > d && eq.value <= d + 110_000)
  if (pool === undefined) return false
  // Premix outputs, the OP_RETURN, the coordinator's fee and at most one change output.
  return tx.outputs.length - eq.count - 1 <= 2
}

/**
 * Wasabi 1 (ZeroLink; Dumplings Scanner.cs): at least 10 equal outputs of about 0.1 BTC (within 0.02 BTC), no
 * fewer inputs than equal outputs; or, in the early rounds, an output to a known coordinator address with more
 * than two equal outputs.
 */
export function isWasabi1(tx: BtcTransaction): boolean {
  const eq = equalOutputs(tx)
  if (eq.count > 2 && tx.outputs.some((o) => WASABI_COORDINATORS.has(o.addresses[0] ?? ''))) return true
  return eq.count >= 10 && tx.inputs.length >= eq.count && Math.abs(eq.value - 0.1 * BTC) <= 0.02 * BTC
}

/**
 * Wasabi 2 (WabiSabi; GraphSense #76, crocs-muni/Dumplings): at least 50 inputs, all segwit v0 or taproot (the
 * only inputs WabiSabi coordinators accept), and most outputs at Wasabi's standard denominations, some repeated.
 */
export function isWasabi2(tx: BtcTransaction): boolean {
  if (tx.inputs.length < 50) return false
  if (!tx.inputs.every((i) => i.type === 'witness_v0_keyhash' || i.type === 'witness_v1_taproot')) return false
  let standard = 0
  for (const o of tx.outputs) if (WASABI2_DENOMINATIONS.has(Number(o.value))) standard++
  return standard * 2 >= tx.outputs.length && equalOutputs(tx).count >= 2
}

/**
 * JoinMarket (maker/taker; Dumplings' "other CoinJoin" rule, GraphSense #76): one group of n >= 2 equal outputs
 * (the CoinJoin amount), at most n other outputs (the participants' change), at least n distinct input
 * addresses, all output addresses distinct, and no input larger than the amount plus the largest change (each
 * input funds one equal output and one change: Dumplings' shortcut for a subset sum). Dumplings keeps a margin
 * of 0.0001 BTC below that bound; a taker pays the makers' and the miner's fees from its input, so here the
 * bound has an allowance of 0.001 BTC above it instead.
 */
export function isJoinMarket(tx: BtcTransaction): boolean {
  const eq = equalOutputs(tx)
  if (eq.count < 2 || eq.groups !== 1) return false
  const others = tx.outputs.filter((o) => Number(o.value) !== eq.value).map((o) => Number(o.value))
  if (others.length > eq.count) return false
  if (distinct(inputAddresses(tx)) < eq.count || distinct(outputAddresses(tx)) !== tx.outputs.length) return false
  const maxIn = Math.max(...tx.inputs.map((i) => Number(i.value ?? 0n)))
  return maxIn <= eq.value + Math.max(0, ...others) + 100_000
}

/** Whether two outputs have the same value: every shape has that, so most transactions are ruled out here. */
function repeatsValue(tx: BtcTransaction): boolean {
  const o = tx.outputs
  if (o.length < 2) return false
  if (o.length === 2) return (o[0] as { value: bigint }).value === (o[1] as { value: bigint }).value
  return equalOutputs(tx).count >= 2
}

/** The CoinJoin shape of a transaction, or null for an ordinary one (coinbase transactions are never one). */
export function coinJoinShape(tx: BtcTransaction): CoinJoinShape | null {
  if (tx.isCoinbase || !repeatsValue(tx)) return null
  if (tx.inputs.length < 2) {
    return tx.inputs.length >= 1 && !tx.isCoinbase && isWhirlpoolTx0(tx) ? 'whirlpool-tx0' : null
  }
  if (isWhirlpool(tx)) return 'whirlpool'
  if (isWasabi2(tx)) return 'wasabi-2'
  if (isWasabi1(tx)) return 'wasabi-1'
  if (isWhirlpoolTx0(tx)) return 'whirlpool-tx0'
  if (isJoinMarket(tx)) return 'joinmarket'
  return null
}
