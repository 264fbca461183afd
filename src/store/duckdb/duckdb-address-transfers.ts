import type { DuckDBConnection } from '@duckdb/node-api'
import {
  type AddressTransferQuery,
  type AddressTransferRow,
  KEY_ORDER,
  keyColumns,
  transferFilter,
} from '../address-transfers.ts'

const LOG_INDEX =
  "coalesce(CASE WHEN regexp_full_match(position, 'log:[0-9]{1,18}') THEN CAST(substr(position, 5) AS BIGINT) END, -1)"

/** A page of an address's transfers in chain order, from a DuckDB store. */
export async function duckDbAddressTransfers(
  c: DuckDBConnection,
  q: AddressTransferQuery,
): Promise<AddressTransferRow[]> {
  const { inner, outer, params } = transferFilter(q, (v) => v)
  const r = await c.runAndReadAll(
    `SELECT block_number, txi, cls, li, position, tx_hash, block_time, from_address, to_address, asset, amount_text
     FROM (SELECT ${keyColumns(LOG_INDEX)}, block_time, from_address, to_address, asset,
             CAST(amount AS VARCHAR) AS amount_text
           FROM transfers WHERE ${inner}) t
     WHERE ${outer} ORDER BY ${KEY_ORDER} LIMIT ${Math.trunc(q.limit)}`,
    params as never,
  )
  return r.getRows().map(([block, txi, cls, li, position, tx, time, from, to, asset, amount]) => ({
    key: {
      block: BigInt(block as bigint),
      txIndex: BigInt(txi as bigint),
      cls: Number(cls),
      logIndex: BigInt(li as bigint),
      position: position as string,
      tx: tx as string,
    },
    time: time === null ? null : BigInt(time as bigint),
    from: from as string,
    to: to as string,
    asset: asset as string,
    amount: amount as string,
  }))
}
