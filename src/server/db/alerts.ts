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
  amount: string
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
    .map((row) => ({
      id: row.id as string,
      incidentId: row.incident_id as string,
      traceId: (row.trace_id as string | null) ?? null,
      orgId: row.org_id as string,
      tlp: row.tlp as Tlp,
      kind: row.kind as string,
      address: row.address as string,
      asset: row.asset as string,
      amount: String(row.amount),
      message: row.message as string,
      createdAt: row.created_at as string,
    }))
    .filter((a) => childVisible(access, a))
}
