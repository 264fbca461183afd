import { type FormattedAmount, formattedAmount, unitsOf } from '../../cases/asset-amount.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import type { Principal } from '../permissions.ts'
import type { Tlp } from '../tlp.ts'
import { childVisible, incidentFor, VISIBLE_INCIDENT } from './incidents.ts'
import { listSeeds } from './seeds.ts'

/** How one trace reached the address. */
export interface TraceReach {
  traceId: string
  finishedAt: string | null
  hop: number
  /** Where the trace left the funds here (exchange, held, bridge, ...); null for an address it passed through. */
  category: string | null
  /** Taint received per asset. */
  received: Record<string, FormattedAmount>
  /** Taint that ended here per asset. */
  final: Record<string, FormattedAmount>
}

/** An incident that names the address as a seed or whose trace reached it. */
export interface AddressIncident {
  incidentId: string
  title: string
  status: string
  tlp: Tlp
  orgId: string
  seed: boolean
  traces: TraceReach[]
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T))

function amounts(
  raw: Record<string, string>,
  assets: Record<string, { symbol: string | null; decimals: number | null }>,
) {
  return Object.fromEntries(
    Object.entries(raw).map(([asset, v]) => [asset, formattedAmount(v, unitsOf(assets, asset))]),
  )
}

/**
 * Every incident on `chain` the caller may see that names `address` as a seed or whose trace (one the caller may
 * see) reached it, newest first, with how each trace reached it: hop, category, taint received and ended there.
 */
export async function incidentsReaching(
  db: SqlQuery,
  principal: Principal,
  chain: string,
  address: string,
): Promise<AddressIncident[]> {
  const candidates = await db.query<{ id: string }>(
    `SELECT i.id FROM incidents i WHERE i.chain = $2 AND ${VISIBLE_INCIDENT}
       AND (EXISTS (SELECT 1 FROM incident_seeds sd WHERE sd.incident_id = i.id AND sd.value = $3)
         OR EXISTS (SELECT 1 FROM trace_addresses ta WHERE ta.incident_id = i.id AND ta.address = $3))
     ORDER BY i.created_at DESC, i.id`,
    [principal.orgId, chain, address],
  )
  const out: AddressIncident[] = []
  for (const { id } of candidates.rows) {
    const access = await incidentFor(db, principal, id)
    const seed = (await listSeeds(db, access)).some((s) => s.value === address)
    const r = await db.query<Record<string, unknown>>(
      `SELECT ta.*, j.org_id, j.tlp, j.finished_at, j.summary FROM trace_addresses ta
       JOIN trace_jobs j ON j.id = ta.trace_id WHERE ta.incident_id = $1 AND ta.address = $2
       ORDER BY j.finished_at DESC, j.id`,
      [id, address],
    )
    const traces = r.rows
      .filter((row) => childVisible(access, { orgId: row.org_id as string, tlp: row.tlp as Tlp }))
      .map((row): TraceReach => {
        const assets =
          json<{ assets?: Record<string, { symbol: string | null; decimals: number | null }> }>(row.summary ?? '{}')
            ?.assets ?? {}
        return {
          traceId: row.trace_id as string,
          finishedAt: (row.finished_at as string | null) ?? null,
          hop: Number(row.hop),
          category: (row.category as string | null) ?? null,
          received: amounts(json(row.received), assets),
          final: amounts(json(row.final), assets),
        }
      })
    if (!seed && traces.length === 0) continue
    const i = access.incident
    out.push({ incidentId: i.id, title: i.title, status: i.status, tlp: i.tlp, orgId: i.orgId, seed, traces })
  }
  return out
}
