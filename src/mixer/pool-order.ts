import type { PoolDeposit, PoolWithdrawal } from './mixer-types.ts'

/** A pool event's place in the chain: block, then log index. */
export interface EventPlace {
  block: bigint
  logIndex: number
}

/** Orders two events by block, then log index (chain order; ties only for the same log). */
export function compareEvents(a: EventPlace, b: EventPlace): number {
  if (a.block !== b.block) return a.block < b.block ? -1 : 1
  return a.logIndex - b.logIndex
}

/** Whether `a` comes strictly before `b` in the chain. */
export function isBefore(a: EventPlace, b: EventPlace): boolean {
  return compareEvents(a, b) < 0
}

/** The stable key of one event: `<tx>:<log index>`. */
export function eventKey(e: { tx: string; logIndex: number }): string {
  return `${e.tx}:${e.logIndex}`
}

/** A link's id: `<deposit tx>:<log index>><withdrawal tx>:<log index>` (MixerLink.id). */
export function linkId(deposit: PoolDeposit, withdrawal: PoolWithdrawal): string {
  return `${eventKey(deposit)}>${eventKey(withdrawal)}`
}

/** The unordered pair key `a|b` with a < b (PoolActivity.interactions). */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`
}
