import type { FastifyInstance, HTTPMethods } from 'fastify'
import { silentLogger } from '../../src/core/logger.ts'
import { LabelIndex } from '../../src/labels/label-index.ts'
import type { Label } from '../../src/labels/label-types.ts'
import { loadPolicy } from '../../src/screen/policy.ts'
import { bootstrapServer } from '../../src/server/bootstrap.ts'
import { buildServer, type ServerOptions } from '../../src/server/build-server.ts'
import { openTestSqlClient } from '../../src/store/postgres/open-sql-client.ts'
import type { SqlClient } from '../../src/store/postgres/sql-client.ts'

export interface Reply {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: test replies are read field by field and every field asserted
  body: any
  text: string
  headers: Record<string, unknown>
}

/** A request through fastify.inject, with the key as a bearer token. */
export async function call(
  app: FastifyInstance,
  key: string | null,
  method: HTTPMethods,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const h: Record<string, string> = { ...headers }
  if (key) h.authorization = `Bearer ${key}`
  const r = await app.inject({
    method,
    url,
    headers: h,
    ...(payload === undefined ? {} : { payload: payload as string }),
  })
  let body: unknown = null
  try {
    body = r.body.length > 0 ? JSON.parse(r.body) : null
  } catch {
    body = null
  }
  return { status: r.statusCode, body, text: r.body, headers: r.headers as Record<string, unknown> }
}

export interface OrgSetup {
  id: string
  adminKey: string
  investigatorKey: string
  viewerKey: string
  analystKey: string
}

export interface TestServer {
  app: FastifyInstance
  db: SqlClient
  platformKey: string
  close: () => Promise<void>
}

export const SANCTIONED = '0x098b716b8aaf21512996dc57eb0615e2383e2f96'

/** Labels for tests: one sanctioned address (Ronin bridge exploiter, OFAC SDN), one exchange. */
export function testLabels(extra: Label[] = []): LabelIndex {
  const base: Label = {
    chain: 'ethereum',
    address: SANCTIONED,
    category: 'sanctioned',
    name: 'LAZARUS GROUP',
    source: 'ofac-sdn',
    sourceDate: '2022-04-14',
    confidence: 100,
    programmes: ['DPRK3'],
    asset: 'ETH',
    notes: null,
  }
  return LabelIndex.fromLabels([base, ...extra])
}

/** A server on a fresh schema (PostgreSQL when DATABASE_URL is set, else PGlite), bootstrapped with a platform admin. */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const { client, drop } = await openTestSqlClient()
  const boot = await bootstrapServer(client, { organisation: 'Platform', admin: 'root' })
  const app = await buildServer(
    { logger: silentLogger() },
    { db: client, labels: testLabels(), policy: loadPolicy(), authCacheMs: 0, ...options },
  )
  return {
    app,
    db: client,
    platformKey: boot.key,
    close: async () => {
      await app.close()
      await drop()
    },
  }
}

/** An organisation with an admin, an investigator, an analyst and a viewer, each with a key. */
export async function createOrg(t: TestServer, name: string): Promise<OrgSetup> {
  const org = await call(t.app, t.platformKey, 'POST', '/v1/organisations', { name })
  if (org.status !== 201) throw new Error(`create org: ${org.status} ${org.text}`)
  const id = org.body.id as string
  const keys: Record<string, string> = {}
  for (const role of ['admin', 'investigator', 'analyst', 'viewer']) {
    const u = await call(t.app, t.platformKey, 'POST', `/v1/organisations/${id}/users`, {
      name: `${name} ${role}`,
      role,
    })
    const k = await call(t.app, t.platformKey, 'POST', `/v1/organisations/${id}/users/${u.body.id}/keys`, {})
    if (k.status !== 201) throw new Error(`create key: ${k.status} ${k.text}`)
    keys[role] = k.body.key as string
  }
  return {
    id,
    adminKey: keys.admin as string,
    investigatorKey: keys.investigator as string,
    analystKey: keys.analyst as string,
    viewerKey: keys.viewer as string,
  }
}
