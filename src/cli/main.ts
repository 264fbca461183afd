import { Command, CommanderError } from 'commander'
import { DragnetError, exitCodeFor, toDragnetError } from '../core/errors.ts'
import { registerCommands } from './commands.ts'
import { type CliIO, cliIO, processIO, withIO } from './io.ts'

/** Builds the `dragnet` program; exported so tests can run commands in process. */
export function buildProgram(): Command {
  const program = new Command('dragnet')
    .description('Trace stolen crypto, screen addresses, and share what you find.')
    .version('0.1.0')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => cliIO().out(s), writeErr: (s) => cliIO().err(s) })
  registerCommands(program)
  program.exitOverride()
  for (const c of program.commands) c.exitOverride()
  return program
}

/** Prints an error the way the CLI promises: one line for people, a JSON object with --json. */
export function reportError(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0
    if (error.code === 'commander.help') return 0
    return 2
  }
  const e = toDragnetError(error)
  const io = cliIO()
  if (json) io.err(`${JSON.stringify({ error: e.toJSON() })}\n`)
  else io.err(`dragnet: error ${e.code}: ${e.message}\n`)
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
