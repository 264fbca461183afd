import { Command, type CommanderError } from 'commander'
import { DragnetError } from '../core/errors.ts'
import { registerCommands } from './commands.ts'
import { cliIO } from './io.ts'

/** A command line the program cannot run (unknown option, missing argument, ...): USAGE, exit 2. */
export class UsageError extends DragnetError {
  /** The command whose --help the user is pointed to, e.g. `dragnet trace`. */
  readonly command: string

  constructor(message: string, command: string, reason: string) {
    super('USAGE', message, { details: { command, reason, help: `${command} --help` } })
    this.command = command
  }
}

/** The full name of a command as typed: `dragnet import etl`. */
export function commandPath(c: Command): string {
  const names: string[] = []
  for (let at: Command | null = c; at; at = at.parent) names.unshift(at.name())
  return names.join(' ')
}

/** Every command of the tree, the root first. */
export function allCommands(root: Command): Command[] {
  const out: Command[] = [root]
  for (const c of root.commands) out.push(...allCommands(c))
  return out
}

/** Builds the `dragnet` program with every command, and the one behaviour they all share. */
export function buildCommandTree(): Command {
  const program = new Command('dragnet')
    .description('Trace stolen crypto, screen addresses, and share what you find.')
    .version('0.1.0')
  registerCommands(program)
  for (const c of allCommands(program)) shareBehaviour(c)
  return program
}

/**
 * Output through the CLI's IO; commander's own errors become one USAGE line (the reader is pointed to
 * --help rather than shown all of it); defaults that JSON cannot show (bigint) are shown as text.
 * Applied to every command of the tree by buildCommandTree.
 */
export function shareBehaviour(c: Command): void {
  c.configureOutput({
    writeOut: (s) => cliIO().out(s),
    writeErr: (s) => cliIO().err(s),
    // Reported by reportError, in the error scheme (and as JSON under --json).
    outputError: () => {},
  })
  c.showHelpAfterError(false)
  c.exitOverride((error: CommanderError) => {
    if (error.exitCode === 0 || error.code === 'commander.help') throw error
    const message = error.message.replace(/^error: /, '')
    throw new UsageError(message, commandPath(c), error.code.replace(/^commander\./, ''))
  })
  for (const o of c.options) {
    if (o.defaultValueDescription === undefined && !jsonShowable(o.defaultValue)) {
      o.defaultValueDescription = String(o.defaultValue)
    }
  }
  for (const a of c.registeredArguments) {
    if (a.defaultValueDescription === undefined && !jsonShowable(a.defaultValue)) {
      a.defaultValueDescription = String(a.defaultValue)
    }
  }
}

function jsonShowable(value: unknown): boolean {
  try {
    JSON.stringify(value)
    return true
  } catch {
    return false
  }
}
