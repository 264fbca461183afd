import { cutRanges, pushRange, rangeTotal } from './fifo-ranges.ts'
import { mulDiv } from './mul-div.ts'
import type { OutputTable } from './output-table.ts'

/** The followed tainted inputs of one transaction, as the split functions read them. */
export interface TaintedInputs {
  /** How many inputs are followed (the first k items of slot and offset). */
  k: number
  /** The spent outputs' slots. */
  slot: Int32Array
  /** Each input's first satoshi in the transaction's satoshis (inputs laid end to end in input order). */
  offset: Float64Array
  /** Sum of the followed inputs' taint. */
  taint: number
  /** Sum of every input's value. */
  inputValue: number
}

/**
 * Poison: a transaction with any followed tainted input taints every output in full, and its fee.
 * Returns the fee's taint.
 */
export function poisonSplit(t: OutputTable, first: number, n: number, inputValue: number): number {
  let sum = 0
  for (let i = first; i < first + n; i++) {
    t.taint[i] = t.value[i] as number
    sum += t.value[i] as number
  }
  return inputValue - sum
}

/**
 * Haircut: the outputs share the inputs' taint T in proportion to value. Output i (values cumulated to C_i in
 * output order, over the input value V) gets floor(T * C_i / V) - floor(T * C_{i-1} / V); the fee, the last
 * satoshis, gets T - floor(T * C_n / V). The shares telescope to T exactly, each is within one satoshi of
 * T * v_i / V and never above v_i, and a fee of 0 gets 0. Returns the fee's taint.
 */
export function haircutSplit(t: OutputTable, first: number, n: number, taint: number, inputValue: number): number {
  if (taint === 0) return 0
  if (taint === inputValue) return poisonSplit(t, first, n, inputValue)
  let cum = 0
  let prev = 0
  for (let i = first; i < first + n; i++) {
    cum += t.value[i] as number
    const q = mulDiv(cum, taint, inputValue)
    t.taint[i] = q - prev
    prev = q
  }
  return taint - prev
}

/**
 * FIFO: the followed inputs' tainted ranges, laid out in the transaction's satoshis, cut at the outputs' bounds.
 * Output i gets the exact overlap with its range (kept per output when partial, so it passes on the exact part);
 * the fee takes the last satoshis. Returns the fee's taint.
 */
export function fifoSplit(
  t: OutputTable,
  first: number,
  n: number,
  inputs: TaintedInputs,
  ranges: Map<number, number[]>,
): number {
  const tx: number[] = []
  for (let j = 0; j < inputs.k; j++) {
    const s = inputs.slot[j] as number
    const off = inputs.offset[j] as number
    const own = ranges.get(s)
    if (own === undefined) pushRange(tx, off, off + (t.taint[s] as number))
    else for (let r = 0; r < own.length; r += 2) pushRange(tx, off + (own[r] as number), off + (own[r + 1] as number))
  }
  let from = 0
  let next = 0
  for (let i = first; i < first + n; i++) {
    const v = t.value[i] as number
    const part: number[] = []
    const cut = cutRanges(tx, next, from, from + v, part)
    next = cut.next
    t.taint[i] = cut.total
    if (cut.total > 0 && cut.total < v) ranges.set(i, part)
    from += v
  }
  const fee: number[] = []
  cutRanges(tx, next, from, inputs.inputValue, fee)
  return rangeTotal(fee)
}
