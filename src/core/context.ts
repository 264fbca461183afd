import type { Logger } from './logger.ts'

/** What every factory receives instead of reaching for globals. */
export interface Context {
  logger: Logger
  /** Set by the CLI on an interactive terminal; progress bars write here. */
  progress?: NodeJS.WritableStream
  signal?: AbortSignal
}
