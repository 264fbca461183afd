import { basename } from 'node:path'
import { type ChainTable, TABLES } from '../../store/schema.ts'
import { REQUIRED } from './etl-columns.ts'

// A column only one table has, checked in this order; transactions last since its columns are the commonest.
const SIGNATURES: [ChainTable, string][] = [
  ['blocks', 'parent_hash'],
  ['traces', 'trace_type'],
  ['token_transfers', 'token_address'],
  ['logs', 'topics'],
  ['receipts', 'cumulative_gas_used'],
  ['transactions', 'from_address'],
]

const IMPORTABLE: readonly ChainTable[] = ['blocks', 'transactions', 'receipts', 'logs', 'token_transfers', 'traces']

/**
 * Names the ethereum-etl table a file holds from its columns (CSV header or JSON keys), with the file name
 * (`blocks.csv`, `expected_token_transfers.json`) as a hint when the columns fit more than one table.
 */
export function detectTable(columns: readonly string[], fileName: string): ChainTable | undefined {
  const have = new Set(columns)
  const fits = (t: ChainTable) => REQUIRED[t].every((c) => have.has(c))
  const name = basename(fileName).toLowerCase()
  const hinted = [...IMPORTABLE]
    .sort((a, b) => b.length - a.length)
    .find((t) => name.includes(t) || name.includes(t.replace(/s$/, '')))
  if (hinted && fits(hinted) && overlap(hinted, have) >= 0.5) return hinted
  for (const [table, column] of SIGNATURES) if (have.has(column) && fits(table)) return table
  return undefined
}

function overlap(table: ChainTable, have: ReadonlySet<string>): number {
  const cols = TABLES[table]
  return cols.filter((c) => have.has(c.name)).length / cols.length
}
