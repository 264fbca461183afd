/**
 * The fixed list of label categories (docs/labels.md). Risky ones feed screening policies; service ones
 * (exchange, bridge, mixer, dex) also stop traces.
 */
export const LABEL_CATEGORIES = [
  'exchange',
  'exchange-deposit',
  'hot-wallet',
  'bridge',
  'mixer',
  'dex',
  'issuer',
  'issuer-freezable',
  'defi',
  'sanctioned',
  'dprk-attributed',
  'stolen-funds',
  'hack',
  'scam',
  'phishing',
  'ransomware',
  'darknet-market',
  'gambling',
  'other',
] as const

export type LabelCategory = (typeof LABEL_CATEGORIES)[number]

export function isLabelCategory(value: string): value is LabelCategory {
  return (LABEL_CATEGORIES as readonly string[]).includes(value)
}

/** Which category names the address when several sources disagree: the first in this order wins. */
export const CATEGORY_PRIORITY: readonly LabelCategory[] = [
  'sanctioned',
  'dprk-attributed',
  'stolen-funds',
  'hack',
  'ransomware',
  'darknet-market',
  'phishing',
  'scam',
  'mixer',
  'exchange-deposit',
  'exchange',
  'hot-wallet',
  'bridge',
  'dex',
  'issuer-freezable',
  'issuer',
  'gambling',
  'defi',
  'other',
]

/** One label as a source states it: who says what about one address on one chain. */
export interface Label {
  chain: string
  /** As the source wrote it (checksum case kept for display); keys are normalised by addressKey. */
  address: string
  category: LabelCategory
  /** The entity: an exchange's name, a sanctioned party's primary name, a hack's name. */
  name: string
  /** A stable source id, e.g. `ofac-sdn`, `etherscan`, `fbi-psa250226`; a re-import replaces that source's labels. */
  source: string
  /** The date the source published its list (YYYY-MM-DD), or null when unknown. */
  sourceDate: string | null
  /** 0 to 100: how sure the source is (an official list: 100). */
  confidence: number
  /** Sanctions programmes (e.g. DPRK3), empty when none. */
  programmes: string[]
  /** The asset the source listed the address under (XBT, ETH, USDT ...), or null. */
  asset: string | null
  notes: string | null
}

/** A stored label with its history: when it was listed and, if so, delisted. */
export interface StoredLabel extends Label {
  /** The source date (or import date) at which this label first appeared. */
  addedOn: string
  /** The source date (or import date) of the first import that no longer listed it; null while listed. */
  removedOn: string | null
}

/** What one import of a source changed. */
export interface LabelDiff {
  source: string
  added: Label[]
  removed: StoredLabel[]
  /** Labels still listed, possibly with a new name, programmes or notes. */
  kept: number
}

/** The identity of a label within its source: one source says one thing per (chain, address, category). */
export function labelIdentity(l: Pick<Label, 'source' | 'chain' | 'address' | 'category'>): string {
  return `${l.source}|${l.chain}|${l.address.toLowerCase()}|${l.category}`
}
