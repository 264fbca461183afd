import type { FastifyInstance } from 'fastify'
import type { HeistManifest } from '../devnet/world/manifest.ts'
import { bootstrapServer, createOrganisationWithUser } from '../server/bootstrap.ts'
import type { SqlClient } from '../store/postgres/sql-client.ts'
import { TAINT_MODELS } from '../trace/trace-types.ts'
import { DEMO_CHAIN } from './heist-demo.ts'

/** Who and what the demo server holds: two organisations, each with an admin key and its own AMBER incident. */
export interface DemoServerSeed {
  demo: { orgId: string; apiKey: string; keyId: string; incidentId: string }
  other: { orgId: string; apiKey: string; keyId: string; incidentId: string }
}

export const DEMO_ORG = 'Demo Investigations'
export const OTHER_ORG = 'Other Exchange'

/** A request through the API itself, as the app would make it; anything but the expected status is a defect. */
async function api(app: FastifyInstance, key: string, method: 'POST', url: string, body: unknown, status: number) {
  const r = await app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, payload: body as object })
  if (r.statusCode !== status) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`)
  return JSON.parse(r.body) as Record<string, unknown>
}

/**
 * Fills an empty demo server: the demo organisation (the platform one) and its admin; its TLP:AMBER incident
 * seeded with the heist's theft transactions and traced under every taint model, from the heist's first block as
 * `dragnet demo` traces (past the mixer pools too when the world played its mixer leg); and a second organisation with an AMBER incident of its own, shared with nobody, so
 * that what one organisation may not see is visible in the app. No freeze request is drafted.
 */
export async function seedDemoServer(
  app: FastifyInstance,
  db: SqlClient,
  manifest: HeistManifest,
): Promise<DemoServerSeed> {
  const demo = await bootstrapServer(db, { organisation: DEMO_ORG, admin: 'Demo investigator' })
  const other = await createOrganisationWithUser(db, { organisation: OTHER_ORG, user: 'Other analyst', role: 'admin' })
  const incident = await api(
    app,
    demo.key,
    'POST',
    '/v1/incidents',
    {
      title: 'Demo heist: cold wallet drained',
      tlp: 'AMBER',
      chain: DEMO_CHAIN,
      description: 'The heist `dragnet demo` plays on a local node: split, peeled, swapped, bridged, mixed, deposited.',
    },
    201,
  )
  const incidentId = incident.id as string
  await api(app, demo.key, 'POST', `/v1/incidents/${incidentId}/seeds`, { seeds: manifest.seeds.transactions }, 201)
  for (const model of TAINT_MODELS) {
    await api(
      app,
      demo.key,
      'POST',
      `/v1/incidents/${incidentId}/traces`,
      {
        model,
        fromBlock: manifest.heistBlocks.from.toString(),
        ...(manifest.mixerLeg ? { throughMixers: true } : {}),
      },
      202,
    )
  }
  const customer = manifest.entities.find((e) => e.key === 'customer')?.address
  const otherIncident = await api(
    app,
    other.key,
    'POST',
    '/v1/incidents',
    { title: 'Other Exchange: suspicious customer deposits', tlp: 'AMBER', chain: DEMO_CHAIN },
    201,
  )
  if (customer) {
    await api(app, other.key, 'POST', `/v1/incidents/${otherIncident.id}/seeds`, { seeds: [customer] }, 201)
  }
  await app.dragnet.runner.idle()
  return {
    demo: { orgId: demo.organisation.id, apiKey: demo.key, keyId: demo.keyId, incidentId },
    other: {
      orgId: other.organisation.id,
      apiKey: other.key,
      keyId: other.keyId,
      incidentId: otherIncident.id as string,
    },
  }
}
