/**
 * Server migration 3 (released: never edit, append a new migration instead). Alerts gain the fields of the watch
 * format (src/watch/alert-types.ts) and `seq`, the order in which they are delivered: the SSE event id and the
 * webhooks' cursor. Alerts raised by traces before this version keep their rows: seq in the order they were
 * made, severity high, chain from their incident.
 */
export const ALERT_DELIVERY_STATEMENTS: string[] = [
  'CREATE SEQUENCE alerts_seq',
  'ALTER TABLE alerts ADD COLUMN seq BIGINT',
  `UPDATE alerts a SET seq = o.n FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM alerts) o
    WHERE a.id = o.id`,
  "SELECT setval('alerts_seq', coalesce((SELECT max(seq) FROM alerts), 0) + 1, false)",
  'ALTER TABLE alerts ALTER COLUMN seq SET NOT NULL',
  'CREATE UNIQUE INDEX alerts_seq_order ON alerts (seq)',
  `ALTER TABLE alerts ADD COLUMN severity TEXT NOT NULL DEFAULT 'high'
    CHECK (severity IN ('low', 'medium', 'high', 'severe'))`,
  'ALTER TABLE alerts ADD COLUMN chain TEXT',
  'ALTER TABLE alerts ADD COLUMN block BIGINT',
  'ALTER TABLE alerts ADD COLUMN block_hash TEXT',
  'ALTER TABLE alerts ADD COLUMN tx TEXT',
  'ALTER TABLE alerts ADD COLUMN addresses JSONB',
  'ALTER TABLE alerts ADD COLUMN path JSONB',
  'ALTER TABLE alerts ADD COLUMN place TEXT',
  'ALTER TABLE alerts ADD COLUMN freeze_request JSONB',
  'ALTER TABLE alerts ADD COLUMN retracts TEXT',
  'ALTER TABLE alerts ADD COLUMN raised_at TEXT',
  'ALTER TABLE alerts ADD COLUMN retracted_at TEXT',
  'ALTER TABLE alerts ADD COLUMN retracted_by TEXT',
  'UPDATE alerts a SET chain = i.chain FROM incidents i WHERE i.id = a.incident_id',
  // Whoever inserts an alert (recordAlerts, a trace job) takes its seq under a lock held to commit, so alerts
  // become visible in seq order and a reader that has seen seq N never later finds a smaller one.
  `CREATE FUNCTION alerts_next_seq() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.alerts_seq'));
      NEW.seq := nextval('alerts_seq');
      RETURN NEW;
    END $$`,
  'CREATE TRIGGER alerts_seq_on_insert BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION alerts_next_seq()',
  `CREATE TABLE webhooks (id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations (id),
    url TEXT NOT NULL, secret TEXT NOT NULL, description TEXT, incidents JSONB NOT NULL, kinds JSONB NOT NULL,
    min_severity TEXT, last_seq BIGINT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
    deleted_at TEXT)`,
  'CREATE INDEX webhooks_org ON webhooks (org_id)',
  `CREATE TABLE webhook_deliveries (id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL REFERENCES webhooks (id),
    org_id TEXT NOT NULL, alert_id TEXT NOT NULL, alert_seq BIGINT NOT NULL, message_id TEXT NOT NULL,
    payload TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL, next_attempt_at TEXT, leased_until TEXT, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, UNIQUE (webhook_id, alert_seq))`,
  'CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)',
  `CREATE TABLE webhook_attempts (id BIGSERIAL PRIMARY KEY, delivery_id TEXT NOT NULL
    REFERENCES webhook_deliveries (id), attempt INTEGER NOT NULL, at TEXT NOT NULL, status INTEGER, error TEXT,
    ms INTEGER NOT NULL)`,
  'CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt)',
]
