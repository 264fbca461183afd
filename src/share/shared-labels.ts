import type { Label, LabelCategory } from '../labels/label-types.ts'
import { labelIdentity } from '../labels/label-types.ts'
import type { Tlp } from '../server/tlp.ts'
import type { SqlQuery } from '../store/postgres/sql-client.ts'

/** A label that came in through sharing: the label, its marking, who produced it and what object it came from. */
export interface ImportedLabel extends Label {
  tlp: Tlp
  producer: { id: string; name: string } | null
  /** The STIX object id or MISP attribute uuid the label was read from. */
  origin: string
}

/** SQL keeping the imported labels organisation $1 may see: its own imports only (they were shared with it). */
const OWN = 'org_id = $1'

/** Stores imported labels for an organisation; a label it had from the same source is replaced. */
export async function storeImportedLabels(tx: SqlQuery, orgId: string, labels: readonly ImportedLabel[]) {
  const now = new Date().toISOString()
  for (const l of labels) {
    await tx.query(
      `INSERT INTO share_labels (org_id, tlp, chain, address, category, name, source, source_date, confidence,
        programmes, asset, notes, producer_id, producer_name, origin, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (org_id, source, chain, address, category) DO UPDATE SET tlp = EXCLUDED.tlp,
        name = EXCLUDED.name, source_date = EXCLUDED.source_date, confidence = EXCLUDED.confidence,
        programmes = EXCLUDED.programmes, asset = EXCLUDED.asset, notes = EXCLUDED.notes,
        producer_id = EXCLUDED.producer_id, producer_name = EXCLUDED.producer_name, origin = EXCLUDED.origin`,
      [
        orgId,
        l.tlp,
        l.chain,
        l.address.toLowerCase(),
        l.category,
        l.name,
        l.source,
        l.sourceDate,
        l.confidence,
        JSON.stringify(l.programmes),
        l.asset,
        l.notes,
        l.producer?.id ?? null,
        l.producer?.name ?? null,
        l.origin,
        now,
      ],
    )
  }
}

const labelOf = (r: Record<string, unknown>): ImportedLabel => ({
  chain: r.chain as string,
  address: r.address as string,
  category: r.category as LabelCategory,
  name: r.name as string,
  source: r.source as string,
  sourceDate: (r.source_date as string | null) ?? null,
  confidence: Number(r.confidence),
  programmes: (typeof r.programmes === 'string' ? JSON.parse(r.programmes) : r.programmes) as string[],
  asset: (r.asset as string | null) ?? null,
  notes: (r.notes as string | null) ?? null,
  tlp: r.tlp as Tlp,
  producer: r.producer_id ? { id: r.producer_id as string, name: (r.producer_name as string | null) ?? '' } : null,
  origin: r.origin as string,
})

/** The imported labels an organisation holds, optionally of some addresses only. */
export async function importedLabels(db: SqlQuery, orgId: string, addresses?: readonly string[]) {
  const r = addresses
    ? await db.query<Record<string, unknown>>(
        `SELECT * FROM share_labels WHERE ${OWN} AND address = ANY($2::TEXT[]) ORDER BY id`,
        [orgId, addresses.map((a) => a.toLowerCase())],
      )
    : await db.query<Record<string, unknown>>(`SELECT * FROM share_labels WHERE ${OWN} ORDER BY id`, [orgId])
  return r.rows.map(labelOf)
}

/** Labels without duplicates (one per source, chain, address and category), the first kept. */
export function distinctLabels<T extends Label>(labels: Iterable<T>): T[] {
  const seen = new Map<string, T>()
  for (const l of labels) if (!seen.has(labelIdentity(l))) seen.set(labelIdentity(l), l)
  return [...seen.values()]
}

/** A label as shared: the import's marking and producer dropped, the label itself kept. */
export function plainLabel(l: Label): Label {
  return {
    chain: l.chain,
    address: l.address,
    category: l.category,
    name: l.name,
    source: l.source,
    sourceDate: l.sourceDate,
    confidence: l.confidence,
    programmes: [...l.programmes],
    asset: l.asset,
    notes: l.notes,
  }
}
