import type { Store } from '../store/store.ts'
import { pairKey } from './pool-order.ts'

export interface PoolTransferQuery {
  /** Deposit transactions → the contracts whose Deposit events they hold. */
  depositTxs: ReadonlyMap<string, ReadonlySet<string>>
  /** Withdrawal transactions → the contracts whose Withdrawal events they hold. */
  withdrawalTxs: ReadonlyMap<string, ReadonlySet<string>>
  /** Contracts with pool events: a transfer touching one is pool activity, not an interaction. */
  excluded: ReadonlySet<string>
  depositors: ReadonlySet<string>
  recipients: ReadonlySet<string>
}

export interface PoolTransfers {
  /** Deposit tx → contract → asset → amount the transaction paid into the contract. */
  paid: Map<string, Map<string, Map<string, bigint>>>
  /** Withdrawal tx → contract → asset → amount the contract paid out in the transaction (recipient and fee). */
  paidOut: Map<string, Map<string, Map<string, bigint>>>
  /** Depositor/recipient pairs `a|b` (a < b) that transferred directly, with the first transaction. */
  interactions: Map<string, { tx: string; block: bigint }>
}

/**
 * One pass over the stored transfers: what each deposit transaction paid into its pool (the note's
 * denomination), and the direct transfers between depositors and recipients. A zero-amount transfer is not an
 * interaction: a token's transferFrom of 0 needs no allowance, so anyone can forge one "from" any address.
 */
export async function readPoolTransfers(
  store: Pick<Store, 'read'>,
  chain: string,
  window: { fromBlock?: bigint; toBlock?: bigint },
  q: PoolTransferQuery,
): Promise<PoolTransfers> {
  const out: PoolTransfers = { paid: new Map(), paidOut: new Map(), interactions: new Map() }
  for await (const batch of store.read('transfers', { chain, ...window })) {
    for (const row of batch) {
      const tx = String(row.tx_hash).toLowerCase()
      const from = String(row.from_address).toLowerCase()
      const to = String(row.to_address).toLowerCase()
      const amount = BigInt(String(row.amount ?? '0'))
      if (amount === 0n || from === to) continue
      const asset = String(row.asset).toLowerCase()
      if (q.depositTxs.get(tx)?.has(to)) {
        add(out.paid, tx, to, asset, amount)
        continue
      }
      if (q.withdrawalTxs.get(tx)?.has(from)) {
        add(out.paidOut, tx, from, asset, amount)
        continue
      }
      if (q.excluded.has(from) || q.excluded.has(to)) continue
      if (!((q.depositors.has(from) && q.recipients.has(to)) || (q.depositors.has(to) && q.recipients.has(from)))) {
        continue
      }
      const key = pairKey(from, to)
      if (!out.interactions.has(key)) out.interactions.set(key, { tx, block: BigInt(row.block_number as bigint) })
    }
  }
  return out
}

function add(
  m: Map<string, Map<string, Map<string, bigint>>>,
  tx: string,
  contract: string,
  asset: string,
  amount: bigint,
): void {
  const byAsset = getOrSet(
    getOrSet(m, tx, () => new Map<string, Map<string, bigint>>()),
    contract,
    () => new Map<string, bigint>(),
  )
  byAsset.set(asset, (byAsset.get(asset) ?? 0n) + amount)
}

function getOrSet<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k)
  if (v === undefined) {
    v = make()
    m.set(k, v)
  }
  return v
}
