import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import type { Label } from '../../labels/label-types.ts'
import type { Tlp } from '../../server/tlp.ts'
import type { SharedIncident, SharedWallet } from '../share-source.ts'
import type { ImportedLabel } from '../shared-labels.ts'
import { sharedEndpoint, sharedFreezeWindow, sharedLabel, sharedTraceFigures, walletRoles } from '../shared-schemas.ts'
import { chainOfValue, type StixImport } from '../stix/read-bundle.ts'
import { strictestTlp } from '../stix/tlp-markings.ts'
import { DRAGNET_RECORD, LAZARUS_GALAXY_TAG } from './build-misp-event.ts'

const tag = z.object({ name: z.string() })
const attribute = z.object({
  uuid: z.string().optional(),
  type: z.string(),
  value: z.string(),
  object_relation: z.string().nullable().optional(),
  comment: z.string().optional(),
  Tag: z.array(tag).optional(),
})
const event = z.object({
  Event: z.object({
    uuid: z.string().optional(),
    info: z.string(),
    date: z.string().optional(),
    Orgc: z.object({ name: z.string(), uuid: z.string().optional() }).optional(),
    Tag: z.array(tag).optional(),
    Attribute: z.array(attribute).optional(),
    Object: z
      .array(z.object({ uuid: z.string().optional(), name: z.string(), Attribute: z.array(attribute).optional() }))
      .optional(),
  }),
})
type Attribute = z.infer<typeof attribute>

const TLP_TAGS: Record<string, Tlp> = {
  'tlp:clear': 'CLEAR',
  'tlp:white': 'CLEAR',
  'tlp:green': 'GREEN',
  'tlp:amber': 'AMBER',
  'tlp:amber+strict': 'AMBER+STRICT',
  'tlp:red': 'RED',
}
const tlpOfTags = (tags: readonly { name: string }[] | undefined, fallback: Tlp): Tlp =>
  strictestTlp((tags ?? []).map((t) => TLP_TAGS[t.name.toLowerCase()]).filter((t): t is Tlp => !!t)) ?? fallback
const CHAIN_OF_SYMBOL: Record<string, string> = { BTC: 'bitcoin', ETH: 'ethereum' }
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'unknown'

function bad(problem: string, uuid?: string): DragnetError {
  return new DragnetError(
    'INVALID_ARGUMENT',
    `MISP event rejected: ${uuid ? `attribute ${uuid}` : 'event'}: ${problem}`,
    {
      details: { kind: 'misp-event', ...(uuid ? { objectId: uuid } : {}), problem },
    },
  )
}

function json<T>(schema: z.ZodType<T>, a: Attribute): T {
  let value: unknown
  try {
    value = JSON.parse(a.value)
  } catch {
    throw bad('Dragnet text is not JSON', a.uuid)
  }
  const r = schema.safeParse(value)
  if (!r.success) throw bad(`Dragnet text is not in Dragnet's format: ${r.error.issues[0]?.message ?? ''}`, a.uuid)
  return r.data
}

const walletText = z.object({
  chain: z.string(),
  roles: walletRoles,
  labels: z.array(sharedLabel),
  endpoint: sharedEndpoint.nullable(),
})
const record = z.object({
  incident: z.object({
    id: z.string(),
    originId: z.string(),
    title: z.string(),
    description: z.string(),
    status: z.string(),
    tlp: z.enum(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']),
    chain: z.string(),
    occurredAt: z.string().nullable(),
    createdAt: z.string(),
  }),
  producer: z.object({ id: z.string(), name: z.string(), createdAt: z.string(), stixId: z.string().nullable() }),
  trace: sharedTraceFigures
    .extend({
      tlp: z.enum(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']),
      freezeWindows: z.array(sharedFreezeWindow),
    })
    .nullable(),
})

/**
 * Reads a MISP event (JSON): Dragnet's own events back into the incident they came from, exactly; another
 * producer's btc attributes and coin-address objects as labels, attributed to Lazarus Group when the event
 * carries its galaxy tag, with the creating organisation as producer and the tlp: tags as marking.
 */
export function readMispEvent(input: unknown): StixImport {
  const parsed = event.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw bad(`${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is not a MISP event'}`)
  }
  const e = parsed.data.Event
  const eventTlp = tlpOfTags(e.Tag, 'AMBER')
  const producer = e.Orgc ? { id: e.Orgc.uuid ?? e.Orgc.name, name: e.Orgc.name } : null
  const own = (e.Attribute ?? []).find((a) => a.comment === DRAGNET_RECORD)
  const lazarus = (e.Tag ?? []).some((t) => t.name === LAZARUS_GALAXY_TAG)
  const labels: ImportedLabel[] = []
  const wallets: SharedWallet[] = []
  const skipped: string[] = []
  for (const o of e.Object ?? []) {
    if (o.name !== 'coin-address') continue
    const attrs = o.Attribute ?? []
    const by = (rel: string) => attrs.find((a) => a.object_relation === rel)
    const address = by('address') ?? by('address-crypto')
    if (!address) throw bad('a coin-address without address or address-crypto', o.uuid)
    const tlp = tlpOfTags(address.Tag, eventTlp)
    const text = by('text')
    if (own && text) {
      const w = json(walletText, text)
      wallets.push({ ...w, address: address.value, tlp, labels: w.labels as Label[] })
      continue
    }
    const symbol = by('symbol')?.value.toUpperCase()
    const chain = (symbol ? CHAIN_OF_SYMBOL[symbol] : undefined) ?? chainOfValue(address.value)
    if (!chain) {
      skipped.push(o.uuid ?? address.value)
      continue
    }
    labels.push(foreignLabel(chain, address, tlp, lazarus, e.info, e.date, producer))
  }
  for (const a of e.Attribute ?? []) {
    if (a.type !== 'btc') continue
    labels.push(foreignLabel('bitcoin', a, tlpOfTags(a.Tag, eventTlp), lazarus, e.info, e.date, producer))
  }
  if (!own) return { labels, incidents: [], skipped }
  const r = json(record, own)
  const shared: SharedIncident = { ...r, wallets }
  for (const w of wallets)
    for (const l of w.labels)
      labels.push({
        ...l,
        tlp: w.tlp,
        producer: { id: r.producer.stixId ?? r.producer.id, name: r.producer.name },
        origin: r.incident.originId,
      })
  return { labels, incidents: [shared], skipped }
}

function foreignLabel(
  chain: string,
  a: Attribute,
  tlp: Tlp,
  lazarus: boolean,
  info: string,
  date: string | undefined,
  producer: { id: string; name: string } | null,
): ImportedLabel {
  return {
    chain,
    address: chain === 'ethereum' ? a.value.toLowerCase() : a.value,
    category: lazarus ? 'dprk-attributed' : 'other',
    name: lazarus ? 'Lazarus Group' : info,
    source: `misp:${slug(producer?.name ?? 'unknown')}`,
    sourceDate: date ?? null,
    confidence: 50,
    programmes: [],
    asset: null,
    notes: a.comment || null,
    tlp,
    producer,
    origin: a.uuid ?? a.value,
  }
}
