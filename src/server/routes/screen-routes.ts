import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { labelBasis } from '../../screen/label-basis.ts'
import { Screener, type ScreenResult } from '../../screen/screener.ts'
import { incidentsReaching } from '../db/address-incidents.ts'
import { chainName, js } from '../json-schema.ts'
import { principalOf, requirePermission } from '../permissions.ts'
import { refreshed } from '../refreshed.ts'
import type { ServerDeps } from '../server-deps.ts'
import { exposureByCategory } from '../web/exposure-by-category.ts'

const MAX_BATCH = 1000
const MAX_HOPS = 3

const screenBody = z.strictObject({
  address: z.string().min(1).max(200).optional(),
  addresses: z.array(z.string().min(1).max(200)).min(1).max(MAX_BATCH).optional(),
  chain: chainName().optional(),
  hops: z.number().int().min(0).max(MAX_HOPS).optional(),
})
const addressParams = z.strictObject({ chain: chainName(), address: z.string().min(1).max(200) })
const addressQuery = z.strictObject({ hops: z.number().int().min(0).max(MAX_HOPS).optional() })

/**
 * Screening: one address or a batch (POST /v1/screen), and one address with the incidents that name it.
 * Every answer names the label sources and list dates it rests on (`labelSources`); an unknown chain is
 * CHAIN_UNKNOWN (400), listing the chains the store holds.
 */
export function registerScreenRoutes(app: FastifyInstance, deps: ServerDeps): void {
  // A screener keeps the edge sources it opened: kept while the chain store is read once, renewed with it otherwise.
  const screeners = new Map<number, () => Promise<Screener>>()
  const labelSources = labelBasis(deps.labelSources)
  const screenerFor = (hops: number): Promise<Screener> => {
    let s = screeners.get(hops)
    if (!s) {
      s = refreshed(deps.chainRefreshMs, async () => {
        const chains = await deps.knownChains()
        return new Screener(deps.labels, deps.policy, deps.chainStore, { hops, maxEdges: 200_000, chains })
      })
      screeners.set(hops, s)
    }
    return s()
  }
  // Direct hits need no store; exposure reads the chain store, whose one connection is taken in turn.
  const screenMany = async (items: { address: string; chain: string | undefined }[], hops: number) => {
    const screener = await screenerFor(hops)
    return hops === 0 ? screener.screenMany(items) : deps.chainLock.run(() => screener.screenMany(items))
  }
  const screen = async (address: string, chain: string | undefined, hops: number): Promise<ScreenResult> => {
    const [r] = await screenMany([{ address, chain }], hops)
    if (r instanceof DragnetError) throw r
    return r as ScreenResult
  }
  const tags = ['screen']

  app.post(
    '/v1/screen',
    {
      config: { tenancy: 'own' },
      schema: {
        tags,
        summary: 'Screen one address (address) or a batch (addresses, up to 1000): labels, risk, reasons',
        body: js(screenBody),
      },
    },
    async (req) => {
      requirePermission(principalOf(req.principal), 'screen')
      const body = req.body as z.infer<typeof screenBody>
      const hops = body.hops ?? 0
      if ((body.address === undefined) === (body.addresses === undefined)) {
        throw new DragnetError('SERVER_INVALID_REQUEST', 'give either address or addresses')
      }
      if (body.address !== undefined) return { ...(await screen(body.address, body.chain, hops)), labelSources }
      // A batch walks exposure for many addresses per query rather than one address at a time.
      const addresses = body.addresses ?? []
      const screened = await screenMany(
        addresses.map((address) => ({ address, chain: body.chain })),
        hops,
      )
      const results: ScreenResult[] = []
      const invalid: { address: string; code: string; message: string }[] = []
      screened.forEach((r, i) => {
        if (r instanceof DragnetError)
          invalid.push({ address: addresses[i] as string, code: r.code, message: r.message })
        else results.push(r)
      })
      return { results, invalid, labelSources }
    },
  )

  app.get(
    '/v1/addresses/:chain/:address',
    {
      config: { tenancy: 'list' },
      schema: {
        tags,
        summary:
          'One address: labels, risk, exposure, and the incidents the caller may see that name it as a seed or whose trace reached it',
        params: js(addressParams),
        querystring: js(addressQuery),
      },
    },
    async (req) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'screen')
      const { chain, address } = req.params as z.infer<typeof addressParams>
      const { hops } = req.query as z.infer<typeof addressQuery>
      const result = await screen(address, chain, hops ?? (deps.chainStore ? deps.defaultHops : 0))
      // The same incidents as the address page (/incidents): seeded with it, or reached by a trace the caller may see.
      const reaching = await incidentsReaching(deps.db, p, chain, result.address.toLowerCase())
      const incidents = reaching.map((i) => i.incidentId)
      return { ...result, labelSources, incidents, exposureByCategory: exposureByCategory(result) }
    },
  )
}
