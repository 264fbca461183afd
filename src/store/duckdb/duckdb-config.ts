import { totalmem } from 'node:os'
import { DragnetError } from '../../core/errors.ts'

/** How a DuckDB store may use the machine: set when the store is opened. */
export interface DuckDbOptions {
  /** DuckDB's memory_limit, e.g. '4GB' or '512MiB'; default $DRAGNET_MEMORY_LIMIT, else half the machine's memory. */
  memoryLimit?: string | undefined
  /** Where DuckDB spills what does not fit; default FILE.tmp beside the store file. */
  tempDirectory?: string | undefined
}

const SIZE = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i

/** A memory size as DuckDB reads it, checked here so a typo fails with the option's name rather than DuckDB's. */
export function parseMemoryLimit(value: string, source = '--memory-limit'): string {
  const v = value.trim()
  if (!SIZE.test(v)) {
    throw new DragnetError('INVALID_ARGUMENT', `${source} must be a size such as 4GB or 512MiB, got ${value}`, {
      details: { option: source, value },
    })
  }
  return v.replace(/\s+/g, '')
}

/**
 * The DuckDB settings for a store at `path`. A memory limit below the machine's keeps a large trace index
 * build from taking the whole machine: DuckDB spills sorts and joins to the temp directory instead, which sits
 * beside the store so it lands on the same disk.
 */
export function duckDbSettings(path: string, options: DuckDbOptions = {}): Record<string, string> {
  const env = process.env.DRAGNET_MEMORY_LIMIT
  const memoryLimit =
    options.memoryLimit !== undefined
      ? parseMemoryLimit(options.memoryLimit)
      : env !== undefined && env !== ''
        ? parseMemoryLimit(env, 'DRAGNET_MEMORY_LIMIT')
        : `${Math.max(1, Math.floor(totalmem() / 2 / 2 ** 20))}MiB`
  const settings: Record<string, string> = { memory_limit: memoryLimit }
  const temp = options.tempDirectory ?? (path === ':memory:' ? undefined : `${path}.tmp`)
  if (temp !== undefined) settings.temp_directory = temp
  return settings
}
