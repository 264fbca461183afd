import {
  type AddressTransferQuery,
  type AddressTransferRow,
  KEY_ORDER,
  keyColumns,
  transferFilter,
} from '../address-transfers.ts'
import type { SqlClient } from './sql-client.ts'

const LOG_INDEX = "CASE WHEN position ~ '^log:[0-9]{1,18}$' THEN substr(position, 5)::BIGINT ELSE -1 END"

/** A page of an address's transfers in chain order, from a PostgreSQL store. */
export async function postgresAddressTransfers(
  q: SqlClient,
  query: AddressTransferQuery,
): Promise<AddressTransferRow[]> {
  const { inner, outer, params } = transferFilter(query, (v) => v.toString())
  const r = await q.query<{
    block_number: string
    txi: string
    cls: number
    li: string
    position: string
    tx_hash: string
    block_time: string | null
    from_address: string
    to_address: string
    asset: string
    amount_text: string
  }>(
    `SELECT block_number, txi, cls, li, position, tx_hash, block_time, from_address, to_address, asset, amount_text
     FROM (SELECT ${keyColumns(LOG_INDEX)}, block_time, from_address, to_address, asset, amount::TEXT AS amount_text
           FROM transfers WHERE ${inner}) t
     WHERE ${outer} ORDER BY ${KEY_ORDER} LIMIT ${Math.trunc(query.limit)}`,
    params as never,
  )
  return r.rows.map((row) => ({
    key: {
      block: BigInt(row.block_number),
      txIndex: BigInt(row.txi),
      cls: Number(row.cls),
      logIndex: BigInt(row.li),
      position: row.position,
      tx: row.tx_hash,
    },
    time: row.block_time === null ? null : BigInt(row.block_time),
    from: row.from_address,
    to: row.to_address,
    asset: row.asset,
    amount: row.amount_text,
  }))
}
