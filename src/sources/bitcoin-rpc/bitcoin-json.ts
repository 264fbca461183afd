import { DragnetError } from '../../core/errors.ts'

/**
 * Bitcoin Core prints amounts as bare JSON numbers with eight decimals (`"value": 0.29000000`); JSON.parse
 * would make a double of them. Every `"value":` number is wrapped in quotes first, so the decoder reads the
 * digits the node printed. A quote inside a JSON string is escaped (`\"`), so the pattern cannot match there.
 */
const VALUE_NUMBER = /"value":(\s*)(-?\d[\d.eE+-]*)/g

/** Parses a Bitcoin Core JSON answer with amounts kept as their decimal text. */
export function parseBitcoinJson(text: string): unknown {
  return JSON.parse(text.replace(VALUE_NUMBER, '"value":$1"$2"'))
}

export type Json = Record<string, unknown>

export function invalid(what: string, details: Record<string, unknown> = {}): DragnetError {
  return new DragnetError('RPC_INVALID_DATA', `node's answer is not a Bitcoin block or transaction: ${what}`, {
    details,
  })
}

export function obj(v: unknown, what: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw invalid(`${what} is not an object`)
  return v as Json
}

export function str(o: Json, key: string, what: string): string {
  const v = o[key]
  if (typeof v !== 'string') throw invalid(`${what}.${key} is not a string`, { field: key })
  return v
}

export function optStr(o: Json, key: string): string | null {
  const v = o[key]
  return typeof v === 'string' ? v : null
}

export function int(o: Json, key: string, what: string): number {
  const v = o[key]
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    throw invalid(`${what}.${key} is not an integer`, { field: key })
  return v
}

export function optInt(o: Json, key: string): number | null {
  const v = o[key]
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : null
}

const HASH = /^[0-9a-f]{64}$/

export function hash(o: Json, key: string, what: string): string {
  const v = str(o, key, what)
  if (!HASH.test(v)) throw invalid(`${what}.${key} is not a 32-byte hex hash`, { field: key, value: v.slice(0, 80) })
  return v
}
