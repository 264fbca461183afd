import type { BtcTransaction } from '../core/btc-types.ts'
import type { BitcoinLegTruth } from '../devnet/bitcoin/bitcoin-leg-truth.ts'
import type { TaintModel } from '../trace/trace-types.ts'

/**
 * What each model must find at the exchange's Bitcoin deposit address, worked out from the stored transactions of
 * the leg's shape, not by the engine. Everything before the mix is the attacker's stolen coin alone, so the four
 * peels reach the deposit fully tainted under every model. The mix is where the models part:
 * - poison: the attacker's postmix output is tainted in full, and so is the deposit paid from it;
 * - haircut: the mix's outputs share the premix's taint T of the inputs' value I by cumulative floors
 *   (output j gets floor(T·C_j/I) − floor(T·C_{j−1}/I), C_j the outputs' value up to j; docs/bitcoin.md), and the
 *   deposit from the postmix output keeps floor(t·paid/value), the fee taking the rest;
 * - fifo: the premix's satoshi range among the inputs (in input order) lands on the outputs' ranges (in output
 *   order); the deposit pays the first satoshi of the postmix output, the fee the last.
 */
export function depositTruth(model: TaintModel, truth: BitcoinLegTruth, txs: readonly BtcTransaction[]): bigint {
  const peels = truth.peels.reduce((s, p) => s + p.sats, 0n)
  if (model === 'poison') return truth.exchange.deposited
  const mix = txs.find((t) => t.hash === truth.mix.txid)
  const depositTx = txs.find((t) => t.hash === truth.txs.find((x) => x.step === 'deposit-mixed')?.txid)
  if (!mix || !depositTx) throw new Error('the Bitcoin leg is not in the store')
  const vout = truth.mix.attackerOutput.vout
  const premix = mix.inputs.findIndex((i) => i.addresses[0] === truth.mix.attackerInput)
  const values = mix.inputs.map((i) => i.value ?? 0n)
  const outputs = mix.outputs.map((o) => o.value)
  const paid = depositTx.outputs[0]?.value ?? 0n
  const postmix = outputs[vout] ?? 0n
  if (model === 'haircut') {
    const T = values[premix] ?? 0n
    const I = values.reduce((s, v) => s + v, 0n)
    const before = outputs.slice(0, vout).reduce((s, v) => s + v, 0n)
    const t = (T * (before + postmix)) / I - (T * before) / I
    return peels + (t * paid) / postmix
  }
  // FIFO: the premix covers [start, start + T) of the inputs' satoshi; the postmix output covers [lo, lo + value).
  const start = values.slice(0, premix).reduce((s, v) => s + v, 0n)
  const end = start + (values[premix] ?? 0n)
  const lo = outputs.slice(0, vout).reduce((s, v) => s + v, 0n)
  const overlap = (a: bigint, b: bigint, c: bigint, d: bigint) => (b < c || d < a ? 0n : min(b, d) - max(a, c))
  const tainted = { from: max(start, lo) - lo, to: min(end, lo + postmix) - lo }
  if (tainted.to <= tainted.from) return peels
  // The deposit pays the postmix output's first `paid` satoshi.
  return peels + overlap(tainted.from, tainted.to, 0n, paid)
}

const min = (a: bigint, b: bigint) => (a < b ? a : b)
const max = (a: bigint, b: bigint) => (a > b ? a : b)
