import type { z } from 'zod'
import type { Label } from '../../labels/label-types.ts'
import type { Tlp } from '../../server/tlp.ts'
import type { SharedIncident, SharedWallet } from '../share-source.ts'
import type { ImportedLabel } from '../shared-labels.ts'
import { sharedEndpoint, sharedFreezeWindow, sharedLabel, sharedTraceFigures, walletRoles } from '../shared-schemas.ts'
import { LAZARUS_ALIASES, saysLazarus } from './lazarus.ts'
import { strictestTlp, tlpOfMarkingId } from './tlp-markings.ts'
import { bundleError, type StixBundle, type StixObject } from './validate-bundle.ts'

/** What a bundle brings: labels on addresses, and the incidents of Dragnet's own bundles. */
export interface StixImport {
  labels: ImportedLabel[]
  incidents: SharedIncident[]
  /** Wallets whose chain could not be told from the value: left out, by id. */
  skipped: string[]
}

/** An object without a TLP marking is read as AMBER: kept by the importing organisation and its audience only. */
const UNMARKED: Tlp = 'AMBER'
const tlpOf = (o: StixObject): Tlp =>
  strictestTlp(
    ((o.object_marking_refs as string[] | undefined) ?? []).map(tlpOfMarkingId).filter((t) => !!t) as Tlp[],
  ) ?? UNMARKED

function parse<T>(schema: z.ZodType<T>, value: unknown, o: StixObject, name: string): T {
  const r = schema.safeParse(value)
  if (!r.success) throw bundleError(`${name} is not in Dragnet's format: ${r.error.issues[0]?.message ?? ''}`, o)
  return r.data
}

/** The chain of a wallet another producer wrote: an EVM address is read as Ethereum, Bitcoin's forms as Bitcoin. */
export function chainOfValue(value: string): string | null {
  if (/^0x[0-9a-fA-F]{40}$/.test(value)) return 'ethereum'
  if (/^(bc1[02-9ac-hj-np-z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34})$/.test(value)) return 'bitcoin'
  return null
}

const PATTERN = /cryptocurrency-wallet:value\s*=\s*'((?:[^'\\]|\\.)*)'/g
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'unknown'

class Reader {
  readonly byId = new Map<string, StixObject>()
  readonly relationships: StixObject[] = []
  constructor(bundle: StixBundle) {
    for (const o of bundle.objects) {
      this.byId.set(o.id, o)
      if (o.type === 'relationship') this.relationships.push(o)
    }
  }
  producerOf(o: StixObject): { id: string; name: string } | null {
    const ref = o.created_by_ref
    const identity = typeof ref === 'string' ? this.byId.get(ref) : undefined
    return identity ? { id: identity.id, name: String(identity.name ?? identity.id) } : null
  }
  related(id: string, type: string): StixObject[] {
    return this.relationships
      .filter((r) => r.relationship_type === type && r.source_ref === id)
      .map((r) => this.byId.get(r.target_ref as string))
      .filter((x): x is StixObject => x !== undefined)
  }
}

/** Labels from another producer's indicators: one per wallet value in each pattern, named by what it indicates. */
function foreignLabels(r: Reader, o: StixObject): ImportedLabel[] {
  if (typeof o.pattern !== 'string' || o.pattern_type !== 'stix') return []
  const producer = r.producerOf(o)
  const actor = r.related(o.id, 'indicates').find((t) => ['intrusion-set', 'threat-actor', 'campaign'].includes(t.type))
  const actorName = actor ? String(actor.name ?? '') : null
  const aliases = actor && Array.isArray(actor.aliases) ? (actor.aliases as string[]) : []
  const lazarus =
    actorName !== null && [actorName, ...aliases].some((n) => saysLazarus({ category: 'dprk-attributed', name: n }))
  const out: ImportedLabel[] = []
  for (const m of o.pattern.matchAll(PATTERN)) {
    const address = (m[1] as string).replace(/\\(.)/g, '$1')
    const chain = chainOfValue(address)
    if (!chain) continue
    out.push({
      chain,
      address: chain === 'ethereum' ? address.toLowerCase() : address,
      category: lazarus ? 'dprk-attributed' : 'other',
      name: lazarus ? 'Lazarus Group' : (actorName ?? String(o.name ?? 'STIX indicator')),
      source: `stix:${slug(producer?.name ?? 'unknown')}`,
      sourceDate: typeof o.valid_from === 'string' ? o.valid_from.slice(0, 10) : null,
      confidence: typeof o.confidence === 'number' ? o.confidence : 50,
      programmes: [],
      asset: null,
      notes: lazarus ? `aliases: ${LAZARUS_ALIASES.join(', ')}` : null,
      tlp: tlpOf(o),
      producer,
      origin: o.id,
    })
  }
  return out
}

