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

/** Validates and lowercases an EVM address; throws INVALID_ADDRESS saying what is wrong with the value. */
export function parseAddress(value: unknown, field = 'address'): Address {
  if (!isAddress(value)) {
    const problem = typeof value === 'string' ? hexAddressProblem(value) : undefined
    const what = problem ? `${problem.message}` : 'is not a 20-byte hex address (0x and 40 hex digits)'
    throw new DragnetError('INVALID_ADDRESS', `${field} ${what}: ${preview(value)}`, {
      details: { field, value: preview(value), ...(problem ? { reason: problem.reason } : {}) },
    })
  }
  return value.toLowerCase() as Address
}

/**
 * What is wrong with text written as a hex (0x) address, or undefined when it does not start with 0x or is
 * a well-formed 40-digit address: non-hex characters (the first one named) or the wrong number of digits.
 * @example hexAddressProblem('0xZZZB71...') // { reason: 'bad-characters', message: "has a non-hex character 'Z' at position 3 (...)" }
 */
export function hexAddressProblem(
  text: string,
): { reason: 'bad-characters' | 'bad-length'; message: string } | undefined {
  const a = text.trim()
  if (!/^0[xX]/.test(a)) return undefined
  const body = a.slice(2)
  const bad = /[^0-9a-fA-F]/.exec(body)
  if (bad) {
    const shown = /\s/.test(bad[0]) ? 'a space' : `'${bad[0]}'`
    return {
      reason: 'bad-characters',
      message: `has a non-hex character ${shown} at position ${bad.index + 3} (an address is 0x and 40 hex digits, 0-9 a-f)`,
    }
  }
  if (body.length !== 40) {
    return { reason: 'bad-length', message: `has ${body.length} hex digits after 0x, an address has 40` }
  }
  return undefined
}

/**
 * Sharpens an INVALID_ADDRESS error whose value looks like a mistyped hex address: "cannot tell the chain"
 * is the wrong hint for `0xZZZ...`, whose problem is its characters. Other errors pass through unchanged.
 */
export function explainAddressError(error: DragnetError): DragnetError {
  if (error.code !== 'INVALID_ADDRESS' || error.details.reason !== 'unknown-chain') return error
  const value = error.details.address
  if (typeof value !== 'string') return error
  const problem = hexAddressProblem(value)
  if (!problem) return error
  return new DragnetError('INVALID_ADDRESS', `${preview(value)} ${problem.message}`, {
    details: { ...error.details, reason: problem.reason },
    cause: error,
  })
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
