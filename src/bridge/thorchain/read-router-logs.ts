import type { Store } from '../../store/store.ts'
import { readBridgeLogs } from '../read-bridge-logs.ts'
import {
  decodeDepositLog,
  decodeTransferOutLog,
  type ThorchainDeposit,
  type ThorchainTransferOut,
} from './decode-router-logs.ts'

export interface RouterLogs {
  deposits: ThorchainDeposit[]
  transferOuts: ThorchainTransferOut[]
}

/** The THORChain router deposits (with their senders) and TransferOuts of `routers` (lowercase) in a store. */
export async function readRouterLogs(
  store: Pick<Store, 'read'>,
  chain: string,
  routers: ReadonlySet<string>,
  window: { fromBlock?: bigint; toBlock?: bigint } = {},
): Promise<RouterLogs> {
  const logs = await readBridgeLogs(store, chain, routers, { decodeLog: decodeDepositLog }, window)
  return { deposits: logs.deposits, transferOuts: logs.rows.flatMap((r) => decodeTransferOutLog(r, chain) ?? []) }
}
