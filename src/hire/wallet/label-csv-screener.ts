import { readFileSync } from 'node:fs'
import { DragnetError } from '../../core/errors.ts'
import type { WalletScreener, WalletVerdict } from './wallet-screener.ts'

/** One row of a label CSV: address,label,category,source. */
export interface WalletLabel {
  address: string
  label: string
  category: string
  source: string
}

const RISKY = new Set(['dprk-attributed', 'sanctioned'])

const key = (address: string): string => {
  const a = address.trim()
  return /^0x[0-9a-fA-F]+$/.test(a) ? a.toLowerCase() : a
}

/** Parses address,label,category,source lines (a header line is allowed; fields may not contain commas). */
export function parseLabelCsv(text: string, origin = 'labels'): WalletLabel[] {
  const rows: WalletLabel[] = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (line === '' || line.startsWith('#')) continue
    const cols = line.split(',').map((c) => c.trim())
    if (i === 0 && cols[0]?.toLowerCase() === 'address') continue
    if (cols.length < 3 || cols[0] === '') {
      throw new DragnetError('HIRE_INVALID_DATA', `${origin}:${i + 1}: expected address,label,category,source`, {
        details: { origin, line: i + 1 },
      })
    }
    rows.push({ address: cols[0]!, label: cols[1] ?? '', category: cols[2] ?? '', source: cols[3] ?? '' })
  }
  return rows
}

/**
 * A screener that knows only directly labelled addresses: a stand-in until exposure screening
 * (direct and indirect counterparties) is available to plug in through the same interface.
 */
export function createLabelScreener(labels: WalletLabel[]): WalletScreener {
  const byAddress = new Map<string, WalletLabel[]>()
  for (const l of labels) byAddress.set(key(l.address), [...(byAddress.get(key(l.address)) ?? []), l])
  return {
    async screen(address: string): Promise<WalletVerdict | undefined> {
      const found = byAddress.get(key(address))
      if (found === undefined) return undefined
      const categories = [...new Set(found.map((l) => l.category))]
      return {
        risky: categories.some((c) => RISKY.has(c)),
        categories,
        reason: found.map((l) => `labelled "${l.label}"${l.source ? ` by ${l.source}` : ''}`).join('; '),
      }
    },
  }
}

/** Reads a label CSV file into a screener. */
export function loadLabelScreener(path: string): WalletScreener {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new DragnetError('FILE_NOT_FOUND', `cannot read label file ${path}`, { details: { path }, cause: error })
  }
  return createLabelScreener(parseLabelCsv(text, path))
}
