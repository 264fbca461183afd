const TLP_CHECK = "CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'))"

/**
 * Server migration 7: what sharing stores. Imported labels (with the producer and its marking), imported
 * incidents (the STIX or MISP id they came from, and what was shared of them), TAXII collections with their
 * member organisations, the objects in them (one row per version) and the status of each POST.
 */
export const SHARE_STATEMENTS: string[] = [
  `CREATE TABLE share_labels (id BIGSERIAL PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations (id),
    tlp TEXT NOT NULL ${TLP_CHECK}, chain TEXT NOT NULL, address TEXT NOT NULL, category TEXT NOT NULL,
    name TEXT NOT NULL, source TEXT NOT NULL, source_date TEXT, confidence INTEGER NOT NULL, programmes JSONB NOT NULL,
    asset TEXT, notes TEXT, producer_id TEXT, producer_name TEXT, origin TEXT NOT NULL, created_at TEXT NOT NULL,
    UNIQUE (org_id, source, chain, address, category))`,
  'CREATE INDEX share_labels_address ON share_labels (chain, address)',
  `CREATE TABLE share_incidents (org_id TEXT NOT NULL REFERENCES organisations (id), origin_id TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id), producer_id TEXT, producer_name TEXT, shared JSONB NOT NULL,
    imported_at TEXT NOT NULL, PRIMARY KEY (org_id, origin_id))`,
  'CREATE UNIQUE INDEX share_incidents_incident ON share_incidents (incident_id)',
  `CREATE TABLE taxii_collections (id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL, description TEXT NOT NULL, created_at TEXT NOT NULL)`,
  `CREATE TABLE taxii_collection_members (collection_id TEXT NOT NULL REFERENCES taxii_collections (id),
    org_id TEXT NOT NULL REFERENCES organisations (id), PRIMARY KEY (collection_id, org_id))`,
  `CREATE TABLE taxii_objects (seq BIGSERIAL PRIMARY KEY, collection_id TEXT NOT NULL REFERENCES taxii_collections (id),
    stix_id TEXT NOT NULL, type TEXT NOT NULL, version TEXT NOT NULL, spec_version TEXT NOT NULL,
    date_added TEXT NOT NULL, org_id TEXT NOT NULL, tlp TEXT NOT NULL ${TLP_CHECK}, incident_id TEXT,
    body JSONB NOT NULL, UNIQUE (collection_id, stix_id, version))`,
  'CREATE INDEX taxii_objects_collection ON taxii_objects (collection_id, seq)',
  `CREATE TABLE taxii_status (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, collection_id TEXT NOT NULL,
    request_timestamp TEXT NOT NULL, body JSONB NOT NULL)`,
]
