import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { parseAddress } from '../../core/hex.ts'
import type { LabelStore } from '../../labels/label-store.ts'
import type { Label, StoredLabel } from '../../labels/label-types.ts'
import { chainName, js } from '../json-schema.ts'
import { principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import type { AddressLabel, AddressLabelsResponse } from '../web/web-api-types.ts'

const params = z.strictObject({ chain: chainName(), address: z.string().min(1).max(200) })
const NONE = js(z.strictObject({}))

const labelOf = (l: Label | StoredLabel): AddressLabel => {
  const stored = 'addedOn' in l
  return {
    source: l.source,
    category: l.category,
    name: l.name,
    sourceDate: l.sourceDate,
    confidence: l.confidence,
    programmes: l.programmes,
    asset: l.asset,
    notes: l.notes,
    addedOn: stored ? l.addedOn : null,
    removedOn: stored ? l.removedOn : null,
    active: !stored || l.removedOn === null,
  }
}

/**
 * Every label the registry holds for an address, delisted ones included, with when each was listed and delisted:
 * the address page's label history. Without a label store (no DuckDB chain store), the current labels.
 */
export function registerAddressLabelRoutes(app: FastifyInstance, deps: ServerDeps, labelStore?: LabelStore): void {
  app.get(
    '/v1/addresses/:chain/:address/labels',
    {
      config: { tenancy: 'list' },
      schema: {
        tags: ['screen'],
        summary: 'Every label of an address with its source and history (listed, delisted)',
        params: js(params),
        querystring: NONE,
      },
    },
    async (req) => {
      requirePermission(principalOf(req.principal), 'screen')
      const p = req.params as z.infer<typeof params>
      const address = parseAddress(p.address).toLowerCase()
      const labels: (Label | StoredLabel)[] = labelStore
        ? await deps.chainLock.run(() => labelStore.labelsOf(p.chain, address, { includeRemoved: true }))
        : [...deps.labels.lookup(p.chain, address)]
      return {
        chain: p.chain,
        address,
        labels: labels.map(labelOf),
        history: labelStore !== undefined,
      } satisfies AddressLabelsResponse
    },
  )
}
