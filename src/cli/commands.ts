import type { Command } from 'commander'
import { registerIngest } from './commands/ingest-evm.ts'

/** Every CLI command registers itself here, one file per command under commands/. */
export function registerCommands(program: Command): void {
  registerIngest(program)
}
