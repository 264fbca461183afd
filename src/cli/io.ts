import { AsyncLocalStorage } from 'node:async_hooks'

/** Where a command writes: the process's streams, or a test's buffers when the CLI runs in process. */
export interface CliIO {
  out(text: string): void
  err(text: string): void
  /** Whether progress bars may draw (an interactive terminal). */
  interactive: boolean
}

/** Thrown by a write to stdout once its reader has gone (`dragnet ... | head -1`): the output ends there. */
export class BrokenPipeError extends Error {
  override readonly name = 'BrokenPipeError'
  readonly code = 'EPIPE'
}

/** Whether an error (or its cause) says that the reader of our output went away. */
export function isBrokenPipe(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof BrokenPipeError) return true
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return true
  }
  return false
}

let stdoutGone = false
let guarded = false

/**
 * Makes a closed stdout or stderr end the output quietly, as Unix tools do: the stream's EPIPE is not an
 * uncaught error, and the next write to stdout throws BrokenPipeError so the command stops producing.
 */
function guardProcessStreams(): void {
  if (guarded) return
  guarded = true
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (!isBrokenPipe(error)) throw error
    stdoutGone = true
  })
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (!isBrokenPipe(error)) throw error
  })
}

export const processIO: CliIO = {
  out: (t) => {
    guardProcessStreams()
    if (stdoutGone || process.stdout.destroyed) throw new BrokenPipeError('stdout closed by its reader')
    process.stdout.write(t)
  },
  err: (t) => {
    guardProcessStreams()
    if (!process.stderr.destroyed) process.stderr.write(t)
  },
  interactive: process.stderr.isTTY === true,
}

/** The process's stdout as a stream for commands that pipe into it, with the closed-reader guard in place. */
export function processStdout(): NodeJS.WriteStream {
  guardProcessStreams()
  return process.stdout
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
