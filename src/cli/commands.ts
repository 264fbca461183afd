import type { Command } from 'commander'
import { registerCluster } from './commands/cluster.ts'
import { registerDemo } from './commands/demo.ts'
import { registerEvidence } from './commands/evidence.ts'
import { registerExport } from './commands/export.ts'
import { registerHire } from './commands/hire.ts'
import { registerImportEtl } from './commands/import-etl.ts'
import { registerIngestBtc } from './commands/ingest-btc.ts'
import { registerIngest } from './commands/ingest-evm.ts'
import { registerLabels } from './commands/labels.ts'
import { registerMixer } from './commands/mixer.ts'
import { registerPrices } from './commands/prices.ts'
import { registerScreen } from './commands/screen.ts'
import { registerServe } from './commands/serve.ts'
import { registerServerAdmin } from './commands/server-admin.ts'
import { registerShare } from './commands/share.ts'
import { registerTrace } from './commands/trace.ts'
import { registerWatch } from './commands/watch.ts'

/** Every CLI command registers itself here, one file per command under commands/. */
export function registerCommands(program: Command): void {
  registerIngest(program)
  registerIngestBtc(program)
  registerImportEtl(program)
  registerCluster(program)
  registerExport(program)
  registerHire(program)
  registerDemo(program)
  registerTrace(program)
  registerMixer(program)
  registerWatch(program)
  registerLabels(program)
  registerPrices(program)
  registerScreen(program)
  registerServe(program)
  registerServerAdmin(program)
  registerEvidence(program)
  registerShare(program)
}
