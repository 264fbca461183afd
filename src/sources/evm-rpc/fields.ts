import { DragnetError } from '../../core/errors.ts'
import { preview } from '../../core/hex.ts'

/** Where a value came from, so an RPC_INVALID_DATA error names the method, block and field. */
export interface Where {
  method: string
  block?: string | bigint
  tx?: string
}

export type Json = Record<string, unknown>

const QUANTITY = /^0x[0-9a-fA-F]+$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const HASH = /^0x[0-9a-fA-F]{64}$/
const DATA = /^0x[0-9a-fA-F]*$/

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
  if (typeof v !== 'string' || !QUANTITY.test(v)) throw invalid(where, key, v, 'a hex quantity')
  return BigInt(v)
}

/** An optional hex quantity as bigint, null when absent. */
export function optQty(o: Json, key: string, where: Where): bigint | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  if (typeof v !== 'string' || !QUANTITY.test(v)) throw invalid(where, key, v, 'a hex quantity')
  return BigInt(v)
}

/** A hex quantity as exact decimal text (for uint256 columns), null when absent. */
export function optDec(o: Json, key: string, where: Where): string | null {
  const v = optQty(o, key, where)
  return v === null ? null : v.toString()
}

export function addr(o: Json, key: string, where: Where): string {
  const v = o[key]
  if (typeof v !== 'string' || !ADDRESS.test(v)) throw invalid(where, key, v, 'a 20-byte address')
  return v.toLowerCase()
}

export function optAddr(o: Json, key: string, where: Where): string | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  if (typeof v !== 'string' || !ADDRESS.test(v)) throw invalid(where, key, v, 'a 20-byte address')
  return v.toLowerCase()
}

export function hash(o: Json, key: string, where: Where): string {
  const v = o[key]
  if (typeof v !== 'string' || !HASH.test(v)) throw invalid(where, key, v, 'a 32-byte hash')
  return v.toLowerCase()
}

export function optHash(o: Json, key: string, where: Where): string | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  return hash(o, key, where)
}

export function data(o: Json, key: string, where: Where): string {
  const v = o[key]
  if (typeof v !== 'string' || !DATA.test(v)) throw invalid(where, key, v, 'hex data')
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
