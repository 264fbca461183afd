import { type DestinationStream, type Logger, pino } from 'pino'

/** Where a secret could sit in a log line: request headers, and any field named like a key or password. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-csrf-token"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'key',
  '*.key',
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'csrfToken',
  '*.csrfToken',
  'password',
  '*.password',
  'databaseUrl',
  '*.databaseUrl',
]

/**
 * The server's JSON logger (pino, on stderr unless a stream is given). Requests log method, route, status and
 * time; authorization headers and key fields are replaced by [redacted] should anything ever log them.
 */
export function createServerLogger(options: { level?: string; stream?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.DRAGNET_LOG_LEVEL ?? 'info',
      base: null,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    options.stream ?? pino.destination(2),
  )
}
