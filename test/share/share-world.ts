import type { Label } from '../../src/labels/label-types.ts'
import type { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import { EXCHANGE, fixtureChain, fixtureLabels, THIEF } from '../server/fixture-world.ts'
import { call, createOrg, type OrgSetup, startTestServer, type TestServer, testLabels } from '../server/server-kit.ts'

/** The thief's address is attributed to Lazarus Group by an FBI list (confidence 90). */
export const LAZARUS_LABEL: Label = {
  chain: 'ethereum',
  address: THIEF,
  category: 'dprk-attributed',
  name: 'Lazarus Group',
  source: 'fbi-psa250226',
  sourceDate: '2025-02-26',
  confidence: 90,
  programmes: [],
  asset: 'ETH',
  notes: null,
}

export interface ShareWorld {
  t: TestServer
  chain: DuckDbStore
  a: OrgSetup
  b: OrgSetup
  c: OrgSetup
  incidentId: string
  close: () => Promise<void>
}

/** One server, three organisations: A's AMBER incident (seed THIEF, traced) is shared with B; C is outside. */
export async function shareWorld(tlp = 'AMBER'): Promise<ShareWorld> {
  const chain = await fixtureChain()
  const t = await startTestServer({ chainStore: chain, labelsFor: fixtureLabels, labels: testLabels([LAZARUS_LABEL]) })
  try {
    const a = await createOrg(t, 'Alpha Exchange')
    const b = await createOrg(t, 'Bravo CERT')
    const c = await createOrg(t, 'Charlie')
    const inc = await call(t.app, a.investigatorKey, 'POST', '/v1/incidents', {
      title: 'Harbor heist',
      description: 'Hot wallet drained',
      tlp,
      chain: 'ethereum',
    })
    const incidentId = inc.body.id as string
    if (tlp !== 'AMBER+STRICT')
      await call(t.app, a.investigatorKey, 'PUT', `/v1/incidents/${incidentId}/shares`, { organisations: [b.id] })
    await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/seeds`, { seeds: [THIEF] })
    const trace = await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/traces`, {})
    if (trace.status !== 202 && trace.status !== 201) throw new Error(`trace: ${trace.status} ${trace.text}`)
    await t.app.dragnet.runner.idle()
    return {
      t,
      chain,
      a,
      b,
      c,
      incidentId,
      close: async () => {
        await t.close()
        await chain.close()
      },
    }
  } catch (e) {
    await t.close()
    await chain.close()
    throw e
  }
}

export { EXCHANGE, THIEF }
