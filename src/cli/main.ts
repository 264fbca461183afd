import { type Command, CommanderError } from 'commander'
import { DragnetError, exitCodeFor, toDragnetError } from '../core/errors.ts'
import { explainAddressError } from '../core/hex.ts'
import { buildCommandTree, UsageError } from './command-tree.ts'
import { type CliIO, cliIO, isBrokenPipe, processIO, withIO } from './io.ts'
import { systemError } from './system-errors.ts'

/** Builds the `dragnet` program; exported so tests can run commands in process and walk the command table. */
export function buildProgram(): Command {
  return buildCommandTree()
}

/** Prints an error the way the CLI promises: one line for people, a JSON object with --json. */
export function reportError(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version were printed as asked; help shown for a missing subcommand is a usage error.
    return error.exitCode === 0 ? 0 : 2
  }
  const e = explainAddressError(systemError(error) ?? toDragnetError(error))
  const io = cliIO()
  if (json) io.err(`${JSON.stringify({ error: e.toJSON() })}\n`)
  else {
    io.err(`dragnet: error ${e.code}: ${e.message}\n`)
    if (error instanceof UsageError) io.err(`dragnet: see '${error.command} --help'\n`)
  }
  if (e.code === 'INTERNAL' && process.env.DRAGNET_DEBUG && error instanceof Error) io.err(`${error.stack}\n`)
  return exitCodeFor(e.code)
}

/** Runs the CLI with `argv` (without node and script), writing to `io`; resolves to the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  return await withIO(io, async () => {
    const program = buildProgram()
    try {
      await program.parseAsync(argv, { from: 'user' })
      return 0
    } catch (error) {
      // A reader that went away (`| head -1`) is the end of the output, not a failure.
      if (isBrokenPipe(error)) return 0
      return reportError(error, argv.includes('--json'))
    }
  })
}

/** Runs the CLI in this process with its output kept, for tests and embedding: the exit code and what it printed. */
export async function runInProcess(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { out: (t) => void out.push(t), err: (t) => void err.push(t), interactive: false })
  return { code, out: out.join(''), err: err.join('') }
}

const isEntry = process.argv[1] !== undefined && /(?:main\.ts|dragnet(?:\.js)?)$/.test(process.argv[1])
if (isEntry) {
  const code = await main(process.argv.slice(2))
  process.exitCode = code
}

export { DragnetError }
