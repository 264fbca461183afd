import type { BtcOutput, BtcTransaction } from '../core/btc-types.ts'

/**
 * Change heuristics: each names the output it takes for the sender's change (its address then belongs to the
 * inputs' owner), or -1. They read ordinary transactions only: no coinbase, no CoinJoin, at least two outputs.
 * Confidences follow GraphSense's published ones where it has the rule (address reuse 100, one-time change 50).
 */
export interface ChangeRule {
  name: ChangeRuleName
  confidence: number
  /** The change output's index, or -1 when the rule does not decide. */
  pick(tx: BtcTransaction, seen: SeenAddresses): number
}

export type ChangeRuleName =
  | 'change:address-reuse'
  | 'change:script-type'
  | 'change:round-amount'
  | 'change:smaller-than-inputs'
  | 'change:never-reused'

/** What clustering has seen of the current transaction's output addresses before it. */
export interface SeenAddresses {
  /** Whether output i's address appeared (in an input or an output) in an earlier transaction. */
  seenBefore(output: number): boolean
}

const single = (o: BtcOutput) => (o.addresses.length === 1 ? (o.addresses[0] as string) : null)

/** Whether an address is one of the transaction's input addresses (a scan: inputs are few; no set per transaction). */
function isInputAddress(tx: BtcTransaction, a: string): boolean {
  for (const i of tx.inputs) if (i.addresses[0] === a) return true
  return false
}

/** The only index for which ok holds, or -1 when none or several do. */
function onlyOne(n: number, ok: (i: number) => boolean): number {
  let found = -1
  for (let i = 0; i < n; i++) {
    if (!ok(i)) continue
    if (found >= 0) return -1
    found = i
  }
  return found
}

/**
 * Address reuse (self-change; Meiklejohn et al. 2013, GraphSense confidence 100): the sender paid change back to
 * one of its own input addresses. With one such output, that output is the change.
 */
const addressReuse: ChangeRule = {
  name: 'change:address-reuse',
  confidence: 100,
  pick(tx) {
    return onlyOne(tx.outputs.length, (i) => {
      const a = single(tx.outputs[i] as BtcOutput)
      return a !== null && isInputAddress(tx, a)
    })
  },
}

/**
 * Script type (Ermilov et al. 2017 'Automatic Bitcoin address clustering'; BlockSci's change by address type): a
 * wallet pays change to its own kind of script. When every input has one type and exactly one output has it
 * while the others differ, that output is the change.
 */
const scriptType: ChangeRule = {
  name: 'change:script-type',
  confidence: 60,
  pick(tx) {
    const type = tx.inputs[0]?.type
    if (!type || tx.inputs.some((i) => i.type !== type)) return -1
    return onlyOne(tx.outputs.length, (i) => tx.outputs[i]?.type === type)
  },
}

/** A round amount: a whole number of 0.001 BTC (100,000 sat), how people and invoices name payments. */
export const isRound = (v: bigint) => v % 100_000n === 0n

/**
 * Round amount (Androulaki et al. 2013; Ermilov et al. 2017): in a two-output transaction where one output is
 * round and the other not, the round one is the payment and the other the change.
 */
const roundAmount: ChangeRule = {
  name: 'change:round-amount',
  confidence: 50,
  pick(tx) {
    if (tx.outputs.length !== 2) return -1
    const r0 = isRound((tx.outputs[0] as BtcOutput).value)
    const r1 = isRound((tx.outputs[1] as BtcOutput).value)
    return r0 === r1 ? -1 : r0 ? 1 : 0
  },
}

/**
 * Smaller than every input ("optimal change", Androulaki et al. 2013; Nick 2015's unnecessary-input rule): a
 * wallet adds inputs until the payment is covered, so the payment is larger than any one input it needed, and an
 * output smaller than the smallest input is not the payment. With at least two inputs and exactly one output
 * below the smallest input, that output is the change.
 */
const smallerThanInputs: ChangeRule = {
  name: 'change:smaller-than-inputs',
  confidence: 50,
  pick(tx) {
    if (tx.inputs.length < 2) return -1
    let min: bigint | null = null
    for (const i of tx.inputs) {
      if (i.value === null) return -1
      if (min === null || i.value < min) min = i.value
    }
    return onlyOne(tx.outputs.length, (i) => (tx.outputs[i] as BtcOutput).value < (min as bigint))
  },
}

/**
 * One-time change (Meiklejohn et al. 2013; GraphSense, confidence 50): the change goes to a fresh address. When
 * exactly one output's address was never seen before while every other output's was, and no output pays an
 * input address, the fresh one is the change. clusterAddresses drops the link if the address turns up again in a
 * later output (then it was not a one-time address).
 */
const neverReused: ChangeRule = {
  name: 'change:never-reused',
  confidence: 50,
  pick(tx, seen) {
    for (const o of tx.outputs) {
      const a = single(o)
      if (a !== null && isInputAddress(tx, a)) return -1
    }
    return onlyOne(tx.outputs.length, (i) => {
      const a = single(tx.outputs[i] as BtcOutput)
      return a !== null && !seen.seenBefore(i)
    })
  },
}

/** Every change rule, in the order their links are listed. */
export const CHANGE_RULES: readonly ChangeRule[] = [
  addressReuse,
  scriptType,
  roundAmount,
  smallerThanInputs,
  neverReused,
]
