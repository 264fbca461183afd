import { DragnetError } from '../../core/errors.ts'
import { chainFamily, detectChain } from '../chain-address.ts'
import { csvLine, parseCsvLine } from '../csv.ts'
import { isLabelCategory, type Label } from '../label-types.ts'

export const CSV_COLUMNS = [
  'address',
  'label',
  'category',
  'source',
  'chain',
  'confidence',
  'source_date',
  'programmes',
  'asset',
  'notes',
] as const
const REQUIRED = ['address', 'label', 'category', 'source'] as const

function bad(path: string, line: number, message: string): DragnetError {
  return new DragnetError('LABELS_MALFORMED', `${path}:${line}: ${message}`, { details: { path, line } })
}

export interface CsvLabelOptions {
  path: string
  /** The source of rows without one; with it, the `source` column may be left out. */
  defaultSource?: string
}

/**
 * Reads labels from CSV with the header `address,label,category,source` and optional chain, confidence,
 * source_date, programmes (separated by `;`), asset and notes; `name` is accepted for `label`. Columns are found
 * by the header, never by position. Any bad row fails the whole file with LABELS_MALFORMED naming the line, so
 * nothing is stored from a file with a bad row.
 */
export function csvLabels(text: string, options: CsvLabelOptions): Label[] {
  const lines = text.split(/\r?\n/)
  const header = parseCsvLine(lines[0]?.replace(/^\uFEFF/, '') ?? '')
    ?.map((h) => h.trim().toLowerCase())
    .map((h) => (h === 'name' ? 'label' : h))
  const required = REQUIRED.filter((c) => c !== 'source' || options.defaultSource === undefined)
  if (!header || !required.every((c) => header.includes(c))) {
    throw bad(options.path, 1, `header must name ${required.join(', ')}`)
  }
  const out: Label[] = []
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string
    if (raw.trim() === '' || raw.startsWith('#')) continue
    const f = parseCsvLine(raw)
    if (!f || f.length !== header.length) throw bad(options.path, i + 1, `expected ${header.length} fields`)
    const get = (name: string) => {
      const at = header.indexOf(name)
      return at < 0 ? '' : (f[at] as string).trim()
    }
    out.push(labelFromFields(get, options, i + 1))
  }
  return out
}

/**
 * One label from named fields (a CSV row, a JSON object), validated as every label file is: a known category,
 * an address whose chain is known, confidence 0-100, a YYYY-MM-DD date, a source. Fails with LABELS_MALFORMED
 * naming the line (or the array index for JSON).
 */
export function labelFromFields(get: (field: string) => string, options: CsvLabelOptions, line: number): Label {
  const address = get('address')
  const category = get('category')
  if (address === '') throw bad(options.path, line, 'empty address')
  if (!isLabelCategory(category)) throw bad(options.path, line, `unknown category ${category.slice(0, 40)}`)
  const chain = get('chain') || detectChain(address)
  if (!chain) throw bad(options.path, line, `cannot tell the chain of ${address.slice(0, 60)}: add a chain column`)
  if (chainFamily(chain) === 'evm' && !/^0x[0-9a-fA-F]{40}$/.test(address)) {
    throw bad(options.path, line, `not a 20-byte address: ${address.slice(0, 60)}`)
  }
  const confText = get('confidence')
  if (confText !== '' && !/^(100|\d{1,2})$/.test(confText)) throw bad(options.path, line, 'confidence is 0-100')
  const date = get('source_date')
  if (date !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw bad(options.path, line, 'source_date is YYYY-MM-DD')
  const source = get('source') || options.defaultSource
  if (!source) throw bad(options.path, line, 'empty source')
  return {
    chain,
    address,
    category,
    name: get('label'),
    source,
    sourceDate: date || null,
    confidence: confText === '' ? 50 : Number(confText),
    programmes: get('programmes')
      ? get('programmes')
          .split(';')
          .map((p) => p.trim())
      : [],
    asset: get('asset') || null,
    notes: get('notes') || null,
  }
}

/** Labels as CSV in the same columns the importer reads. */
export function labelsToCsv(labels: Iterable<Label>): string {
  const parts = [csvLine(CSV_COLUMNS)]
  for (const l of labels) {
    parts.push(
      csvLine([
        l.address,
        l.name,
        l.category,
        l.source,
        l.chain,
        l.confidence,
        l.sourceDate,
        l.programmes.join(';'),
        l.asset,
        l.notes,
      ]),
    )
  }
  return parts.join('')
}
