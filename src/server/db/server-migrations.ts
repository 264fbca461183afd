import { SHARE_STATEMENTS } from '../../share/share-migration.ts'
import type { SqlClient } from '../../store/postgres/sql-client.ts'
import { ALERT_DELIVERY_STATEMENTS } from '../alerts/alert-delivery-migration.ts'
import { WEB_SESSION_STATEMENTS } from '../web/session-migration.ts'
import { INCIDENT_WATCH_STATEMENTS } from './incident-watches.ts'

interface ServerMigration {
  version: number
  description: string
  statements: string[]
}

const ROLE_CHECK = "CHECK (role IN ('admin', 'investigator', 'analyst', 'viewer'))"
const TLP_CHECK = "CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'))"

/**
 * The server's own tables, versioned apart from the chain store's (server_migrations). Every tenant object
 * carries org_id (its owner) and tlp; amounts are NUMERIC(78, 0); times are ISO-8601 text in UTC.
 */
export const SERVER_MIGRATIONS: ServerMigration[] = [
  {
    version: 1,
    description: 'organisations, users, API keys, incidents, shares, seeds, trace jobs, freeze requests, alerts, audit',
    statements: [
      `CREATE TABLE organisations (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,
        platform BOOLEAN NOT NULL DEFAULT false, created_at TEXT NOT NULL)`,
      `CREATE TABLE users (id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations (id), name TEXT NOT NULL,
        email TEXT, role TEXT NOT NULL ${ROLE_CHECK}, created_at TEXT NOT NULL)`,
      'CREATE INDEX users_org ON users (org_id)',
      `CREATE TABLE api_keys (id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations (id),
        user_id TEXT NOT NULL REFERENCES users (id), key_hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL,
        label TEXT, created_at TEXT NOT NULL, revoked_at TEXT)`,
      `CREATE TABLE incidents (id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations (id),
        title TEXT NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL, tlp TEXT NOT NULL ${TLP_CHECK},
        chain TEXT NOT NULL, occurred_at TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)`,
      'CREATE INDEX incidents_org ON incidents (org_id)',
      `CREATE TABLE incident_shares (incident_id TEXT NOT NULL REFERENCES incidents (id),
        org_id TEXT NOT NULL REFERENCES organisations (id), created_at TEXT NOT NULL, PRIMARY KEY (incident_id, org_id))`,
      'CREATE INDEX incident_shares_org ON incident_shares (org_id)',
      `CREATE TABLE incident_seeds (id TEXT PRIMARY KEY, incident_id TEXT NOT NULL REFERENCES incidents (id),
        org_id TEXT NOT NULL, tlp TEXT NOT NULL ${TLP_CHECK}, kind TEXT NOT NULL, value TEXT NOT NULL, note TEXT,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (incident_id, kind, value))`,
      'CREATE INDEX incident_seeds_value ON incident_seeds (value)',
      `CREATE TABLE trace_jobs (id TEXT PRIMARY KEY, incident_id TEXT NOT NULL REFERENCES incidents (id),
        org_id TEXT NOT NULL, tlp TEXT NOT NULL ${TLP_CHECK}, status TEXT NOT NULL, phase TEXT NOT NULL,
        request JSONB NOT NULL, result TEXT, summary JSONB, error JSONB, created_by TEXT NOT NULL,
        created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT)`,
      'CREATE INDEX trace_jobs_incident ON trace_jobs (incident_id)',
      `CREATE TABLE freeze_requests (id TEXT PRIMARY KEY, incident_id TEXT NOT NULL REFERENCES incidents (id),
        trace_id TEXT NOT NULL REFERENCES trace_jobs (id), org_id TEXT NOT NULL, tlp TEXT NOT NULL ${TLP_CHECK},
        target_kind TEXT NOT NULL, target_name TEXT NOT NULL, chain TEXT NOT NULL, address TEXT NOT NULL,
        asset TEXT NOT NULL, amount NUMERIC(78, 0) NOT NULL, frozen_amount NUMERIC(78, 0),
        recovered_amount NUMERIC(78, 0), status TEXT NOT NULL, evidence JSONB NOT NULL, history JSONB NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      'CREATE INDEX freeze_requests_incident ON freeze_requests (incident_id)',
      `CREATE TABLE alerts (id TEXT PRIMARY KEY, incident_id TEXT NOT NULL REFERENCES incidents (id),
        trace_id TEXT, org_id TEXT NOT NULL, tlp TEXT NOT NULL ${TLP_CHECK}, kind TEXT NOT NULL, address TEXT NOT NULL,
        asset TEXT NOT NULL, amount NUMERIC(78, 0) NOT NULL, message TEXT NOT NULL, created_at TEXT NOT NULL)`,
      'CREATE INDEX alerts_incident ON alerts (incident_id)',
      `CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, org_id TEXT NOT NULL, user_id TEXT,
        key_id TEXT, action TEXT NOT NULL, object_type TEXT NOT NULL, object_id TEXT NOT NULL, incident_id TEXT,
        before JSONB, after JSONB)`,
      'CREATE INDEX audit_log_org ON audit_log (org_id, id)',
    ],
  },
  {
    version: 2,
    description: 'asset units on alerts, addresses reached by traces, signing keys, case notes and attachments',
    statements: [
      'ALTER TABLE alerts ADD COLUMN symbol TEXT',
      'ALTER TABLE alerts ADD COLUMN decimals INTEGER',
      // Every address a finished trace lists, so an address page finds the incidents that reached it.
      `CREATE TABLE trace_addresses (trace_id TEXT NOT NULL REFERENCES trace_jobs (id), incident_id TEXT NOT NULL,
        address TEXT NOT NULL, hop INTEGER NOT NULL, category TEXT, received JSONB NOT NULL,
        final JSONB NOT NULL, PRIMARY KEY (trace_id, address))`,
      'CREATE INDEX trace_addresses_address ON trace_addresses (address)',
      // Traces finished before this version: their stored result lists the same nodes.
      `INSERT INTO trace_addresses
        SELECT j.id, j.incident_id, lower(n->>'address'), (n->>'hop')::INTEGER, n->>'category',
          coalesce(n->'received', '{}'::JSONB), coalesce(n->'final', '{}'::JSONB)
        FROM trace_jobs j, jsonb_array_elements(j.result::JSONB->'nodes') n
        WHERE j.status = 'done' AND j.result IS NOT NULL
        ON CONFLICT DO NOTHING`,
      `CREATE TABLE signing_keys (id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations (id),
        algorithm TEXT NOT NULL, public_key TEXT NOT NULL, private_key TEXT NOT NULL, created_at TEXT NOT NULL,
        retired_at TEXT)`,
      'CREATE UNIQUE INDEX signing_keys_active ON signing_keys (org_id) WHERE retired_at IS NULL',
      `CREATE TABLE case_notes (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, tlp TEXT NOT NULL ${TLP_CHECK},
        incident_id TEXT REFERENCES incidents (id), chain TEXT, address TEXT, body TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL,
        CHECK ((incident_id IS NULL) <> (address IS NULL)))`,
      'CREATE INDEX case_notes_incident ON case_notes (incident_id)',
      'CREATE INDEX case_notes_address ON case_notes (chain, address)',
      `CREATE TABLE case_attachments (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, tlp TEXT NOT NULL ${TLP_CHECK},
        incident_id TEXT REFERENCES incidents (id), chain TEXT, address TEXT, name TEXT NOT NULL,
        media_type TEXT NOT NULL, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, content BYTEA NOT NULL,
        note TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
        CHECK ((incident_id IS NULL) <> (address IS NULL)))`,
      'CREATE INDEX case_attachments_incident ON case_attachments (incident_id)',
      'CREATE INDEX case_attachments_address ON case_attachments (chain, address)',
    ],
  },
  {
    version: 3,
    description: 'alerts in the watch format with a delivery sequence; webhooks, their deliveries and attempts',
    statements: ALERT_DELIVERY_STATEMENTS,
  },
  {
    version: 4,
    description: 'incidents marked for watching, with the figures the watch carried them to',
    statements: INCIDENT_WATCH_STATEMENTS,
  },
  {
    version: 5,
    description: 'browser sessions and one-time sign-in links, stored as SHA-256 hashes',
    statements: WEB_SESSION_STATEMENTS,
  },
  {
    version: 6,
    description: 'alerts carry the freeze window they open or close',
    // Alerts stored before it have none: their freeze window is null, as for alerts that touch no freezable place.
    statements: ['ALTER TABLE alerts ADD COLUMN freeze_window JSONB'],
  },
  {
    version: 7,
    description: 'sharing: imported labels and incidents, TAXII collections, objects and status',
    statements: SHARE_STATEMENTS,
  },
]

/**
 * Brings the server's tables to the latest version, one transaction per migration. Every migration not yet
 * applied runs, in version order, even below the highest applied: migrations written side by side may land in
 * either order (a database at 6 still gets 5), so each must stand on what the ones before it made.
 */
export async function migrateServerDb(db: SqlClient): Promise<number> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS server_migrations (version INTEGER PRIMARY KEY, description TEXT, applied_at TEXT)',
  )
  const r = await db.query<{ version: string | number }>('SELECT version FROM server_migrations')
  const applied = new Set(r.rows.map((row) => Number(row.version)))
  for (const m of [...SERVER_MIGRATIONS].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue
    await db.transaction(async (tx) => {
      for (const sql of m.statements) await tx.query(sql)
      await tx.query('INSERT INTO server_migrations VALUES ($1, $2, $3)', [
        m.version,
        m.description,
        new Date().toISOString(),
      ])
    })
  }
  return SERVER_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0)
}
