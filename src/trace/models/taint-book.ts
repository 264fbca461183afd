/**
 * The bigint arithmetic of the haircut and FIFO models for one (address, asset) state. The limb books
 * (haircut-book.ts, fifo-book.ts) run the same rules in doubles and hand a state over to these functions once a
 * value reaches 2^84. Balances start at zero at the window's start: an outgoing transfer larger than what the trace
 * saw arrive is first topped up with clean value (a balance from before the window, or from transfers the trace
 * did not read).
 */

/** A run of value in an address's FIFO queue: `amount`, tainted or clean. */
export interface Segment {
  amount: bigint
  tainted: boolean
}

/** Haircut: a balance and its tainted part. */
export interface HaircutState {
  bal: bigint
  taint: bigint
}

/**
 * Haircut: every outgoing transfer carries the address's tainted share at that moment,
 * floor(amount * tainted / balance); the floor's remainder stays tainted at the address, so nothing is lost
 * or created and an address never sends more taint than it received. Returns the tainted part.
 */
export function haircutDebit(s: HaircutState, amount: bigint): bigint {
  if (s.bal < amount) s.bal = amount
  let t = 0n
  if (s.taint > 0n) t = s.taint === s.bal ? amount : (amount * s.taint) / s.bal
  s.taint -= t
  s.bal -= amount
  return t
}

export function haircutCredit(s: HaircutState, amount: bigint, tainted: bigint): void {
  s.bal += amount
  s.taint += tainted
}

/** FIFO: the queue (from `head`) and its tainted total. */
export interface FifoState {
  q: Segment[]
  head: number
  taint: bigint
}

/**
 * FIFO: an address's value is a queue of segments in arrival order; an outgoing transfer takes from the front,
 * and the recipient appends the same segments in the same order. Value beyond the queue is clean. Returns the
 * segments that left, in order, into `out` (emptied first), and the tainted part.
 */
export function fifoDebit(s: FifoState, amount: bigint, out: Segment[]): bigint {
  out.length = 0
  let left = amount
  let t = 0n
  while (left > 0n && s.head < s.q.length) {
    const seg = s.q[s.head] as Segment
    // biome-ignore lint/complexity/useMathMinMax: bigint
    const take = seg.amount <= left ? seg.amount : left
    appendSegment(out, take, seg.tainted)
    if (seg.tainted) t += take
    left -= take
    if (take === seg.amount) s.head++
    else seg.amount -= take
  }
  if (left > 0n) appendSegment(out, left, false)
  if (s.head > 64 && s.head * 2 > s.q.length) {
    s.q = s.q.slice(s.head)
    s.head = 0
  }
  s.taint -= t
  return t
}

export function fifoCredit(s: FifoState, segments: readonly Segment[], tainted: bigint): void {
  for (const seg of segments) appendSegment(s.q, seg.amount, seg.tainted, s.head)
  s.taint += tainted
}

/** A transfer with a tainted part and no known order inside it: the tainted part first. */
export function splitSegments(amount: bigint, tainted: bigint): Segment[] {
  const out: Segment[] = []
  appendSegment(out, tainted, true)
  appendSegment(out, amount - tainted, false)
  return out
}

/** Appends a run to a queue (its live part from `head`), merging it into the last run of the same kind. */
export function appendSegment(q: Segment[], amount: bigint, tainted: boolean, head = 0): void {
  if (amount <= 0n) return
  const last = q.length > head ? q[q.length - 1] : undefined
  if (last && last.tainted === tainted) last.amount += amount
  else q.push({ amount, tainted })
}
