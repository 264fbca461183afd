import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { runInProcess } from '../src/cli/main.ts'

export const ETL = join(import.meta.dirname, '../../shared/data/conformance/ethereum-etl')
export const SAMPLE = join(
  import.meta.dirname,
  '../../shared/data/chain-samples/ethereum-transactions-3300000-3399999-sample.csv.gz',
)

/** Runs the CLI in process, capturing what it prints. */
export const cli = runInProcess

// Every store tempDb made is removed when the test file ends, passed or failed.
const made: string[] = []
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

export function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-etl-'))
  made.push(dir)
  return join(dir, 'd.duckdb')
}

/** Table row counts through the CLI's own export, so each test reads the store the way a user would. */
export async function counts(db: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const table of ['blocks', 'transactions', 'receipts', 'logs', 'token_transfers', 'traces', 'transfers']) {
    const r = await cli(['export', table, '--format', 'jsonl', '--db', db])
    out[table] = r.out === '' ? 0 : r.out.trimEnd().split('\n').length
  }
  return out
}
