import type { JsonValue } from './json-text.ts'
import { RPC, RpcError } from './rpc-error.ts'

/** A method's parameter names in order: JSON-RPC named parameters map onto them. */
export type ParamNames = readonly string[]

/** Positional parameters from an array or an object of named ones, as Core's transformNamedArguments. */
export function positional(params: JsonValue | undefined, names: ParamNames, usage: string): JsonValue[] {
  if (params === undefined || params === null) return []
  if (Array.isArray(params)) {
    if (params.length > names.length) throw new RpcError(RPC.MISC_ERROR, usage)
    return params
  }
  if (typeof params !== 'object') throw new RpcError(RPC.INVALID_REQUEST, 'Params must be an array or object')
  const obj = params as { [k: string]: JsonValue }
  for (const k of Object.keys(obj))
    if (!names.includes(k)) throw new RpcError(RPC.INVALID_PARAMETER, `Unknown named parameter ${k}`)
  const out: JsonValue[] = names.map((n) => (n in obj ? (obj[n] as JsonValue) : null))
  while (out.length > 0 && out[out.length - 1] === null) out.pop()
  return out
}

const typeName = (v: JsonValue): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'object'
        ? 'object'
        : typeof v === 'boolean'
          ? 'bool'
          : typeof v

/** Core's type check message for a parameter of the wrong JSON type. */
export function typeError(v: JsonValue, expected: string): RpcError {
  return new RpcError(RPC.TYPE_ERROR, `JSON value of type ${typeName(v)} is not of expected type ${expected}`)
}

export function requireInt(v: JsonValue | undefined, usage: string): number {
  if (v === undefined || v === null) throw new RpcError(RPC.MISC_ERROR, usage)
  if (typeof v !== 'number') throw typeError(v, 'number')
  if (!Number.isInteger(v)) throw new RpcError(RPC.TYPE_ERROR, 'JSON integer out of range')
  return v
}

/** Core's ParseHashV: 64 hex characters, lower or upper case. */
export function requireHash(v: JsonValue | undefined, name: string, usage: string): string {
  if (v === undefined || v === null) throw new RpcError(RPC.MISC_ERROR, usage)
  if (typeof v !== 'string') throw typeError(v, 'string')
  if (v.length !== 64)
    throw new RpcError(RPC.INVALID_PARAMETER, `${name} must be of length 64 (not ${v.length}, for '${v}')`)
  if (!/^[0-9a-fA-F]{64}$/.test(v))
    throw new RpcError(RPC.INVALID_PARAMETER, `${name} must be hexadecimal string (not '${v}')`)
  return v.toLowerCase()
}

/** Core's ParseVerbosity: a number, or a boolean meaning 1/0. */
export function verbosity(v: JsonValue | undefined, fallback: number): number {
  if (v === undefined || v === null) return fallback
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v !== 'number') throw typeError(v, 'number')
  return v
}
