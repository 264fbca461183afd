import type { Row, Store } from '../../store/store.ts'
import {
  decodeDepositLog,
  decodeTransferOutLog,
  type ThorchainDeposit,
  type ThorchainTransferOut,
} from './decode-router-logs.ts'

export interface RouterLogs {
  deposits: ThorchainDeposit[]
  transferOuts: ThorchainTransferOut[]
  /** The router's raw log rows, for other decoders. */
  rows: Row[]
}

/**
 * Reads the THORChain router logs of `routers` (lowercase) from a store's logs table in a block window, and
 * fills each deposit's sender from the transactions table (the refund address when the memo names none).
 */
export async function readRouterLogs(
  store: Pick<Store, 'read'>,
  chain: string,
  routers: ReadonlySet<string>,
  window: { fromBlock?: bigint; toBlock?: bigint } = {},
): Promise<RouterLogs> {
  const out: RouterLogs = { deposits: [], transferOuts: [], rows: [] }
  const range = { chain, ...window }
  for await (const batch of store.read('logs', range)) {
    for (const row of batch) {
      if (!routers.has(String(row.address).toLowerCase())) continue
      out.rows.push(row)
      const d = decodeDepositLog(row, chain)
      if (d) out.deposits.push(d)
      const t = d ? null : decodeTransferOutLog(row, chain)
      if (t) out.transferOuts.push(t)
    }
  }
  if (out.deposits.length === 0) return out
  const senders = await sendersOf(store, chain, new Set(out.deposits.map((d) => d.tx)), window)
  for (const d of out.deposits) d.sender = senders.get(d.tx) ?? null
  return out
}

async function sendersOf(
  store: Pick<Store, 'read'>,
  chain: string,
  txs: ReadonlySet<string>,
  window: { fromBlock?: bigint; toBlock?: bigint },
): Promise<Map<string, string>> {
  const senders = new Map<string, string>()
  for await (const batch of store.read('transactions', { chain, ...window })) {
    for (const row of batch) {
      const hash = String(row.hash).toLowerCase()
      if (txs.has(hash)) senders.set(hash, String(row.from_address).toLowerCase())
    }
  }
  return senders
}
