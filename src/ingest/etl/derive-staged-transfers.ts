import type { ImportSession, StagedBlock } from '../../store/import-session.ts'
import type { ChainTable } from '../../store/schema.ts'
import type { Row } from '../../store/store.ts'
import { deriveTransfers } from '../derive-transfers.ts'
import { propagateTraceFailure } from './trace-failure.ts'

/** The columns deriveTransfers reads, per table; reading no others keeps the pass light. */
export const DERIVE_COLUMNS: Partial<Record<ChainTable, readonly string[]>> = {
  blocks: ['number', 'timestamp'],
  transactions: ['hash', 'transaction_index', 'from_address', 'to_address', 'value', 'block_timestamp'],
  receipts: ['transaction_hash', 'status', 'contract_address'],
  logs: ['log_index', 'transaction_hash', 'transaction_index', 'address', 'data', 'topics'],
  token_transfers: ['token_address', 'from_address', 'to_address', 'value', 'transaction_hash', 'log_index'],
  traces: [
    'transaction_hash',
    'transaction_index',
    'from_address',
    'to_address',
    'value',
    'trace_type',
    'call_type',
    'trace_address',
    'error',
    'status',
  ],
}

/**
 * Derives the transfers of every staged block from the rows it will hold after the import (staged files
 * plus what the store already has for the tables not imported) and stages them to replace those blocks'
 * transfers. A block's native value comes from its traces when it has any, token movements from its logs
 * when it has any, else from its token_transfers rows. A trace without a status fails with any frame above
 * it that failed, as on RPC ingest. Returns the number of transfers and what the blocks' data can show.
 */
export async function deriveStagedTransfers(
  session: ImportSession,
  wrappedNative: ReadonlySet<string>,
): Promise<DerivedTransfers> {
  let total = 0
  let staged = false
  const coverage: DataCoverage = { withTransactions: 0, withoutReceipts: 0, withoutTraces: 0, withoutTokenData: 0 }
  for await (const blocks of session.readStagedBlocks(DERIVE_COLUMNS)) {
    const out: Row[] = []
    for (const b of blocks) {
      const t = b.tables
      const traces = propagateTraceFailure(t.traces ?? [])
      const logs = t.logs ?? []
      countCoverage(coverage, t)
      const timestamp = (t.blocks?.[0]?.timestamp ?? t.transactions?.[0]?.block_timestamp ?? null) as bigint | null
      const rows = deriveTransfers(
        {
          number: b.number,
          timestamp,
          transactions: t.transactions ?? [],
          receipts: t.receipts ?? [],
          logs,
          tokenTransfers: t.token_transfers ?? [],
          traces,
          hasTraces: traces.length > 0,
          hasLogs: logs.length > 0,
        },
        wrappedNative,
      )
      for (const r of rows) out.push(r)
    }
    await session.stageDerived('transfers', out)
    staged = true
    total += out.length
  }
  if (!staged) await session.stageDerived('transfers', [])
  return { transfers: total, coverage }
}

/** Of the blocks with transactions, how many lack the tables that show failures, internal and token moves. */
export interface DataCoverage {
  withTransactions: number
  /** No receipts: a failed transaction cannot be told from a successful one. */
  withoutReceipts: number
  /** No traces: native value moved inside contract calls (internal transfers) is not seen. */
  withoutTraces: number
  /** Neither logs nor token_transfers: token movements are not seen. */
  withoutTokenData: number
}

export interface DerivedTransfers {
  transfers: number
  coverage: DataCoverage
}

function countCoverage(c: DataCoverage, t: StagedBlock['tables']): void {
  if ((t.transactions?.length ?? 0) === 0) return
  c.withTransactions++
  if ((t.receipts?.length ?? 0) === 0) c.withoutReceipts++
  if ((t.traces?.length ?? 0) === 0) c.withoutTraces++
  if ((t.logs?.length ?? 0) === 0 && (t.token_transfers?.length ?? 0) === 0) c.withoutTokenData++
}
