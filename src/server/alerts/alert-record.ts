import { unitsText } from '../../cases/asset-amount.ts'
import { SEVERITIES } from '../../screen/policy.ts'
import type {
  Alert,
  AlertFreezeWindow,
  AlertKind,
  AlertPathStep,
  FreezablePlace,
  FreezeRequestDraft,
} from '../../watch/alert-types.ts'
import { type Tlp, tlpAllows } from '../tlp.ts'

/** What a trace raises when it finds funds at a freezable place: an alert kind of its own, not the watch's. */
export const TRACE_ALERT_KIND = 'freezable-funds'
export type StoredAlertKind = AlertKind | typeof TRACE_ALERT_KIND

/**
 * An alert as the API, the stream and webhooks give it: the watch format plus where it stands on this server.
 * Alerts raised by traces have no block, block hash or transaction (a trace finds a balance, not an event).
 */
export interface AlertRecord extends Omit<Alert, 'kind' | 'block' | 'blockHash' | 'tx'> {
  kind: StoredAlertKind
  block: string | null
  blockHash: string | null
  tx: string | null
  /** The delivery order: the SSE event id, increasing; a re-raise after a retraction gets a new one. */
  seq: number
  /** The organisation that owns the incident, and the marking the alert was stored with (the incident's). */
  orgId: string
  tlp: Tlp
  /** The trace that raised it, for alerts raised by traces. */
  traceId: string | null
  retracted: boolean
  retractedAt: string | null
  /** The id of the `retracted` alert that withdrew it. */
  retractedBy: string | null
  /** `amount` in the asset's units; base units when the decimals are unknown. */
  amountFormatted: string
  /** One line for people. */
  message: string
  recordedAt: string
}

/** The incident facts every visibility check needs, read with each alert row. */
export interface AlertAudience {
  incidentOrg: string
  incidentTlp: Tlp
  shares: readonly string[]
}

export interface AlertRow {
  record: AlertRecord
  audience: AlertAudience
}

/** Selects alert rows with their incident's owner, marking and shares; `a` is alerts, `i` incidents. */
export const ALERT_ROW_SELECT = `SELECT a.*, i.org_id AS incident_org, i.tlp AS incident_tlp, i.chain AS incident_chain,
  (SELECT coalesce(jsonb_agg(s.org_id ORDER BY s.org_id), '[]'::JSONB) FROM incident_shares s
    WHERE s.incident_id = a.incident_id) AS incident_shares
  FROM alerts a JOIN incidents i ON i.id = a.incident_id`

const json = <T>(v: unknown, fallback: T): T => {
  if (v === null || v === undefined) return fallback
  return (typeof v === 'string' ? JSON.parse(v) : v) as T
}
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

/** One row of ALERT_ROW_SELECT as the API shows it. */
export function alertRowOf(r: Record<string, unknown>): AlertRow {
  const units = { symbol: text(r.symbol), decimals: r.decimals === null ? null : Number(r.decimals) }
  const amount = String(r.amount)
  const record: AlertRecord = {
    format: 'dragnet.alert/1',
    id: r.id as string,
    seq: Number(r.seq),
    kind: r.kind as StoredAlertKind,
    severity: r.severity as AlertRecord['severity'],
    incident: r.incident_id as string,
    chain: text(r.chain) ?? (r.incident_chain as string),
    block: text(r.block),
    blockHash: text(r.block_hash),
    tx: text(r.tx),
    addresses: json<string[]>(r.addresses, [r.address as string]),
    asset: r.asset as string,
    amount,
    ...units,
    amountFormatted: unitsText(amount, units),
    path: json<AlertPathStep[]>(r.path, []),
    place: (text(r.place) as FreezablePlace | null) ?? null,
    freezeRequest: json<FreezeRequestDraft | null>(r.freeze_request, null),
    freezeWindow: json<AlertFreezeWindow | null>(r.freeze_window, null),
    retracts: text(r.retracts),
    raisedAt: text(r.raised_at) ?? (r.created_at as string),
    orgId: r.org_id as string,
    tlp: r.tlp as Tlp,
    traceId: text(r.trace_id),
    retracted: r.retracted_at !== null && r.retracted_at !== undefined,
    retractedAt: text(r.retracted_at),
    retractedBy: text(r.retracted_by),
    message: r.message as string,
    recordedAt: r.created_at as string,
  }
  const audience = {
    incidentOrg: r.incident_org as string,
    incidentTlp: r.incident_tlp as Tlp,
    shares: json<string[]>(r.incident_shares, []),
  }
  return { record, audience }
}

/**
 * Whether organisation `viewer` may see the alert: exactly the two checks an incident's children pass through
 * (incidentFor, then childVisible), with the incident's owner and shares as they are now.
 */
export function alertVisibleTo(viewer: string, row: AlertRow): boolean {
  const { incidentOrg, incidentTlp, shares } = row.audience
  const audience = new Set([incidentOrg, ...shares])
  if (!tlpAllows(incidentTlp, incidentOrg, viewer, audience)) return false
  return tlpAllows(row.record.tlp, row.record.orgId, viewer, audience)
}

/** The same test as alertVisibleTo in SQL, organisation in $1, over ALERT_ROW_SELECT's aliases. */
export const VISIBLE_ALERT = `(i.org_id = $1 OR i.tlp IN ('CLEAR', 'GREEN') OR (i.tlp IN ('AMBER', 'RED')
    AND EXISTS (SELECT 1 FROM incident_shares s WHERE s.incident_id = i.id AND s.org_id = $1)))
  AND (a.org_id = $1 OR a.tlp IN ('CLEAR', 'GREEN') OR (a.tlp IN ('AMBER', 'RED') AND (i.org_id = $1
    OR EXISTS (SELECT 1 FROM incident_shares s WHERE s.incident_id = i.id AND s.org_id = $1))))`

/** What a stream, a webhook or a list may narrow alerts to. */
export interface AlertFilter {
  incidents?: readonly string[]
  kinds?: readonly StoredAlertKind[]
  minSeverity?: AlertRecord['severity']
  chain?: string
}

const rank = (s: string): number => (SEVERITIES as readonly string[]).indexOf(s)

/** Severities at or above `min`. */
export const severitiesFrom = (min: string): string[] => SEVERITIES.filter((s) => s !== 'none' && rank(s) >= rank(min))

export function alertMatches(f: AlertFilter, a: AlertRecord): boolean {
  if (f.incidents && f.incidents.length > 0 && !f.incidents.includes(a.incident)) return false
  if (f.kinds && f.kinds.length > 0 && !f.kinds.includes(a.kind)) return false
  if (f.minSeverity && rank(a.severity) < rank(f.minSeverity)) return false
  if (f.chain && a.chain !== f.chain) return false
  return true
}
