import { getOr } from '../../core/get-or.ts'
import type { LinkIndex } from '../link-index.ts'
import type { PoolDeposit, PoolWithdrawal } from '../mixer-types.ts'
import { isBefore } from '../pool-order.ts'
import type { RuleVote } from './rule-vote.ts'

/** A recipient alone in withdrawing exactly a depositor's mix of denominations soon after. */
export const MULTI_DENOMINATION_CONFIDENCE = 0.65

/**
 * Multi-denomination: an address whose deposits of one asset span two or more pools (denominations) and three or
 * more notes, and exactly one recipient whose withdrawals from those pools, after the address's last deposit and
 * within `multiDenominationWindowSeconds` of it, are the same count per pool. Each of the recipient's withdrawals
 * is paired with one of the address's deposits into the same pool, in time order.
 */
export function multiDenominationVotes(index: LinkIndex): RuleVote[] {
  const window = BigInt(Math.floor(index.options.multiDenominationWindowSeconds))
  const votes: RuleVote[] = []
  for (const [depositor, all] of index.depositsByAddress) {
    for (const deposits of byAsset(index, all).values()) {
      const perPool = countByPool(deposits)
      if (deposits.length < 3 || denominationsOf(index, perPool).size < 2) continue
      const last = deposits[deposits.length - 1] as PoolDeposit
      const matches = recipientsMatching(index, perPool, last, last.time + window)
      if (matches.length !== 1) continue
      const [recipient, withdrawals] = matches[0] as [string, PoolWithdrawal[]]
      votes.push(...pairInOrder(deposits, withdrawals, depositor, recipient, perPool, index))
    }
  }
  return votes
}

/** The depositor's deposits per asset, in chain order (the pools' denominations differ per asset). */
function byAsset(index: LinkIndex, deposits: readonly PoolDeposit[]): Map<string, PoolDeposit[]> {
  const out = new Map<string, PoolDeposit[]>()
  for (const d of deposits) {
    const asset = index.pools.get(d.pool)?.asset ?? ''
    getOr(out, asset, () => []).push(d)
  }
  return out
}

function denominationsOf(index: LinkIndex, perPool: ReadonlyMap<string, number>): Set<bigint> {
  return new Set([...perPool.keys()].map((pool) => index.pools.get(pool)?.denomination ?? 0n))
}

function countByPool(events: readonly { pool: string }[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const e of events) out.set(e.pool, (out.get(e.pool) ?? 0) + 1)
  return out
}

/** Recipients whose withdrawals from the pools after `last` and up to `until` count the same per pool. */
function recipientsMatching(
  index: LinkIndex,
  perPool: ReadonlyMap<string, number>,
  last: PoolDeposit,
  until: bigint,
): [string, PoolWithdrawal[]][] {
  const byRecipient = new Map<string, PoolWithdrawal[]>()
  for (const pool of perPool.keys()) {
    const list = index.withdrawalsByPool.get(pool) ?? []
    for (let i = firstAfter(list, last); i < list.length; i++) {
      const w = list[i] as PoolWithdrawal
      if (w.time > until) break
      const mine = byRecipient.get(w.recipient)
      if (mine) mine.push(w)
      else byRecipient.set(w.recipient, [w])
    }
  }
  const out: [string, PoolWithdrawal[]][] = []
  for (const [recipient, ws] of byRecipient) {
    const counts = countByPool(ws)
    if (counts.size !== perPool.size) continue
    let same = true
    for (const [pool, n] of perPool) if (counts.get(pool) !== n) same = false
    if (same) out.push([recipient, ws])
  }
  return out
}

/** Index of the first withdrawal in a chain-ordered list that comes after `at`. */
function firstAfter(list: readonly PoolWithdrawal[], at: PoolDeposit): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (isBefore(list[mid] as PoolWithdrawal, at)) lo = mid + 1
    else hi = mid
  }
  return lo
}

function pairInOrder(
  deposits: readonly PoolDeposit[],
  withdrawals: PoolWithdrawal[],
  depositor: string,
  recipient: string,
  perPool: ReadonlyMap<string, number>,
  index: LinkIndex,
): RuleVote[] {
  const denominations = [...perPool]
    .map(([pool, n]) => [index.pools.get(pool)?.denomination ?? 0n, n] as const)
    .sort((a, b) => (a[0] === b[0] ? 0 : a[0] < b[0] ? -1 : 1))
    .map(([denomination, n]) => `${n} × ${denomination}`)
    .join(', ')
  const votes: RuleVote[] = []
  for (const pool of perPool.keys()) {
    const ds = deposits.filter((d) => d.pool === pool)
    // Both lists are in chain order already: the nth deposit pairs with the nth withdrawal.
    const ws = withdrawals.filter((w) => w.pool === pool)
    ds.forEach((d, i) => {
      const w = ws[i] as PoolWithdrawal
      votes.push({
        deposit: d,
        withdrawal: w,
        evidence: {
          rule: 'multi-denomination',
          confidence: MULTI_DENOMINATION_CONFIDENCE,
          evidence: `${depositor} deposited ${deposits.length} notes (${denominations}) and only ${recipient} withdrew exactly that set afterwards, within the window.`,
          facts: {
            depositor,
            recipient,
            notes: String(deposits.length),
            denominations,
            depositTx: d.tx,
            withdrawalTx: w.tx,
          },
        },
      })
    })
  }
  return votes
}
