import { AsyncLocalStorage } from 'node:async_hooks'

/** Where a command writes: the process's streams, or a test's buffers when the CLI runs in process. */
export interface CliIO {
  out(text: string): void
  err(text: string): void
  /** Whether progress bars may draw (an interactive terminal). */
  interactive: boolean
}

export const processIO: CliIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  interactive: process.stderr.isTTY === true,
}

const storage = new AsyncLocalStorage<CliIO>()

/** Runs fn with `io` as the output of every command it runs. */
export function withIO<T>(io: CliIO, fn: () => Promise<T>): Promise<T> {
  return storage.run(io, fn)
}

/** The output of the command now running; commands write through this, never to process.stdout directly. */
export function cliIO(): CliIO {
  return storage.getStore() ?? processIO
}
