import { once } from 'node:events'
import type { Writable } from 'node:stream'
import type { BtcReadOptions, BtcStore } from '../../store/btc-store.ts'
import { blockJson, transactionJson } from './btc-etl-json.ts'

/** The tables `dragnet export` writes in bitcoin-etl's JSON-lines format. */
export const BTC_EXPORT_TABLES = ['btc_blocks', 'btc_transactions'] as const
export type BtcExportTable = (typeof BTC_EXPORT_TABLES)[number]

export function isBtcExportTable(name: string): name is BtcExportTable {
  return (BTC_EXPORT_TABLES as readonly string[]).includes(name)
}

/**
 * Streams a chain's blocks or transactions (inputs and outputs nested) to `out` as bitcoin-etl's
 * blocks.json / transactions.json, in block order; the stream is not ended. Returns the lines written.
 */
export async function exportBtc(
  store: BtcStore,
  table: BtcExportTable,
  chain: string,
  out: Writable,
  options: { fromBlock?: bigint; toBlock?: bigint } = {},
): Promise<number> {
  const read: BtcReadOptions = { ...options, batchSize: 512 }
  let count = 0
  if (table === 'btc_blocks') {
    for await (const blocks of store.readBtcBlocks(chain, read)) {
      count += blocks.length
      await write(out, blocks.map((b) => `${blockJson(b)}\n`).join(''))
    }
    return count
  }
  for await (const txs of store.readBtcTransactions(chain, read)) {
    count += txs.length
    await write(out, txs.map((t) => `${transactionJson(t)}\n`).join(''))
  }
  return count
}

async function write(out: Writable, text: string): Promise<void> {
  if (out.destroyed || out.errored) {
    throw out.errored ?? Object.assign(new Error('output closed'), { code: 'ERR_STREAM_DESTROYED' })
  }
  if (!out.write(text)) await once(out, 'drain')
}
