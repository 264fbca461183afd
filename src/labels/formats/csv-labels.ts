import { DragnetError } from '../../core/errors.ts'
import { detectChain } from '../chain-address.ts'
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

/**
 * Reads labels from CSV with the header `address,label,category,source` and optional chain, confidence,
 * source_date, programmes (separated by `;`), asset and notes. Any bad row fails the whole file with
 * LABELS_MALFORMED naming the line, so nothing is stored from a file with a bad row.
 */
export function csvLabels(text: string, options: { path: string; defaultSource?: string }): Label[] {
  const lines = text.split(/\r?\n/)
  const header = parseCsvLine(lines[0]?.replace(/^\uFEFF/, '') ?? '')?.map((h) => h.trim().toLowerCase())
  if (!header || !REQUIRED.every((c) => header.includes(c))) {
    throw bad(options.path, 1, `header must name ${REQUIRED.join(', ')}`)
  }
  const col = (name: string) => header.indexOf(name)
  const out: Label[] = []
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string
    if (raw.trim() === '' || raw.startsWith('#')) continue
    const f = parseCsvLine(raw)
    if (!f || f.length !== header.length) throw bad(options.path, i + 1, `expected ${header.length} fields`)
    const get = (name: string) => {
      const at = col(name)
      return at < 0 ? '' : (f[at] as string).trim()
    }
    const address = get('address')
    const category = get('category')
    if (address === '') throw bad(options.path, i + 1, 'empty address')
    if (!isLabelCategory(category)) throw bad(options.path, i + 1, `unknown category ${category.slice(0, 40)}`)
    const chain = get('chain') || detectChain(address)
    if (!chain) throw bad(options.path, i + 1, `cannot tell the chain of ${address.slice(0, 60)}: add a chain column`)
    const confText = get('confidence')
    if (confText !== '' && !/^(100|\d{1,2})$/.test(confText)) throw bad(options.path, i + 1, 'confidence is 0-100')
    const date = get('source_date')
    if (date !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw bad(options.path, i + 1, 'source_date is YYYY-MM-DD')
    const source = get('source') || options.defaultSource
    if (!source) throw bad(options.path, i + 1, 'empty source')
    out.push({
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
    })
  }
  return out
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
