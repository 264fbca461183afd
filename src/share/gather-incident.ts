import type { LabelIndex } from '../labels/label-index.ts'
import type { Label } from '../labels/label-types.ts'
import type { IncidentAccess } from '../server/db/incidents.ts'
import { getOrganisation } from '../server/db/organisations.ts'
import { listSeeds } from '../server/db/seeds.ts'
import { listTraceJobs, traceResultText } from '../server/db/trace-jobs.ts'
import type { Tlp } from '../server/tlp.ts'
import type { SqlQuery } from '../store/postgres/sql-client.ts'
import type { SharedFreezeWindow, SharedIncident, SharedTrace, SharedWallet, WalletRole } from './share-source.ts'
import { distinctLabels, importedLabels, plainLabel } from './shared-labels.ts'
import { strictestTlp } from './stix/tlp-markings.ts'

const RISKY = new Set(['sanctioned', 'dprk-attributed', 'stolen-funds'])

// The stored trace result is dragnet.trace/1 JSON: every amount, block and time is a decimal string.
interface StoredResult {
  model: string
  direction: string
  assets: Record<string, { symbol: string | null; decimals: number | null }>
  totals: Record<string, Record<string, string>>
  endpoints: {
    address: string
    category: string
    name: string | null
    asset: string
    amount: string
    freezableBy: { kind: string; name: string }[]
  }[]
  nodes: { address: string; labels: { category: string }[] }[]
  freezeWindows?: SharedFreezeWindow[]
}

class Wallets {
  readonly byAddress = new Map<string, SharedWallet>()
  constructor(private readonly chain: string) {}

  add(address: string, role: WalletRole, tlp: Tlp): SharedWallet {
    const key = address.toLowerCase()
    let w = this.byAddress.get(key)
    if (!w) {
      w = { chain: this.chain, address: key, roles: [], tlp, labels: [], endpoint: null }
      this.byAddress.set(key, w)
    }
    if (!w.roles.includes(role)) w.roles.push(role)
    w.tlp = strictestTlp([w.tlp, tlp]) ?? tlp
    return w
  }
}

async function latestTrace(db: SqlQuery, access: IncidentAccess, wallets: Wallets): Promise<SharedTrace | null> {
  const job = (await listTraceJobs(db, access)).find((j) => j.status === 'done')
  const text = job ? await traceResultText(db, job.id) : null
  if (!job || !text) return null
  const result = JSON.parse(text) as StoredResult
  for (const e of result.endpoints) {
    const w = wallets.add(e.address, 'endpoint', job.tlp)
    w.endpoint ??= { category: e.category, name: e.name, amounts: {}, freezableBy: [] }
    w.endpoint.amounts[e.asset] = (BigInt(w.endpoint.amounts[e.asset] ?? '0') + BigInt(e.amount)).toString()
    for (const f of e.freezableBy)
      if (!w.endpoint.freezableBy.some((x) => x.kind === f.kind && x.name === f.name)) w.endpoint.freezableBy.push(f)
  }
  for (const n of result.nodes)
    if (n.labels.some((l) => RISKY.has(l.category))) wallets.add(n.address, 'labelled', job.tlp)
  return {
    id: job.id,
    tlp: job.tlp,
    model: result.model,
    direction: result.direction,
    finishedAt: job.finishedAt ?? job.createdAt,
    assets: Object.fromEntries(
      Object.entries(result.assets).map(([k, a]) => [k, { symbol: a.symbol, decimals: a.decimals }]),
    ),
    totals: result.totals,
    freezeWindows: (result.freezeWindows ?? []).map((w) => ({
      address: w.address,
      asset: w.asset,
      freezableBy: w.freezableBy,
      received: w.received,
      left: w.left,
      remaining: w.remaining,
      arrived: w.arrived,
      departed: w.departed,
      seconds: w.seconds,
    })),
  }
}

/** What an earlier import brought of this incident (its wallets and figures), or null for an incident made here. */
async function importedShare(db: SqlQuery, incidentId: string): Promise<SharedIncident | null> {
  const r = await db.query<{ shared: unknown }>('SELECT shared FROM share_incidents WHERE incident_id = $1', [
    incidentId,
  ])
  const v = r.rows[0]?.shared
  if (v === undefined) return null
  return (typeof v === 'string' ? JSON.parse(v) : v) as SharedIncident
}

/**
 * An incident as the caller may share it: its seeds, the endpoints and labelled addresses of its latest
 * finished trace, the labels of each (the registry's and those imported by the caller's organisation), and the
 * trace figures. Only objects the caller may see are included; an incident imported earlier keeps what came in.
 */
export async function gatherIncident(
  db: SqlQuery,
  labels: LabelIndex,
  access: IncidentAccess,
): Promise<SharedIncident> {
  const { incident } = access
  const owner = await getOrganisation(db, incident.orgId)
  const wallets = new Wallets(incident.chain)
  for (const s of await listSeeds(db, access)) if (s.kind === 'address') wallets.add(s.value, 'seed', s.tlp)
  let trace = await latestTrace(db, access, wallets)
  const imported = await importedShare(db, incident.id)
  if (imported) {
    for (const w of imported.wallets) {
      const mine = wallets.byAddress.get(w.address)
      if (!mine) wallets.byAddress.set(w.address, { ...w, labels: [] })
      else mine.endpoint ??= w.endpoint
    }
    trace ??= imported.trace
  }
  const list = [...wallets.byAddress.values()]
  const extra = await importedLabels(
    db,
    access.principal.orgId,
    list.map((w) => w.address),
  )
  for (const w of list) {
    const own: Label[] = [
      ...labels.lookup(w.chain, w.address),
      ...extra.filter((l) => l.address === w.address && l.chain === w.chain),
    ]
    w.labels = distinctLabels(own.map(plainLabel)).map((l) => ({ ...l, address: w.address }))
  }
  return {
    producer: imported?.producer ?? { id: owner.id, name: owner.name, createdAt: owner.createdAt, stixId: null },
    incident: {
      id: incident.id,
      originId: imported?.incident.originId ?? null,
      title: incident.title,
      description: incident.description,
      status: incident.status,
      tlp: incident.tlp,
      chain: incident.chain,
      occurredAt: incident.occurredAt,
      createdAt: incident.createdAt,
    },
    wallets: list,
    trace,
  }
}
