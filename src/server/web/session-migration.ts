/**
 * Browser sessions and one-time sign-in links (server migration 5). Only SHA-256 hashes of the session ids and
 * link tokens are stored: a copy of the database signs nobody in. A session and a link point at the API key they
 * act as, so revoking the key ends them (docs/decisions/0022-web-sessions-and-app-serving.md).
 */
export const WEB_SESSION_STATEMENTS = [
  `CREATE TABLE web_sessions (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,
    key_id TEXT NOT NULL REFERENCES api_keys (id), org_id TEXT NOT NULL, user_id TEXT NOT NULL,
    csrf_token TEXT NOT NULL, via TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT)`,
  'CREATE INDEX web_sessions_key ON web_sessions (key_id)',
  `CREATE TABLE web_sign_in_links (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,
    key_id TEXT NOT NULL REFERENCES api_keys (id), org_id TEXT NOT NULL, created_by TEXT,
    created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT, session_id TEXT)`,
]
