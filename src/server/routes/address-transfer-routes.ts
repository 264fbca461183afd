import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { unitsOf } from '../../cases/asset-amount.ts'
import { DragnetError } from '../../core/errors.ts'
import { parseAddress } from '../../core/hex.ts'
import { type AddressTransferRow, addressTransfersOf, type TransferDirection } from '../../store/address-transfers.ts'
import { chainName, js } from '../json-schema.ts'
import { principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { decodeCursor, encodeCursor } from '../web/transfer-cursor.ts'
import { CSV_ROW_LIMIT, transferOf, transfersCsv } from '../web/transfer-rows.ts'
import type { AddressTransfersResponse } from '../web/web-api-types.ts'

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
      const { text, truncated } = await transfersCsv({
        lock: deps.chainLock,
        read: (page) => read({ ...base, ...page }),
        unitsFor,
        chain: p.chain,
        address,
        from: after,
      })
      void reply.header('x-dragnet-row-limit', String(CSV_ROW_LIMIT))
      void reply.header('x-dragnet-truncated', String(truncated))
      void reply.header('content-disposition', `attachment; filename="transfers-${p.chain}-${address}.csv"`)
      return reply.type('text/csv; charset=utf-8').send(text)
    },
  )
}
