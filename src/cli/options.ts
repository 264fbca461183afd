import { DragnetError } from '../core/errors.ts'
import { requireDuckDbPath } from '../store/open-store.ts'
import { cliIO } from './io.ts'

/** Parses an integer option within [min, max], or fails with INVALID_ARGUMENT saying what is allowed. */
export function intOption(name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  const allowed = max >= Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`
  return (value: string): number => {
    const trimmed = value.trim()
    if (!/^[-+]?\d+$/.test(trimmed)) {
      throw new DragnetError('INVALID_ARGUMENT', `${name} must be a whole number ${allowed}, got ${value}`, {
        details: { option: name, value, min, max },
      })
    }
    const n = Number(trimmed)
    if (n < min || n > max) {
      throw new DragnetError('INVALID_ARGUMENT', `${name} must be ${allowed}, got ${value}`, {
        details: { option: name, value, min, max },
      })
    }
    return n
  }
}

/** Parses a block number (decimal or 0x-hex) into a bigint. */
export function blockOption(name: string) {
  return (value: string): bigint => {
    if (!/^(\d+|0x[0-9a-fA-F]+)$/.test(value)) {
      throw new DragnetError(
        'INVALID_ARGUMENT',
        `${name} must be a block number (decimal or 0x hex, 0 or more), got ${value}`,
        {
          details: { option: name, value },
        },
      )
    }
    return BigInt(value)
  }
}

/** Parses one of a fixed set of words. */
export function choiceOption<T extends string>(name: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new DragnetError('INVALID_ARGUMENT', `${name} must be one of ${choices.join(', ')}, got ${value}`, {
        details: { option: name, value, allowed: choices },
      })
    }
    return value as T
  }
}

/** The store file: --db, then DRAGNET_DB, then ./dragnet-data/dragnet.duckdb. */
export function resolveDbPath(option: string | undefined): string {
  return option ?? process.env.DRAGNET_DB ?? './dragnet-data/dragnet.duckdb'
}

/** The store file of a command that works on DuckDB only: a postgres:// --db is STORE_KIND_UNSUPPORTED. */
export function resolveDuckDbPath(option: string | undefined, command: string): string {
  return requireDuckDbPath(resolveDbPath(option), command)
}

/** Writes a JSON value to stdout; bigints become decimal strings so no amount loses precision. */
export function printJson(value: unknown): void {
  cliIO().out(`${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`)
}
