import { humanAmount } from '../../cases/asset-amount.ts'
import { DragnetError } from '../../core/errors.ts'
import type { SqlClient, SqlQuery } from '../../store/postgres/sql-client.ts'
import { ALERT_KINDS, type Alert } from '../../watch/alert-types.ts'
import { nowIso } from '../api-keys.ts'

/** What recording one alert did: `unchanged` for an id already stored as it is (a replay of the same event). */
export type RecordOutcome = 'recorded' | 'reraised' | 'unchanged'

export interface RecordedAlert {
  id: string
  seq: number
  outcome: RecordOutcome
}

const SEVERITY = new Set(['low', 'medium', 'high', 'severe'])

function checkAlert(a: Alert): void {
  const bad = (field: string) =>
    new DragnetError('INVALID_ARGUMENT', `alert ${String(a.id).slice(0, 100)}: invalid ${field}`, {
      details: { id: String(a.id).slice(0, 100), field },
    })
  if (typeof a.id !== 'string' || a.id.length === 0 || a.id.length > 200) throw bad('id')
  if (!(ALERT_KINDS as readonly string[]).includes(a.kind)) throw bad('kind')
  if (!SEVERITY.has(a.severity)) throw bad('severity')
  if (!/^\d{1,78}$/.test(a.amount)) throw bad('amount')
  if (!/^\d{1,19}$/.test(a.block)) throw bad('block')
  if (a.kind === 'retracted' && !a.retracts) throw bad('retracts')
}

function messageOf(a: Alert): string {
  const amount = humanAmount(a.amount, { symbol: a.symbol, decimals: a.decimals }, a.asset)
  if (a.kind === 'retracted') return `retracted ${a.retracts}: block ${a.block} left the chain`
  const where = a.freezeRequest ? `; freezable by ${a.freezeRequest.freezer.name}` : ''
  return `${a.kind}: ${amount} at ${a.addresses.join(', ')} in block ${a.block}${where}`
}

/** Column values of one alert, in the order of COLUMNS, for its incident's owner and marking. */
function valuesOf(a: Alert, incident: { org_id: string; tlp: string }): (string | null)[] {
  return [
    a.id,
    a.incident,
    incident.org_id,
    incident.tlp,
    a.kind,
    a.addresses[0] ?? '',
    a.asset,
    a.amount,
    messageOf(a),
    nowIso(),
    a.symbol,
    a.decimals === null ? null : String(a.decimals),
    a.severity,
    a.chain,
    a.block,
    a.blockHash,
    a.tx,
    JSON.stringify(a.addresses),
    JSON.stringify(a.path),
    a.place,
    a.freezeRequest === null ? null : JSON.stringify(a.freezeRequest),
    a.retracts,
    a.raisedAt,
    a.freezeWindow === null ? null : JSON.stringify(a.freezeWindow),
  ]
}

const COLUMNS = `id, incident_id, org_id, tlp, kind, address, asset, amount, message, created_at, symbol, decimals,
  severity, chain, block, block_hash, tx, addresses, path, place, freeze_request, retracts, raised_at, freeze_window`
const PLACEHOLDERS = Array.from({ length: 24 }, (_, i) => `$${i + 1}`).join(', ')
const SET_ALL = COLUMNS.split(',')
  .map((c, i) => `${c.trim()} = $${i + 1}`)
  .slice(1)
  .join(', ')

/** Marks the alert a `retracted` alert withdraws (if it is live) as retracted by it. */
async function retractTarget(tx: SqlQuery, r: Alert): Promise<void> {
  await tx.query('UPDATE alerts SET retracted_at = $2, retracted_by = $3 WHERE id = $1 AND retracted_at IS NULL', [
    r.retracts,
    r.raisedAt,
    r.id,
  ])
}

async function recordOne(tx: SqlQuery, a: Alert, incident: { org_id: string; tlp: string }): Promise<RecordedAlert> {
  const found = await tx.query<{ seq: string; retracted_at: string | null }>(
    'SELECT seq, retracted_at FROM alerts WHERE id = $1 FOR UPDATE',
    [a.id],
  )
  const row = found.rows[0]
  const values = valuesOf(a, incident)
  if (!row) {
    const r = await tx.query<{ seq: string }>(
      `INSERT INTO alerts (${COLUMNS}) VALUES (${PLACEHOLDERS}) RETURNING seq`,
      values,
    )
    if (a.kind === 'retracted') await retractTarget(tx, a)
    return { id: a.id, seq: Number(r.rows[0]?.seq), outcome: 'recorded' }
  }
  // A retraction recorded before, whose alert has been raised again since: this is a new withdrawal of it.
  const again =
    a.kind === 'retracted' &&
    (await tx.query('SELECT 1 FROM alerts WHERE id = $1 AND retracted_at IS NULL AND seq > $2', [a.retracts, row.seq]))
      .rows.length > 0
  if (row.retracted_at === null && !again) return { id: a.id, seq: Number(row.seq), outcome: 'unchanged' }
  const r = await tx.query<{ seq: string }>(
    `UPDATE alerts SET ${SET_ALL}, seq = nextval('alerts_seq'), retracted_at = NULL, retracted_by = NULL
     WHERE id = $1 RETURNING seq`,
    values,
  )
  if (again) await retractTarget(tx, a)
  return { id: a.id, seq: Number(r.rows[0]?.seq), outcome: again ? 'recorded' : 'reraised' }
}

/**
 * Stores alerts raised by the watcher, in one transaction, in order; idempotent on the alert id. A `retracted`
 * alert marks the alert it names as retracted; the same id raised again after its retraction is live again with
 * a new seq, so streams and webhooks deliver it again. Each alert takes its incident's owner and TLP; an incident
 * the server does not hold fails the whole batch with SERVER_NOT_FOUND and stores nothing.
 */
export async function recordAlerts(db: SqlClient, alerts: readonly Alert[]): Promise<RecordedAlert[]> {
  for (const a of alerts) checkAlert(a)
  if (alerts.length === 0) return []
  return db.transaction(async (tx) => {
    // Held to commit: seqs are taken in commit order (see the alerts_next_seq trigger).
    await tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.alerts_seq'))")
    const ids = [...new Set(alerts.map((a) => a.incident))]
    const r = await tx.query<{ id: string; org_id: string; tlp: string }>(
      'SELECT id, org_id, tlp FROM incidents WHERE id = ANY($1::TEXT[])',
      [ids],
    )
    const incidents = new Map(r.rows.map((row) => [row.id, row]))
    const missing = ids.filter((id) => !incidents.has(id))
    if (missing.length > 0) {
      throw new DragnetError('SERVER_NOT_FOUND', 'no such incident', { details: { incidents: missing } })
    }
    const out: RecordedAlert[] = []
    for (const a of alerts)
      out.push(await recordOne(tx, a, incidents.get(a.incident) as { org_id: string; tlp: string }))
    return out
  })
}
