import { DragnetError } from '../../core/errors.ts'
import type { Label, LabelCategory } from '../label-types.ts'

/**
 * Etherscan tag to category (docs/labels.md). Tags not here give no label: most Etherscan tags name
 * protocols or token kinds, not a risk or a service that holds funds.
 */
export const ETHERSCAN_TAGS: Readonly<Record<string, LabelCategory>> = {
  exchange: 'exchange',
  binance: 'exchange',
  coinbase: 'exchange',
  kraken: 'exchange',
  kucoin: 'exchange',
  huobi: 'exchange',
  okx: 'exchange',
  bitfinex: 'exchange',
  poloniex: 'exchange',
  gemini: 'exchange',
  bittrex: 'exchange',
  'gate-io': 'exchange',
  ftx: 'exchange',
  'crypto-com': 'exchange',
  hotbit: 'exchange',
  ascendex: 'exchange',
  tidex: 'exchange',
  'binance-deposit': 'exchange-deposit',
  'hot-wallet': 'hot-wallet',
  bridge: 'bridge',
  'hop-protocol': 'bridge',
  'cross-chain': 'bridge',
  'tornado-cash': 'mixer',
  'ethereum-mixer': 'mixer',
  dex: 'dex',
  sushiswap: 'dex',
  balancer: 'dex',
  bancor: 'dex',
  'curve-fi': 'dex',
  kyberswap: 'dex',
  '1inch': 'dex',
  '0x-protocol': 'dex',
  paraswap: 'dex',
  pancakeswap: 'dex',
  'dex-ag': 'dex',
  airswap: 'dex',
  swipeswap: 'dex',
  sudoswap: 'dex',
  idex: 'dex',
  'ofac-sanctions-lists': 'sanctioned',
  heist: 'stolen-funds',
  'phish-hack': 'phishing',
  phishing: 'phishing',
  scam: 'scam',
}

/** Tags whose meaning depends on the name: Etherscan's `blocked` and `take-action` warnings. */
function categoryByName(tag: string, name: string): LabelCategory | undefined {
  if (tag !== 'blocked' && tag !== 'take-action') return undefined
  if (/phish/i.test(name)) return 'phishing'
  if (/exploit|hack|heist|drainer|attacker/i.test(name)) return 'hack'
  if (/scam|fake/i.test(name)) return 'scam'
  return undefined
}

export interface EtherscanResult {
  labels: Label[]
  /** Addresses that no tag mapped to a category. */
  unmapped: number
}

/**
 * Reads Etherscan-style labels, `{address: {name, labels: [tag...]}}`, into labels on `chain`; an address
 * gets one label per distinct category its tags map to. A bad address or shape fails with LABELS_MALFORMED.
 */
export function etherscanLabels(
  text: string,
  options: { source: string; sourceDate: string | null; chain?: string; path: string },
): EtherscanResult {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (cause) {
    throw new DragnetError('LABELS_MALFORMED', `${options.path} is not valid JSON: ${(cause as Error).message}`, {
      details: { path: options.path },
      cause,
    })
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DragnetError('LABELS_MALFORMED', `${options.path} must hold an object keyed by address`, {
      details: { path: options.path },
    })
  }
  const labels: Label[] = []
  let unmapped = 0
  for (const [address, entry] of Object.entries(data as Record<string, unknown>)) {
    const e = entry as { name?: unknown; labels?: unknown }
    if (!/^0x[0-9a-fA-F]{40}$/.test(address) || typeof e !== 'object' || e === null || !Array.isArray(e.labels)) {
      throw new DragnetError('LABELS_MALFORMED', `${options.path}: bad entry for ${address.slice(0, 60)}`, {
        details: { path: options.path, address: address.slice(0, 60) },
      })
    }
    const name = typeof e.name === 'string' ? e.name : ''
    const tags = e.labels.filter((t): t is string => typeof t === 'string')
    const categories = new Set<LabelCategory>()
    for (const tag of tags) {
      const c = ETHERSCAN_TAGS[tag] ?? categoryByName(tag, name)
      if (c) categories.add(c)
    }
    if (categories.size === 0) unmapped++
    for (const category of categories) {
      labels.push({
        chain: options.chain ?? 'ethereum',
        address,
        category,
        name: name || tags.join(', '),
        source: options.source,
        sourceDate: options.sourceDate,
        confidence: category === 'sanctioned' ? 80 : 70,
        programmes: [],
        asset: null,
        notes: `etherscan tags: ${tags.join(', ')}`,
      })
    }
  }
  return { labels, unmapped }
}
