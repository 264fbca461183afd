import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { type AssetUnits, unitsOf, unitsText } from '../../cases/asset-amount.ts'
import { DragnetError } from '../../core/errors.ts'
import { parseAddress } from '../../core/hex.ts'
import { type AddressTransferRow, addressTransfersOf, type TransferDirection } from '../../store/address-transfers.ts'
import { chainName, js } from '../json-schema.ts'
import { principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { isoOf } from '../web/explain-view.ts'
import { decodeCursor, encodeCursor } from '../web/transfer-cursor.ts'
import type { AddressTransfer, AddressTransfersResponse } from '../web/web-api-types.ts'

/** Rows a CSV download holds at most: the whole history of all but the busiest addresses. */
export const CSV_ROW_LIMIT = 100_000
const CSV_PAGE = 5000

const params = z.strictObject({ chain: chainName(), address: z.string().min(1).max(200) })
const query = z.strictObject({
  direction: z.enum(['in', 'out', 'both']).optional(),
  asset: z
    .string()
    .regex(/^(native|0x[0-9a-fA-F]{40})$/)
    .optional(),
  limit: z.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).max(400).optional(),
  format: z.enum(['json', 'csv']).optional(),
})

const CSV_HEADER =
  'block,time,tx,tx_index,log_index,position,direction,from,to,asset,symbol,decimals,amount,amount_formatted'
const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

function transferOf(row: AddressTransferRow, address: string, units: AssetUnits): AddressTransfer {
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

/**
 * An address's transfers in and out, in chain order, a keyset-paged list or one CSV download; amounts exact.
 * Chain data belongs to no organisation: every caller with the screening permission reads it.
 */
export function registerAddressTransferRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const store = deps.chainStore
  const read = store ? addressTransfersOf(store) : undefined
  const unitsFor = async (chain: string, rows: AddressTransferRow[]) => {
    const tokens = [...new Set(rows.map((r) => r.asset).filter((a) => a !== 'native'))]
    const meta = tokens.length === 0 || !store ? new Map() : await store.getTokens(chain, tokens)
    const table = Object.fromEntries([...meta].map(([a, m]) => [a, { symbol: m.symbol, decimals: m.decimals }]))
    return (asset: string) => unitsOf(table, asset)
  }

  app.get(
    '/v1/addresses/:chain/:address/transfers',
    {
      config: { tenancy: 'list' },
      schema: {
        tags: ['screen'],
        summary: "An address's transfers in and out, oldest first, paged by cursor; format=csv for the whole list",
        params: js(params),
        querystring: js(query),
      },
    },
    async (req, reply: FastifyReply) => {
      requirePermission(principalOf(req.principal), 'screen')
      const p = req.params as z.infer<typeof params>
      const q = req.query as z.infer<typeof query>
      const address = parseAddress(p.address).toLowerCase()
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor)
      const direction: TransferDirection = q.direction ?? 'both'
      const asset = q.asset?.toLowerCase()
      if (!read)
        throw new DragnetError('SERVER_NOT_READY', 'this server has no chain store (--chain-db) to read transfers from')
      const csv = q.format === 'csv' || (q.format === undefined && /\btext\/csv\b/.test(req.headers.accept ?? ''))
      const base = { chain: p.chain, address, direction, ...(asset === undefined ? {} : { asset }) }
      if (!csv) {
        const limit = q.limit ?? 50
        const rows = await deps.chainLock.run(() => read({ ...base, limit: limit + 1, ...(after ? { after } : {}) }))
        const page = rows.slice(0, limit)
        const units = await deps.chainLock.run(() => unitsFor(p.chain, page))
        const last = page.at(-1)
        return {
          chain: p.chain,
          address,
          direction,
          asset: asset ?? null,
          transfers: page.map((r) => transferOf(r, address, units(r.asset))),
          next: rows.length > limit && last ? encodeCursor(last.key) : null,
        } satisfies AddressTransfersResponse
      }
      const lines = [CSV_HEADER]
      let key = after
      let truncated = false
      for (;;) {
        const take = Math.min(CSV_PAGE, CSV_ROW_LIMIT - (lines.length - 1))
        const rows = await deps.chainLock.run(() => read({ ...base, limit: take + 1, ...(key ? { after: key } : {}) }))
        const page = rows.slice(0, take)
        const units = await deps.chainLock.run(() => unitsFor(p.chain, page))
        for (const r of page) lines.push(csvLine(transferOf(r, address, units(r.asset))))
        key = page.at(-1)?.key
        if (rows.length <= take) break
        if (lines.length - 1 >= CSV_ROW_LIMIT) {
          truncated = true
          break
        }
      }
      void reply.header('x-dragnet-row-limit', String(CSV_ROW_LIMIT))
      void reply.header('x-dragnet-truncated', String(truncated))
      void reply.header('content-disposition', `attachment; filename="transfers-${p.chain}-${address}.csv"`)
      return reply.type('text/csv; charset=utf-8').send(`${lines.join('\n')}\n`)
    },
  )
}
