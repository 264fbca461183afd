import { type Logger, pino } from 'pino'

export type { Logger }

/** Structured JSON logs on stderr, so stdout stays clean for --json output. */
export function createLogger(options: { level?: string } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.DRAGNET_LOG_LEVEL ?? 'warn',
      base: null,
      redact: { paths: ['rpcUrl', '*.rpcUrl', 'password', '*.password', 'apiKey', '*.apiKey'], censor: '[redacted]' },
    },
    pino.destination(2),
  )
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
