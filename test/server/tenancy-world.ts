import type { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import { EXCHANGE, fixtureChain, fixtureLabels, THIEF } from './fixture-world.ts'
import { call, createOrg, type OrgSetup, startTestServer, type TestServer } from './server-kit.ts'

/** Three organisations: A owns an incident shared with B, with a seed, a finished trace and a freeze request; C is outside. */
export interface TenancyWorld {
  t: TestServer
  chain: DuckDbStore
  a: OrgSetup
  b: OrgSetup
  c: OrgSetup
  /** Route parameter values naming A's objects. */
  params: Record<string, string>
  /** Ids of A's incident objects, which must never appear in what C receives. */
  secrets: string[]
  close: () => Promise<void>
}

export async function tenancyWorld(): Promise<TenancyWorld> {
  const chain = await fixtureChain()
  // The web app has its own test (web-app-serving.test.ts): here every path outside the API is the API's 404.
  const t = await startTestServer({ chainStore: chain, labelsFor: fixtureLabels, webRoot: null })
  const a = await createOrg(t, 'Alpha')
  const b = await createOrg(t, 'Bravo Exchange')
  const c = await createOrg(t, 'Charlie')
  const inc = await call(t.app, a.investigatorKey, 'POST', '/v1/incidents', {
    title: 'Alpha secret heist',
    tlp: 'AMBER',
    chain: 'ethereum',
  })
  const incidentId = inc.body.id as string
  await call(t.app, a.investigatorKey, 'PUT', `/v1/incidents/${incidentId}/shares`, { organisations: [b.id] })
  const seeds = await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/seeds`, { seeds: [THIEF] })
  const trace = await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/traces`, {})
  await t.app.dragnet.runner.idle()
  const fr = await call(
    t.app,
    a.investigatorKey,
    'POST',
    `/v1/incidents/${incidentId}/traces/${trace.body.id}/freeze-requests`,
    {
      addresses: [EXCHANGE],
    },
  )
  const note = await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/notes`, {
    body: 'Alpha secret note',
  })
  const file = {
    name: 'exchange-reply.txt',
    mediaType: 'text/plain',
    content: Buffer.from('Alpha secret file').toString('base64'),
  }
  const attachment = await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/attachments`, file)
  const addressNote = await call(t.app, a.investigatorKey, 'POST', `/v1/addresses/ethereum/${THIEF}/notes`, {
    body: 'Alpha secret address note',
  })
  const addressAttachment = await call(
    t.app,
    a.investigatorKey,
    'POST',
    `/v1/addresses/ethereum/${THIEF}/attachments`,
    file,
  )
  for (const r of [note, attachment, addressNote, addressAttachment]) {
    if (r.status !== 201) throw new Error(`case work: ${r.status} ${r.text}`)
  }
  // A closed port: nothing is delivered in these tests, the webhook is there to be reached for.
  const hook = await call(t.app, a.adminKey, 'POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/alpha-secret-hook' })
  if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${hook.text}`)
  const users = await call(t.app, a.adminKey, 'GET', `/v1/organisations/${a.id}/users`)
  const keys = await call(t.app, a.adminKey, 'GET', `/v1/organisations/${a.id}/keys`)
  const params = {
    incidentId,
    seedId: seeds.body.seeds[0].id as string,
    traceId: trace.body.id as string,
    freezeRequestId: fr.body.freezeRequests[0].id as string,
    orgId: a.id,
    userId: users.body.users[0].id as string,
    keyId: keys.body.keys[0].id as string,
    chain: 'ethereum',
    address: THIEF,
    noteId: note.body.id as string,
    attachmentId: attachment.body.id as string,
    addressNoteId: addressNote.body.id as string,
    addressAttachmentId: addressAttachment.body.id as string,
    webhookId: hook.body.id as string,
  }
  const secrets = [
    incidentId,
    params.seedId,
    params.traceId,
    params.freezeRequestId,
    params.noteId,
    params.attachmentId,
    params.addressNoteId,
    params.addressAttachmentId,
    params.webhookId,
    'alpha-secret-hook',
    hook.body.secret as string,
    'Alpha secret',
    // The attachment's content, as stored (base64) and as its hash.
    file.content,
    attachment.body.sha256 as string,
  ]
  return {
    t,
    chain,
    a,
    b,
    c,
    params,
    secrets,
    close: async () => {
      await t.close()
      await chain.close()
    },
  }
}

/** Fills a route's `:name` parameters from `params`. */
export function fillUrl(url: string, params: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => {
    const v = params[name]
    if (v === undefined) throw new Error(`no sample value for :${name} in ${url}`)
    return encodeURIComponent(v)
  })
}

/** Every table's rows, as text, to show that a request changed nothing. */
export async function snapshot(t: TestServer): Promise<string> {
  const tables = [
    'organisations',
    'users',
    'api_keys',
    'incidents',
    'incident_shares',
    'incident_seeds',
    'trace_jobs',
    'freeze_requests',
    'alerts',
    'audit_log',
    'trace_addresses',
    'signing_keys',
    'case_notes',
    'case_attachments',
    'webhooks',
    'webhook_deliveries',
    'webhook_attempts',
  ]
  const out: string[] = []
  for (const table of tables) {
    const r = await t.db.query(`SELECT * FROM ${table} ORDER BY 1`)
    out.push(`${table}:${JSON.stringify(r.rows)}`)
  }
  return out.join('\n')
}