function walletOf(o: StixObject): SharedWallet {
  const chain = parse(sharedLabel.shape.chain, o.x_dragnet_chain, o, 'x_dragnet_chain')
  return {
    chain,
    address: String(o.value),
    roles: parse(walletRoles, o.x_dragnet_roles ?? [], o, 'x_dragnet_roles'),
    tlp: tlpOf(o),
    labels: parse(sharedLabel.array(), o.x_dragnet_labels ?? [], o, 'x_dragnet_labels') as Label[],
    endpoint:
      o.x_dragnet_endpoint === undefined ? null : parse(sharedEndpoint, o.x_dragnet_endpoint, o, 'x_dragnet_endpoint'),
  }
}

/** A Dragnet incident back from its bundle: the incident, the wallets related to it, and the figures noted on it. */
function dragnetIncident(r: Reader, o: StixObject): SharedIncident {
  const producer = r.producerOf(o)
  const identity = producer ? r.byId.get(producer.id) : undefined
  const wallets = r.relationships
    .filter((x) => x.relationship_type === 'related-to' && x.target_ref === o.id)
    .map((x) => r.byId.get(x.source_ref as string))
    .filter((x): x is StixObject => x?.type === 'cryptocurrency-wallet')
    .map(walletOf)
  const notes = [...r.byId.values()].filter(
    (n) => n.type === 'note' && Array.isArray(n.object_refs) && n.object_refs.includes(o.id),
  )
  const figures = notes.find((n) => n.x_dragnet_trace !== undefined)
  const windows = notes.find((n) => n.x_dragnet_freeze_windows !== undefined)
  const trace = figures ? parse(sharedTraceFigures, figures.x_dragnet_trace, figures, 'x_dragnet_trace') : null
  return {
    producer: {
      id: producer?.id ?? 'unknown',
      name: producer?.name ?? 'unknown',
      createdAt: typeof identity?.created === 'string' ? identity.created : String(o.created),
      stixId: producer?.id ?? null,
    },
    incident: {
      id: o.id.slice('incident--'.length),
      originId: o.id,
      title: String(o.name),
      description: typeof o.description === 'string' ? o.description : '',
      status: typeof o.x_dragnet_status === 'string' ? o.x_dragnet_status : 'open',
      tlp: tlpOf(o),
      chain: String(o.x_dragnet_chain),
      occurredAt: typeof o.x_dragnet_occurred_at === 'string' ? o.x_dragnet_occurred_at : null,
      createdAt: String(o.created),
    },
    wallets,
    trace:
      trace && figures
        ? {
            ...trace,
            tlp: tlpOf(figures),
            freezeWindows: windows
              ? parse(sharedFreezeWindow.array(), windows.x_dragnet_freeze_windows, windows, 'x_dragnet_freeze_windows')
              : [],
          }
        : null,
  }
}

/**
 * Reads a validated bundle: Dragnet's incidents (an incident with x_dragnet_chain) with their wallets, labels
 * and figures exactly as written; other producers' indicators on cryptocurrency wallets as labels with the
 * producer's identity, confidence and marking.
 */
export function readBundle(bundle: StixBundle): StixImport {
  const r = new Reader(bundle)
  const incidents: SharedIncident[] = []
  const labels: ImportedLabel[] = []
  const skipped: string[] = []
  for (const o of bundle.objects) {
    if (o.type === 'incident' && typeof o.x_dragnet_chain === 'string') {
      const shared = dragnetIncident(r, o)
      incidents.push(shared)
      for (const w of shared.wallets)
        for (const l of w.labels)
          labels.push({ ...l, tlp: w.tlp, producer: r.producerOf(o), origin: walletIdOf(r, w.address) ?? o.id })
    } else if (o.type === 'indicator' && o.x_dragnet_chain === undefined) {
      labels.push(...foreignLabels(r, o))
    } else if (
      o.type === 'cryptocurrency-wallet' &&
      o.x_dragnet_chain === undefined &&
      !chainOfValue(String(o.value))
    ) {
      skipped.push(o.id)
    }
  }
  return { labels, incidents, skipped }
}

function walletIdOf(r: Reader, address: string): string | undefined {
  for (const o of r.byId.values()) if (o.type === 'cryptocurrency-wallet' && o.value === address) return o.id
  return undefined
}
