import { existsSync, readFileSync } from 'node:fs'
import { DragnetError } from '../../core/errors.ts'
import { isAddress, parseAddress, parseHash } from '../../core/hex.ts'
import { chainFamily } from '../../labels/chain-address.ts'
import { parseCsvLine } from '../../labels/csv.ts'
import type { LabelStore } from '../../labels/label-store.ts'
import { isLabelCategory, LABEL_CATEGORIES } from '../../labels/label-types.ts'

/** Seeds gathered from flags, files and labels, with a note per seed where one was given. */
export interface GatheredSeeds {
  addresses: string[]
  txs: string[]
  notes: Record<string, string>
}

/** An empty set of seeds to add to. */
export function noSeeds(): GatheredSeeds {
  return { addresses: [], txs: [], notes: {} }
}

const TX_RE = /^0x[0-9a-fA-F]{64}$/
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/

/** Adds one seed (address or transaction hash, checked) with its note; the first note given for a seed stays. */
function addSeed(into: GatheredSeeds, value: string, note: string | null, where: string): void {
  const v = value.trim()
  let key: string
  if (TX_RE.test(v)) key = parseHash(v, where)
  else if (ADDRESS_RE.test(v)) key = parseAddress(v, where)
  else {
    const hashLike = /^0x[0-9a-fA-F]*$/.test(v) && v.length > 42
    throw new DragnetError(
      hashLike ? 'INVALID_HASH' : 'INVALID_ADDRESS',
      `${where}: not an address or transaction hash: ${v.slice(0, 80)}`,
      { details: { where, value: v.slice(0, 80) } },
    )
  }
  const list = key.length === 66 ? into.txs : into.addresses
  if (!list.includes(key)) list.push(key)
  if (note && into.notes[key] === undefined) into.notes[key] = note
}

/**
 * Reads a seeds file: CSV with a header whose first column is `seed` (or `address`, `tx`) and an optional `note`
 * column, or JSON: an array of seed strings or objects `{ "seed": ..., "note": ... }`. Lines that are blank or
 * start with `#` are skipped. A bad seed fails with INVALID_ADDRESS / INVALID_HASH naming its line (or item); a bad
 * header, JSON or an empty file with INVALID_ARGUMENT.
 */
export function loadSeedsFile(path: string, into: GatheredSeeds = noSeeds()): GatheredSeeds {
  if (!existsSync(path))
    throw new DragnetError('FILE_NOT_FOUND', `seeds file not found: ${path}`, { details: { path } })
  const text = readFileSync(path, 'utf8')
  const before = into.addresses.length + into.txs.length
  if (text.trimStart().startsWith('[')) seedsFromJson(text, path, into)
  else seedsFromCsv(text, path, into)
  if (into.addresses.length + into.txs.length === before) {
    throw new DragnetError('INVALID_ARGUMENT', `seeds file ${path} lists no seeds`, { details: { path } })
  }
  return into
}

function seedsFromCsv(text: string, path: string, into: GatheredSeeds): void {
  const lines = text.split(/\r?\n/)
  let header: string[] | undefined
  let seedCol = 0
  let noteCol = -1
  lines.forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const where = `${path} line ${i + 1}`
    const cells = parseCsvLine(line)
    if (!cells)
      throw new DragnetError('INVALID_ARGUMENT', `${where}: unterminated quote`, { details: { path, line: i + 1 } })
    if (!header) {
      header = cells.map((c) => c.trim().toLowerCase())
      seedCol = header.findIndex((c) => c === 'seed' || c === 'address' || c === 'tx' || c === 'transaction')
      noteCol = header.indexOf('note')
      if (seedCol < 0) {
        throw new DragnetError('INVALID_ARGUMENT', `${where}: the header must name a seed column (seed,note)`, {
          details: { path, line: i + 1, header: line.slice(0, 200) },
        })
      }
      return
    }
    const value = cells[seedCol] ?? ''
    if (value.trim() === '') {
      throw new DragnetError('INVALID_ADDRESS', `${where}: missing seed`, { details: { where, path, line: i + 1 } })
    }
    addSeed(into, value, noteCol >= 0 ? (cells[noteCol]?.trim() ?? null) || null : null, where)
  })
}

function seedsFromJson(text: string, path: string, into: GatheredSeeds): void {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (cause) {
    throw new DragnetError('INVALID_ARGUMENT', `seeds file ${path} is not valid JSON`, { cause, details: { path } })
  }
  if (!Array.isArray(data)) {
    throw new DragnetError('INVALID_ARGUMENT', `seeds file ${path} must hold a JSON array`, { details: { path } })
  }
  data.forEach((item: unknown, i) => {
    const where = `${path} item ${i + 1}`
    if (typeof item === 'string') {
      addSeed(into, item, null, where)
      return
    }
    const o = (item ?? {}) as Record<string, unknown>
    const seed = o.seed ?? o.address ?? o.tx
    if (typeof item !== 'object' || item === null || typeof seed !== 'string') {
      throw new DragnetError('INVALID_ADDRESS', `${where}: expected a seed string or {"seed": ..., "note": ...}`, {
        details: { where, path, item: i + 1 },
      })
    }
    if (o.note !== undefined && typeof o.note !== 'string') {
      throw new DragnetError('INVALID_ARGUMENT', `${where}: note must be a string`, { details: { path, item: i + 1 } })
    }
    addSeed(into, seed, (o.note as string | undefined)?.trim() || null, where)
  })
}

/**
 * Adds every address the label registry lists under `category` (optionally only from `source`) on the trace's
 * chain family, each with a note naming the label and its source. Fails with INVALID_ARGUMENT for an unknown
 * category or when nothing matches (a typo must not trace nothing silently).
 */
export async function addLabelSeeds(
  labels: LabelStore,
  chain: string,
  category: string,
  source: string | undefined,
  into: GatheredSeeds,
): Promise<number> {
  if (!isLabelCategory(category)) {
    throw new DragnetError(
      'INVALID_ARGUMENT',
      `--seed-label ${category} is not a label category (one of ${LABEL_CATEGORIES.join(', ')})`,
      { details: { category } },
    )
  }
  const family = chainFamily(chain)
  let n = 0
  for await (const batch of labels.active(source === undefined ? {} : { source })) {
    for (const l of batch) {
      if (l.category !== category) continue
      if (l.chain !== chain && (family === 'other' || chainFamily(l.chain) !== family)) continue
      if (!isAddress(l.address)) continue
      addSeed(into, l.address, `${l.name} (${l.source}${l.sourceDate ? ` ${l.sourceDate}` : ''})`, 'label seed')
      n++
    }
  }
  if (n === 0) {
    const from = source === undefined ? '' : ` from source ${source}`
    throw new DragnetError('INVALID_ARGUMENT', `no ${category} labels${from} on ${chain} to seed from`, {
      details: { category, source: source ?? null, chain },
    })
  }
  return n
}
