import { DragnetError } from '../../core/errors.ts'
import type { SqlParam, SqlQuery } from '../../store/postgres/sql-client.ts'
import { checkWebhookUrl } from '../../watch/webhooks/webhook-delivery.ts'
import { newWebhookSecret } from '../../watch/webhooks/webhook-signature.ts'
import { newId, nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import type { Principal } from '../permissions.ts'
import type { AlertFilter, AlertRecord, StoredAlertKind } from './alert-record.ts'
import { checkIncidentFilter } from './list-alerts.ts'

/** A webhook of an organisation: where its alerts go, and which. The secret is shown once, on creation. */
export interface Webhook {
  id: string
  orgId: string
  url: string
  description: string | null
  filter: { incidents: string[]; kinds: StoredAlertKind[]; minSeverity: AlertRecord['severity'] | null }
  createdBy: string
  createdAt: string
}

export interface WebhookInput {
  url: string
  description?: string | undefined
  incidents?: string[] | undefined
  kinds?: StoredAlertKind[] | undefined
  minSeverity?: AlertRecord['severity'] | undefined
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T

export const webhookOf = (r: Record<string, unknown>): Webhook => ({
  id: r.id as string,
  orgId: r.org_id as string,
  url: r.url as string,
  description: (r.description as string | null) ?? null,
  filter: {
    incidents: json<string[]>(r.incidents),
    kinds: json<StoredAlertKind[]>(r.kinds),
    minSeverity: (r.min_severity as AlertRecord['severity'] | null) ?? null,
  },
  createdBy: r.created_by as string,
  createdAt: r.created_at as string,
})

/** A webhook's filter as the alert filter the dispatcher applies. */
export const filterOf = (w: Webhook): AlertFilter => ({
  incidents: w.filter.incidents,
  kinds: w.filter.kinds,
  ...(w.filter.minSeverity ? { minSeverity: w.filter.minSeverity } : {}),
})

/**
 * Registers a webhook for the caller's organisation (audited, without the secret). It receives alerts recorded
 * from now on, never the history. An incident in the filter must be one the caller may see.
 */
export async function createWebhook(
  tx: SqlQuery,
  p: Principal,
  input: WebhookInput,
): Promise<Webhook & { secret: string }> {
  const url = checkWebhookUrl(input.url).toString()
  await checkIncidentFilter(tx, p, input.incidents)
  const latest = await tx.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM alerts')
  const hook: Webhook = {
    id: newId(),
    orgId: p.orgId,
    url,
    description: input.description ?? null,
    filter: {
      incidents: [...new Set(input.incidents ?? [])],
      kinds: [...new Set(input.kinds ?? [])],
      minSeverity: input.minSeverity ?? null,
    },
    createdBy: p.userId,
    createdAt: nowIso(),
  }
  const secret = newWebhookSecret()
  await tx.query('INSERT INTO webhooks VALUES ($1, $2, $3, $4, $5, $6::JSONB, $7::JSONB, $8, $9, $10, $11, NULL)', [
    hook.id,
    hook.orgId,
    hook.url,
    secret,
    hook.description,
    JSON.stringify(hook.filter.incidents),
    JSON.stringify(hook.filter.kinds),
    hook.filter.minSeverity,
    latest.rows[0]?.seq ?? '0',
    hook.createdBy,
    hook.createdAt,
  ])
  await writeAudit(tx, p, {
    action: 'webhook.create',
    objectType: 'webhook',
    objectId: hook.id,
    before: null,
    after: hook,
  })
  return { ...hook, secret }
}

export async function listWebhooks(db: SqlQuery, p: Principal): Promise<Webhook[]> {
  const r = await db.query<Record<string, unknown>>(
    'SELECT * FROM webhooks WHERE org_id = $1 AND deleted_at IS NULL ORDER BY created_at, id',
    [p.orgId],
  )
  return r.rows.map(webhookOf)
}

/** The caller's organisation's webhook; SERVER_NOT_FOUND for another's, as for one that does not exist. */
export async function webhookFor(db: SqlQuery, p: Principal, id: string): Promise<Webhook> {
  const r = await db.query<Record<string, unknown>>(
    'SELECT * FROM webhooks WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL',
    [id, p.orgId],
  )
  const row = r.rows[0]
  if (!row) throw new DragnetError('SERVER_NOT_FOUND', 'no such webhook', { details: { id } })
  return webhookOf(row)
}

/** Stops a webhook (audited): its pending deliveries are cancelled; what was delivered stays listed. */
export async function deleteWebhook(tx: SqlQuery, p: Principal, id: string): Promise<void> {
  const hook = await webhookFor(tx, p, id)
  const now = nowIso()
  await tx.query('UPDATE webhooks SET deleted_at = $2 WHERE id = $1', [id, now])
  await tx.query(
    "UPDATE webhook_deliveries SET status = 'cancelled', updated_at = $2 WHERE webhook_id = $1 AND status = 'pending'",
    [id, now],
  )
  await writeAudit(tx, p, { action: 'webhook.delete', objectType: 'webhook', objectId: id, before: hook, after: null })
}

export interface DeliveryView {
  id: string
  alertId: string
  alertSeq: number
  /** The webhook-id header: the same on every try. */
  messageId: string
  status: 'pending' | 'delivered' | 'failed' | 'cancelled'
  nextAttemptAt: string | null
  createdAt: string
  updatedAt: string
  attempts: { attempt: number; at: string; status: number | null; error: string | null; ms: number }[]
}

/** A webhook's deliveries, newest first, each with every try it took. */
export async function listDeliveries(
  db: SqlQuery,
  hook: Webhook,
  q: { status?: DeliveryView['status']; limit: number },
): Promise<DeliveryView[]> {
  const params: SqlParam[] = [hook.id]
  let where = 'webhook_id = $1'
  if (q.status) {
    params.push(q.status)
    where += ` AND status = $${params.length}`
  }
  params.push(q.limit)
  const r = await db.query<Record<string, unknown>>(
    `SELECT * FROM webhook_deliveries WHERE ${where} ORDER BY alert_seq DESC LIMIT $${params.length}`,
    params,
  )
  const ids = r.rows.map((row) => row.id as string)
  const a = await db.query<Record<string, unknown>>(
    'SELECT * FROM webhook_attempts WHERE delivery_id = ANY($1::TEXT[]) ORDER BY delivery_id, attempt',
    [ids],
  )
  const attempts = new Map<string, DeliveryView['attempts']>()
  for (const row of a.rows) {
    const list = attempts.get(row.delivery_id as string) ?? []
    list.push({
      attempt: Number(row.attempt),
      at: row.at as string,
      status: row.status === null ? null : Number(row.status),
      error: (row.error as string | null) ?? null,
      ms: Number(row.ms),
    })
    attempts.set(row.delivery_id as string, list)
  }
  return r.rows.map((row) => ({
    id: row.id as string,
    alertId: row.alert_id as string,
    alertSeq: Number(row.alert_seq),
    messageId: row.message_id as string,
    status: row.status as DeliveryView['status'],
    nextAttemptAt: (row.next_attempt_at as string | null) ?? null,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    attempts: attempts.get(row.id as string) ?? [],
  }))
}
