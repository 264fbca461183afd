import type { Logger } from '../core/logger.ts'
import type { KnownChains } from '../labels/known-chains.ts'
import type { LabelIndex } from '../labels/label-index.ts'
import type { LabelSourceInfo } from '../labels/label-store.ts'
import type { Policy } from '../screen/policy.ts'
import type { TraceStore } from '../store/edges/trace-index.ts'
import type { SqlClient } from '../store/postgres/sql-client.ts'
import type { Authenticator } from './authenticator.ts'
import type { Lock } from './lock.ts'
import type { Metrics } from './metrics.ts'
import type { TraceRunner } from './trace-runner.ts'

/** What every route module receives: built once per server by buildServer, never a module-level singleton. */
export interface ServerDeps {
  db: SqlClient
  /** Chain data through the trace engine's port: a DuckDB file or the PostgreSQL database (decision 0018). */
  chainStore: TraceStore | undefined
  chainLock: Lock
  labels: LabelIndex
  /** The label sources the index was built from, with their list dates: every screening answer names them. */
  labelSources: readonly LabelSourceInfo[]
  /** The chains the chain store holds and the labels name, read once (under chainLock) and kept. */
  knownChains: () => Promise<KnownChains>
  /** How long what the chain store holds is kept before it is read again; undefined: while the process runs. */
  chainRefreshMs: number | undefined
  policy: Policy
  auth: Authenticator
  runner: TraceRunner
  metrics: Metrics
  logger: Logger
  /** Exposure hops GET /v1/addresses uses when the query names none. */
  defaultHops: number
}

/** How a route treats organisations, checked route by route by the tenancy test. */
export type Tenancy =
  /** No key needed (health, readiness, metrics, the OpenAPI document). */
  | 'public'
  /** Addresses one object of an organisation by id: another organisation gets 404 or 403. */
  | 'object'
  /** Lists or searches: answers everyone, with only what the caller's organisation may see. */
  | 'list'
  /** Acts on the caller's own organisation or on no stored object (screening, creating an incident). */
  | 'own'
  /** Signs a browser in or out: takes an API key or a sign-in link in the body, or the session cookie. */
  | 'session'

declare module 'fastify' {
  interface FastifyContextConfig {
    tenancy?: Tenancy
  }
}
