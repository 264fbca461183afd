import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { BtcBlock, BtcTransaction } from '../../core/btc-types.ts'
import { DragnetError } from '../../core/errors.ts'
import { readJsonLines } from '../../sources/etl-files/json-lines.ts'
import { isGzip, statPath } from '../../sources/etl-files/open-file.ts'
import { sniffFile } from '../../sources/etl-files/sniff-file.ts'
import type { BtcStore } from '../../store/btc-store.ts'
import { blockFromEtl, btcEtlKind, transactionFromEtl } from './btc-etl-rows.ts'
import { type EnrichCounts, emptyEnrichCounts, enrichInputs } from './enrich-inputs.ts'

export interface BtcEtlFile {
  path: string
  kind: 'block' | 'transaction'
}

export interface BtcImportResult {
  chain: string
  files: { file: string; table: 'btc_blocks' | 'btc_transactions'; rows: number }[]
  blocks: number
  transactions: number
  spentOutputs: EnrichCounts
}

const JSON_FILE = /\.(json|jsonl)(\.gz)?$/i

/**
 * Splits `import etl` paths into bitcoin-etl files (blocks.json, transactions.json: JSON lines whose objects
 * have bitcoin-etl's fields) and the rest, for the ethereum-etl importer. A directory is looked into: its
 * bitcoin-etl files are taken, and a directory holding both kinds is refused, as one import is one chain.
 */
export async function splitBtcEtlPaths(paths: readonly string[]): Promise<{ btc: BtcEtlFile[]; rest: string[] }> {
  const btc: BtcEtlFile[] = []
  const rest: string[] = []
  for (const path of paths) {
    if (!statPath(path).directory) {
      const kind = await kindOf(path)
      if (kind) btc.push({ path, kind })
      else rest.push(path)
      continue
    }
    const below = (readdirSync(path, { recursive: true }) as string[]).filter((f) => JSON_FILE.test(f)).sort()
    const found: BtcEtlFile[] = []
    for (const f of below) {
      const kind = await kindOf(join(path, f))
      if (kind) found.push({ path: join(path, f), kind })
    }
    if (found.length === 0) rest.push(path)
    else if (found.length < below.length && (await hasOtherTables(path, below, found))) {
      throw new DragnetError(
        'INVALID_ARGUMENT',
        `${path} holds bitcoin-etl and ethereum-etl files: import them apart`,
        {
          details: { path },
        },
      )
    } else btc.push(...found)
  }
  return { btc, rest }
}

/** A bitcoin-etl table by the fields of the first line; ethereum-etl's have none of inputs, outputs, coinbase_param. */
async function kindOf(path: string): Promise<BtcEtlFile['kind'] | undefined> {
  if (!JSON_FILE.test(path)) return undefined
  const sniffed = await sniffFile(path)
  if (sniffed.format !== 'jsonl') return undefined
  return btcEtlKind(Object.fromEntries(sniffed.columns.filter((c) => c !== 'type').map((c) => [c, true])))
}

async function hasOtherTables(dir: string, below: string[], found: BtcEtlFile[]): Promise<boolean> {
  const taken = new Set(found.map((f) => f.path))
  for (const f of below) {
    const full = join(dir, f)
    if (!taken.has(full) && (await sniffFile(full)).table !== undefined) return true
  }
  return false
}

/**
 * Imports bitcoin-etl blocks.json and transactions.json into the btc tables: every file is read and checked
 * first (a bad line changes nothing), then each run of consecutive blocks is replaced whole, inputs enriched
 * from the outputs in the files and the store.
 */
export async function importBtcEtl(
  store: BtcStore,
  files: readonly BtcEtlFile[],
  options: { chain: string },
): Promise<BtcImportResult> {
  const result: BtcImportResult = {
    chain: options.chain,
    files: [],
    blocks: 0,
    transactions: 0,
    spentOutputs: emptyEnrichCounts(),
  }
  const blocks = new Map<bigint, BtcBlock>()
  const byBlock = new Map<bigint, BtcTransaction[]>()
  for (const f of files) {
    let rows = 0
    for await (const batch of readJsonLines(f.path, f.path, isGzip(f.path))) {
      for (const { line, object } of batch) {
        if (btcEtlKind(object) !== f.kind) {
          throw new DragnetError('ETL_MALFORMED', `${f.path} line ${line}: not a bitcoin-etl ${f.kind}`, {
            details: { file: f.path, line, column: null, value: null },
          })
        }
        rows++
        if (f.kind === 'block') {
          const b = blockFromEtl(object, f.path, line)
          blocks.set(b.number, b)
        } else {
          const t = transactionFromEtl(object, f.path, line, 0)
          const list = byBlock.get(t.blockNumber) ?? []
          if (object.index === undefined) t.index = list.length
          list.push(t)
          byBlock.set(t.blockNumber, list)
        }
      }
    }
    result.files.push({ file: f.path, table: f.kind === 'block' ? 'btc_blocks' : 'btc_transactions', rows })
  }
  for (const [from, to] of runs([...new Set([...blocks.keys(), ...byBlock.keys()])])) {
    const runBlocks: BtcBlock[] = []
    const runTxs: BtcTransaction[] = []
    for (let n = from; n <= to; n++) {
      const b = blocks.get(n)
      if (b) runBlocks.push(b)
      runTxs.push(...(byBlock.get(n) ?? []).sort((x, y) => x.index - y.index))
    }
    await enrichInputs(store, options.chain, runTxs, null, result.spentOutputs)
    await store.writeBtcBatch(options.chain, from, to, runBlocks, runTxs)
    result.blocks += runBlocks.length
    result.transactions += runTxs.length
  }
  return result
}

/** Consecutive block numbers as [from, to] runs, at most 500 blocks each. */
function runs(numbers: bigint[]): [bigint, bigint][] {
  numbers.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const out: [bigint, bigint][] = []
  for (const n of numbers) {
    const last = out.at(-1)
    if (last && n === last[1] + 1n && n - last[0] < 500n) last[1] = n
    else out.push([n, n])
  }
  return out
}

/** The import's summary in words, for the CLI. */
export function btcImportLines(r: BtcImportResult): string[] {
  const e = r.spentOutputs
  return [
    `imported ${r.files.length} bitcoin-etl file(s) into chain ${r.chain}: ${r.blocks} block(s), ${r.transactions} transaction(s)`,
    ...r.files.map((f) => `  ${f.file}: ${f.table} ${f.rows} rows`),
    `  spent outputs found: in the files ${e.fromBatch}, in the store ${e.fromStore}; unknown ${e.unknown}`,
  ]
}
