import { createHash } from 'node:crypto'
import { TaxiiHttpError } from './taxii-error.ts'
import { normalIso, type StoredObject } from './taxii-objects.ts'

export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000

/** The filters of a TAXII 2.1 GET (section 3.4): what was asked, parsed and checked. */
export interface TaxiiFilter {
  addedAfter?: string
  ids?: string[]
  types?: string[]
  versions: string[]
  specVersions?: string[]
  limit: number
  next?: string
}

const bad = (message: string, parameter: string) =>
  new TaxiiHttpError(400, 'SERVER_INVALID_REQUEST', message, { parameter })

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/
const list = (v: unknown): string[] | undefined =>
  typeof v === 'string' && v.length > 0 ? v.split(',').map((s) => s.trim()) : undefined

/** Reads the query of a TAXII GET; an unknown parameter, a bad limit or a bad timestamp is a 400. */
export function parseFilter(q: Record<string, unknown>, allowed: readonly string[]): TaxiiFilter {
  for (const k of Object.keys(q)) if (!allowed.includes(k)) throw bad(`unknown parameter ${k}`, k)
  const f: TaxiiFilter = { versions: list(q['match[version]']) ?? ['last'], limit: DEFAULT_LIMIT }
  if (q.limit !== undefined) {
    const n = typeof q.limit === 'string' && /^\d+$/.test(q.limit) ? Number(q.limit) : Number.NaN
    if (!Number.isInteger(n) || n < 1) throw bad('limit must be a positive integer', 'limit')
    f.limit = Math.min(n, MAX_LIMIT)
  }
  if (q.added_after !== undefined) {
    if (typeof q.added_after !== 'string' || !TIMESTAMP.test(q.added_after))
      throw bad('added_after must be a timestamp like 2025-01-01T00:00:00.000Z', 'added_after')
    f.addedAfter = normalIso(q.added_after)
  }
  for (const v of f.versions) {
    if (!['first', 'last', 'all'].includes(v) && !TIMESTAMP.test(v))
      throw bad('match[version] takes first, last, all or timestamps', 'match[version]')
  }
  const ids = list(q['match[id]'])
  const types = list(q['match[type]'])
  const specVersions = list(q['match[spec_version]'])
  if (ids) f.ids = ids
  if (types) f.types = types
  if (specVersions) f.specVersions = specVersions
  if (typeof q.next === 'string') f.next = q.next
  return f
}

/** What a `next` token is bound to: every filter but limit and next, so it cannot be reused with others. */
function filterHash(f: TaxiiFilter, scope: string): string {
  const { limit: _l, next: _n, ...rest } = f
  return createHash('sha256')
    .update(JSON.stringify([scope, rest]))
    .digest('base64url')
    .slice(0, 16)
}

/** Where a page starts: after the row a `next` token names; a token that does not parse or was issued for other filters is a 400. */
export function afterOf(f: TaxiiFilter, scope: string): number {
  if (f.next === undefined) return 0
  let token: { s?: unknown; h?: unknown }
  try {
    token = JSON.parse(Buffer.from(f.next, 'base64url').toString('utf8'))
  } catch {
    throw bad('next is not a token this server issued', 'next')
  }
  if (typeof token.s !== 'number' || typeof token.h !== 'string')
    throw bad('next is not a token this server issued', 'next')
  if (token.h !== filterHash(f, scope)) throw bad('next was issued for other filters', 'next')
  return token.s
}

/** A page from the rows fetched after its start (up to limit + 1 of them): `more`, and the token of the page after. */
export function pageOf<T extends StoredObject>(
  fetched: readonly T[],
  f: TaxiiFilter,
  scope: string,
): { rows: T[]; more: boolean; next?: string } {
  const rows = fetched.slice(0, f.limit)
  const last = rows.at(-1)
  if (fetched.length <= f.limit || !last) return { rows, more: false }
  return {
    rows,
    more: true,
    next: Buffer.from(JSON.stringify({ s: last.seq, h: filterHash(f, scope) })).toString('base64url'),
  }
}
