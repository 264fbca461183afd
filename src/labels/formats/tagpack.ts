import { parse, stringify } from 'yaml'
import { DragnetError } from '../../core/errors.ts'
import { isLabelCategory, type Label, type LabelCategory } from '../label-types.ts'

/** GraphSense categories (its INTERPOL-based taxonomy) to Dragnet's, on import. */
const FROM_GRAPHSENSE: Record<string, LabelCategory> = {
  exchange: 'exchange',
  mixing_service: 'mixer',
  mixer: 'mixer',
  defi_dex: 'dex',
  dex: 'dex',
  defi_bridge: 'bridge',
  bridge: 'bridge',
  defi: 'defi',
  perpetrator: 'hack',
  hacker: 'hack',
  scam: 'scam',
  phishing: 'phishing',
  ransomware: 'ransomware',
  market: 'darknet-market',
  darkweb: 'darknet-market',
  gambling: 'gambling',
  sanctioned: 'sanctioned',
}

/** Dragnet's categories as GraphSense writes them, on export; the rest keep Dragnet's name. */
const TO_GRAPHSENSE: Partial<Record<LabelCategory, string>> = {
  mixer: 'mixing_service',
  dex: 'defi_dex',
  bridge: 'defi_bridge',
  hack: 'perpetrator',
  'darknet-market': 'market',
}

const CURRENCY_CHAIN: Record<string, string> = {
  BTC: 'bitcoin',
  ETH: 'ethereum',
  TRX: 'tron',
  LTC: 'litecoin',
  BCH: 'bitcoin-cash',
  ZEC: 'zcash',
}
const CHAIN_CURRENCY = Object.fromEntries(Object.entries(CURRENCY_CHAIN).map(([k, v]) => [v, k]))

/** GraphSense confidence ids to 0-100; numbers pass through. */
const CONFIDENCE: Record<string, number> = {
  ownership: 100,
  authority_data: 100,
  forensic: 90,
  service_data: 80,
  manual: 70,
  web_crawl: 50,
  untrusted_transaction: 20,
}

function bad(path: string, message: string, details: Record<string, unknown> = {}): DragnetError {
  return new DragnetError('LABELS_MALFORMED', `${path}: ${message}`, { details: { path, ...details } })
}

/**
 * Reads a GraphSense TagPack (YAML): header fields (category, currency or network, source, lastmod,
 * confidence) are inherited by every tag that does not set its own.
 */
export function tagpackLabels(text: string, options: { path: string; source?: string }): Label[] {
  let doc: unknown
  try {
    doc = parse(text)
  } catch (cause) {
    throw bad(options.path, `not valid YAML: ${(cause as Error).message}`)
  }
  const header = doc as Record<string, unknown> | null
  if (!header || typeof header !== 'object' || !Array.isArray(header.tags)) throw bad(options.path, 'no tags list')
  const title = typeof header.title === 'string' ? header.title : 'tagpack'
  return header.tags.map((t: Record<string, unknown>, i: number) => {
    const f = (k: string): unknown => t?.[k] ?? header[k]
    const address = f('address')
    if (typeof address !== 'string' || address.trim() === '')
      throw bad(options.path, `tag ${i}: no address`, { tag: i })
    const gsCategory = String(f('category') ?? '')
    const category = FROM_GRAPHSENSE[gsCategory] ?? (isLabelCategory(gsCategory) ? gsCategory : undefined)
    if (!category) throw bad(options.path, `tag ${i}: unknown category ${gsCategory.slice(0, 40)}`, { tag: i })
    const currency = String(f('network') ?? f('currency') ?? '').toUpperCase()
    const chain = CURRENCY_CHAIN[currency] ?? (currency ? currency.toLowerCase() : undefined)
    if (!chain) throw bad(options.path, `tag ${i}: no currency or network`, { tag: i })
    const conf = f('confidence')
    const lastmod = f('lastmod')
    const context = parseContext(f('context'))
    return {
      chain,
      address: address.trim(),
      category,
      name: String(f('label') ?? ''),
      source: options.source ?? String(context.source_id ?? title),
      sourceDate: lastmod instanceof Date ? lastmod.toISOString().slice(0, 10) : lastmod ? String(lastmod) : null,
      confidence: typeof conf === 'number' ? conf : (CONFIDENCE[String(conf)] ?? 50),
      programmes: Array.isArray(context.programmes) ? context.programmes.map(String) : [],
      asset: typeof context.asset === 'string' ? context.asset : null,
      notes: typeof f('source') === 'string' ? (f('source') as string) : null,
    }
  })
}

function parseContext(v: unknown): Record<string, unknown> {
  if (typeof v !== 'string') return {}
  try {
    const o = JSON.parse(v)
    return typeof o === 'object' && o !== null ? o : {}
  } catch {
    return {}
  }
}

/** Labels as one TagPack; Dragnet's own fields (source id, programmes, asset) ride in each tag's context. */
export function labelsToTagpack(labels: Iterable<Label>, title = 'Dragnet labels'): string {
  const tags = [...labels].map((l) => {
    const tag: Record<string, unknown> = {
      address: l.address,
      label: l.name,
      category: TO_GRAPHSENSE[l.category] ?? l.category,
      currency: CHAIN_CURRENCY[l.chain] ?? l.chain.toUpperCase(),
      confidence: l.confidence,
      context: JSON.stringify({ source_id: l.source, programmes: l.programmes, asset: l.asset }),
    }
    if (l.notes !== null) tag.source = l.notes
    if (l.sourceDate !== null) tag.lastmod = l.sourceDate
    return tag
  })
  return stringify({ title, creator: 'dragnet', is_public: true, tags }, { lineWidth: 0 })
}
