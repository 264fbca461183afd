import { DragnetError } from '../../core/errors.ts'
import { preview } from '../../core/hex.ts'
import { hexToDecimal } from '../../core/hex-decimal.ts'

/** Where a value came from, so an RPC_INVALID_DATA error names the method, block and field. */
export interface Where {
  method: string
  block?: string | bigint
  tx?: string
}

export type Json = Record<string, unknown>

/** `0x` and at least one hex digit (JSON-RPC quantities; leading zeros tolerated). */
function isQuantity(v: unknown): v is string {
  if (typeof v !== 'string' || v.length < 3 || v.charCodeAt(0) !== 48 || (v.charCodeAt(1) | 32) !== 120) return false
  for (let i = 2; i < v.length; i++) {
    const c = v.charCodeAt(i) | 32
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false
  }
  return true
}

/** `0x` and exactly `digits` hex digits; a char loop, as regexes dominated decoding time on hashes. */
export function isHexOf(v: unknown, digits: number): v is string {
  if (typeof v !== 'string' || v.length !== digits + 2 || v.charCodeAt(0) !== 48 || (v.charCodeAt(1) | 32) !== 120) {
    return false
  }
  for (let i = 2; i < v.length; i++) {
    const c = v.charCodeAt(i) | 32
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false
  }
  return true
}

/**
 * Opaque byte strings (input, log data) are only checked for the 0x prefix and an even length: Dragnet stores
 * them as given, and the words it decodes from them are checked where they are read.
 */
function isData(v: unknown): v is string {
  return typeof v === 'string' && v.length % 2 === 0 && v.charCodeAt(0) === 48 && (v.charCodeAt(1) | 32) === 120
}

export function invalid(where: Where, field: string, value: unknown, expected: string): DragnetError {
  return new DragnetError(
    'RPC_INVALID_DATA',
    `${where.method} returned ${value === undefined ? 'no' : 'an invalid'} ${field}${where.block === undefined ? '' : ` in block ${where.block}`}: expected ${expected}${value === undefined ? '' : `, got ${preview(value)}`}`,
    { details: { ...where, block: where.block?.toString(), field, value: preview(value) } },
  )
}

export function asObject(value: unknown, where: Where, field: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(where, field, value, 'an object')
  return value as Json
}

export function asArray(value: unknown, where: Where, field: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(where, field, value, 'an array')
  return value
}

/** A required hex quantity as bigint. */
export function qty(o: Json, key: string, where: Where): bigint {
  const v = o[key]
  if (!isQuantity(v)) throw invalid(where, key, v, 'a hex quantity')
  return BigInt(v)
}

/** An optional hex quantity as bigint, null when absent. */
export function optQty(o: Json, key: string, where: Where): bigint | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  if (!isQuantity(v)) throw invalid(where, key, v, 'a hex quantity')
  return BigInt(v)
}

/** A hex quantity as exact decimal text (for uint256 columns), null when absent. */
export function optDec(o: Json, key: string, where: Where): string | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  if (!isQuantity(v)) throw invalid(where, key, v, 'a hex quantity')
  return hexToDecimal(v)
}

/** A required hex quantity as exact decimal text. */
export function dec(o: Json, key: string, where: Where): string {
  const v = o[key]
  if (!isQuantity(v)) throw invalid(where, key, v, 'a hex quantity')
  return hexToDecimal(v)
}

export function addr(o: Json, key: string, where: Where): string {
  const v = o[key]
  if (!isHexOf(v, 40)) throw invalid(where, key, v, 'a 20-byte address')
  return v.toLowerCase()
}

export function optAddr(o: Json, key: string, where: Where): string | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  if (!isHexOf(v, 40)) throw invalid(where, key, v, 'a 20-byte address')
  return v.toLowerCase()
}

export function hash(o: Json, key: string, where: Where): string {
  const v = o[key]
  if (!isHexOf(v, 64)) throw invalid(where, key, v, 'a 32-byte hash')
  return v.toLowerCase()
}

export function optHash(o: Json, key: string, where: Where): string | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  return hash(o, key, where)
}

export function data(o: Json, key: string, where: Where): string {
  const v = o[key]
  if (!isData(v)) throw invalid(where, key, v, 'hex data')
  return v
}

export function optData(o: Json, key: string, where: Where): string | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  return data(o, key, where)
}

/** Any string the node gives as it is (nonce, extra data), null when absent. */
export function optString(o: Json, key: string): string | null {
  const v = o[key]
  return typeof v === 'string' ? v : null
}
