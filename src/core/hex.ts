import { DragnetError } from './errors.ts'

export type Hex = `0x${string}`
/** A lowercase 20-byte EVM address, as ethereum-etl writes it. */
export type Address = `0x${string}`

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/
const HASH_RE = /^0x[0-9a-fA-F]{64}$/
const QUANTITY_RE = /^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/
const DATA_RE = /^0x([0-9a-fA-F]{2})*$/

export function isAddress(value: unknown): value is string {
  return typeof value === 'string' && ADDRESS_RE.test(value)
}

/** Validates and lowercases an EVM address; throws INVALID_ADDRESS with the offending value. */
export function parseAddress(value: unknown, field = 'address'): Address {
  if (!isAddress(value)) {
    throw new DragnetError('INVALID_ADDRESS', `${field} is not a 20-byte hex address: ${preview(value)}`, {
      details: { field, value: preview(value) },
    })
  }
  return value.toLowerCase() as Address
}

/** Validates and lowercases a 32-byte hash; throws INVALID_HASH. */
export function parseHash(value: unknown, field = 'hash'): Hex {
  if (typeof value !== 'string' || !HASH_RE.test(value)) {
    throw new DragnetError('INVALID_HASH', `${field} is not a 32-byte hex hash: ${preview(value)}`, {
      details: { field, value: preview(value) },
    })
  }
  return value.toLowerCase() as Hex
}

export function isQuantity(value: unknown): value is string {
  return typeof value === 'string' && QUANTITY_RE.test(value)
}

export function isData(value: unknown): value is string {
  return typeof value === 'string' && DATA_RE.test(value)
}

/** A 32-byte topic word to its address (the low 20 bytes). */
export function wordToAddress(word: string): Address {
  return `0x${word.slice(-40).toLowerCase()}` as Address
}

export function preview(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value)
  if (s === undefined) return String(value)
  return s.length > 80 ? `${s.slice(0, 77)}...` : s
}

export const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000'
