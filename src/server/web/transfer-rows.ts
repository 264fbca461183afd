import { type AssetUnits, unitsText } from '../../cases/asset-amount.ts'
import type { AddressTransferRow, TransferKey } from '../../store/address-transfers.ts'
import type { Lock } from '../lock.ts'
import { isoOf } from './explain-view.ts'
import type { AddressTransfer } from './web-api-types.ts'

/** Rows a CSV download holds at most: the whole history of all but the busiest addresses. */
export const CSV_ROW_LIMIT = 100_000
const CSV_PAGE = 5000

export const CSV_HEADER =
  'block,time,tx,tx_index,log_index,position,direction,from,to,asset,symbol,decimals,amount,amount_formatted'
const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

export function transferOf(row: AddressTransferRow, address: string, units: AssetUnits): AddressTransfer {
  const k = row.key
  return {
    block: k.block.toString(),
    time: isoOf(row.time),
    tx: k.tx,
    txIndex: k.txIndex < 0n ? null : Number(k.txIndex),
    logIndex: k.logIndex < 0n ? null : Number(k.logIndex),
    position: k.position,
    direction: row.from === address && row.to === address ? 'self' : row.to === address ? 'in' : 'out',
    from: row.from,
    to: row.to,
    asset: row.asset,
    symbol: units.symbol,
    decimals: units.decimals,
    amount: row.amount,
    amountFormatted: unitsText(row.amount, units),
  }
}

const csvLine = (t: AddressTransfer): string =>
  [
    t.block,
    t.time,
    t.tx,
    t.txIndex,
    t.logIndex,
    t.position,
    t.direction,
    t.from,
    t.to,
    t.asset,
    t.symbol,
    t.decimals,
    t.amount,
    t.amountFormatted,
  ]
    .map(csvCell)
    .join(',')

export type Units = (chain: string, rows: AddressTransferRow[]) => Promise<(asset: string) => AssetUnits>

/** The whole list as CSV, read page by page under the chain lock, at most CSV_ROW_LIMIT rows. */
export interface CsvInput {
  /** The chain store's lock: each page is read in it, as every chain query is. */
  lock: Lock
  read: (page: { limit: number; after?: TransferKey }) => Promise<AddressTransferRow[]>
  unitsFor: Units
  chain: string
  address: string
  from: TransferKey | undefined
  rowLimit?: number
  pageSize?: number
}

/** The whole list as CSV, read page by page, at most `rowLimit` rows; `truncated` when more were there. */
export async function transfersCsv(o: CsvInput): Promise<{ text: string; truncated: boolean; rows: number }> {
  const rowLimit = o.rowLimit ?? CSV_ROW_LIMIT
  const lines = [CSV_HEADER]
  let key = o.from
  for (;;) {
    const take = Math.min(o.pageSize ?? CSV_PAGE, rowLimit - (lines.length - 1))
    const rows = await o.lock.run(() => o.read({ limit: take + 1, ...(key ? { after: key } : {}) }))
    const page = rows.slice(0, take)
    const units = await o.lock.run(() => o.unitsFor(o.chain, page))
    for (const r of page) lines.push(csvLine(transferOf(r, o.address, units(r.asset))))
    key = page.at(-1)?.key
    const done = rows.length <= take
    if (done || lines.length - 1 >= rowLimit) {
      return { text: `${lines.join('\n')}\n`, truncated: !done, rows: lines.length - 1 }
    }
  }
}
