import { unitsText } from '../../cases/asset-amount.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import type { Tlp } from '../tlp.ts'
import { childVisible, type IncidentAccess } from './incidents.ts'

export interface Alert {
  id: string
  incidentId: string
  traceId: string | null
  orgId: string
  tlp: Tlp
  kind: string
  address: string
  asset: string
  symbol: string | null
  decimals: number | null
  /** Base units. */
  amount: string
  /** The same amount in the asset's units; base units when the decimals are unknown. */
  amountFormatted: string
  /** For people: the amount with its symbol, the address, who can freeze it. */
  message: string
  createdAt: string
}

/** The incident's alerts (raised when a trace finds freezable funds) that the caller may see, newest first. */
export async function listAlerts(db: SqlQuery, access: IncidentAccess): Promise<Alert[]> {
  const r = await db.query<Record<string, unknown>>(
    'SELECT * FROM alerts WHERE incident_id = $1 ORDER BY created_at DESC, id',
    [access.incident.id],
  )
  return r.rows
    .map((row) => {
      const units = {
        symbol: (row.symbol as string | null) ?? null,
        decimals: row.decimals === null || row.decimals === undefined ? null : Number(row.decimals),
      }
      return {
        id: row.id as string,
        incidentId: row.incident_id as string,
        traceId: (row.trace_id as string | null) ?? null,
        orgId: row.org_id as string,
        tlp: row.tlp as Tlp,
        kind: row.kind as string,
        address: row.address as string,
        asset: row.asset as string,
        ...units,
        amount: String(row.amount),
        amountFormatted: unitsText(String(row.amount), units),
        message: row.message as string,
        createdAt: row.created_at as string,
      }
    })
    .filter((a) => childVisible(access, a))
}
