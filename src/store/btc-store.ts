import type {
  BtcBlock,
  BtcInput,
  BtcOutput,
  BtcTransaction,
  ClusterAssignment,
  ClusterLink,
  Outpoint,
  UtxoChainName,
} from '../core/btc-types.ts'
import type { Checkpoint } from './store.ts'

/** The checkpoint job of `dragnet ingest btc`. */
export const BTC_INGEST_JOB = 'ingest:btc'

export interface BtcReadOptions {
  fromBlock?: bigint
  toBlock?: bigint
  /** Transactions per yielded batch (default 1024). */
  batchSize?: number
}

export interface BtcCounts {
  blocks: number
  transactions: number
  inputs: number
  outputs: number
}

/** A stored output with the block of the transaction that made it, for enriching the inputs that spend it. */
export interface StoredBtcOutput extends BtcOutput {
  blockNumber: bigint
}

/**
 * Bitcoin's UTXO data in bitcoin-etl's schema (tables btc_blocks, btc_transactions, btc_inputs, btc_outputs)
 * and the address clusters built from it (btc_cluster_links, btc_clusters), per chain, on DuckDB or PostgreSQL.
 */
export interface BtcStore {
  /**
   * Replaces every stored row of blocks from..to with these blocks and transactions, and stores the checkpoint,
   * in one transaction: a crash leaves either the old rows and checkpoint or the new ones.
   */
  writeBtcBatch(
    chain: UtxoChainName,
    from: bigint,
    to: bigint,
    blocks: readonly BtcBlock[],
    transactions: readonly BtcTransaction[],
    checkpoint?: Checkpoint,
  ): Promise<void>
  /** Removes the chain's blocks at or above `block` (a reorg) and moves the ingest checkpoint below them. */
  rollbackBtcFrom(chain: UtxoChainName, block: bigint): Promise<void>
  btcBlockHashes(chain: UtxoChainName, from: bigint, to: bigint): Promise<Map<bigint, string>>
  getBtcCheckpoint(chain: UtxoChainName): Promise<Checkpoint | undefined>
  /** Blocks in number order. */
  readBtcBlocks(chain: UtxoChainName, options?: BtcReadOptions): AsyncIterable<BtcBlock[]>
  /** Transactions in (block, index) order, inputs and outputs in their order, values in satoshi. */
  readBtcTransactions(chain: UtxoChainName, options?: BtcReadOptions): AsyncIterable<BtcTransaction[]>
  /** Stored outputs by outpoint (key `txid:vout`); outpoints not stored are absent. */
  btcOutputs(chain: UtxoChainName, outpoints: readonly Outpoint[]): Promise<Map<string, StoredBtcOutput>>
  countBtc(chain?: UtxoChainName): Promise<BtcCounts>
  /** Replaces the chain's cluster links and assignments with these, in one transaction. */
  replaceClusters(
    chain: UtxoChainName,
    links: readonly ClusterLink[],
    assignments: readonly ClusterAssignment[],
  ): Promise<void>
  /** The cluster of each address that has one. */
  clustersOf(chain: UtxoChainName, addresses: readonly string[]): Promise<Map<string, string>>
  /** The links stored for the chain whose either end is one of these addresses (all links without them). */
  clusterLinks(chain: UtxoChainName, addresses?: readonly string[]): Promise<ClusterLink[]>
}

/** A column's portable type; `sat` is an exact satoshi amount (HUGEINT on DuckDB, NUMERIC on PostgreSQL). */
export type BtcColumnType = 'text' | 'int' | 'bigint' | 'sat' | 'bool' | 'json'
export type BtcTable = 'btc_blocks' | 'btc_transactions' | 'btc_inputs' | 'btc_outputs'
export type BtcCell = string | number | bigint | boolean | null

const c = (name: string, type: BtcColumnType) => ({ name, type })

/** Column order of each table after `chain`, as migration 8 creates them. */
export const BTC_COLUMNS: Record<BtcTable, { name: string; type: BtcColumnType }[]> = {
  btc_blocks: [
    c('hash', 'text'),
    c('size', 'int'),
    c('stripped_size', 'int'),
    c('weight', 'int'),
    c('number', 'bigint'),
    c('version', 'bigint'),
    c('merkle_root', 'text'),
    c('timestamp', 'bigint'),
    c('nonce', 'text'),
    c('bits', 'text'),
    c('coinbase_param', 'text'),
    c('transaction_count', 'int'),
    c('previous_block_hash', 'text'),
  ],
  btc_transactions: [
    c('hash', 'text'),
    c('size', 'int'),
    c('virtual_size', 'int'),
    c('version', 'bigint'),
    c('lock_time', 'bigint'),
    c('block_number', 'bigint'),
    c('block_hash', 'text'),
    c('block_timestamp', 'bigint'),
    c('is_coinbase', 'bool'),
    c('index', 'int'),
    c('input_count', 'int'),
    c('output_count', 'int'),
    c('input_value', 'sat'),
    c('output_value', 'sat'),
    c('fee', 'sat'),
  ],
  btc_inputs: [
    c('transaction_hash', 'text'),
    c('block_number', 'bigint'),
    c('transaction_index', 'int'),
    c('index', 'int'),
    c('spent_transaction_hash', 'text'),
    c('spent_output_index', 'bigint'),
    c('script_asm', 'text'),
    c('script_hex', 'text'),
    c('sequence', 'bigint'),
    c('required_signatures', 'int'),
    c('type', 'text'),
    c('addresses', 'json'),
    c('value', 'sat'),
    c('witness', 'json'),
  ],
  btc_outputs: [
    c('transaction_hash', 'text'),
    c('block_number', 'bigint'),
    c('transaction_index', 'int'),
    c('index', 'int'),
    c('script_asm', 'text'),
    c('script_hex', 'text'),
    c('required_signatures', 'int'),
    c('type', 'text'),
    c('addresses', 'json'),
    c('value', 'sat'),
  ],
}

export const BTC_TABLES = Object.keys(BTC_COLUMNS) as BtcTable[]

/** The four tables' rows of a batch, each row its cells in BTC_COLUMNS order. */
export function btcRows(blocks: readonly BtcBlock[], txs: readonly BtcTransaction[]): Record<BtcTable, BtcCell[][]> {
  const out: Record<BtcTable, BtcCell[][]> = { btc_blocks: [], btc_transactions: [], btc_inputs: [], btc_outputs: [] }
  for (const b of blocks) {
    out.btc_blocks.push([
      b.hash,
      b.size,
      b.strippedSize,
      b.weight,
      b.number,
      BigInt(b.version),
      b.merkleRoot,
      b.timestamp,
      b.nonce,
      b.bits,
      b.coinbaseParam,
      b.transactionCount,
      b.previousHash,
    ])
  }
  for (const t of txs) {
    out.btc_transactions.push([
      t.hash,
      t.size,
      t.virtualSize,
      BigInt(t.version),
      t.lockTime,
      t.blockNumber,
      t.blockHash,
      t.blockTimestamp,
      t.isCoinbase,
      t.index,
      t.inputs.length,
      t.outputs.length,
      t.inputValue,
      t.outputValue,
      t.fee,
    ])
    for (const i of t.inputs) out.btc_inputs.push(inputCells(t, i))
    for (const o of t.outputs) {
      out.btc_outputs.push([
        t.hash,
        t.blockNumber,
        t.index,
        o.index,
        o.scriptAsm,
        o.scriptHex,
        o.requiredSignatures,
        o.type,
        JSON.stringify(o.addresses),
        o.value,
      ])
    }
  }
  return out
}

function inputCells(t: BtcTransaction, i: BtcInput): BtcCell[] {
  return [
    t.hash,
    t.blockNumber,
    t.index,
    i.index,
    i.spentTransactionHash,
    BigInt(i.spentOutputIndex),
    i.scriptAsm,
    i.scriptHex,
    i.sequence,
    i.requiredSignatures,
    i.type,
    JSON.stringify(i.addresses),
    i.value,
    i.witness === undefined ? null : JSON.stringify(i.witness),
  ]
}

type Raw = Record<string, unknown>

const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as string | number))
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : big(v))
const num = (v: unknown): number => Number(v)
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

/** A btc_blocks row as read back by either store (integers as bigint, number or decimal text). */
export function blockFromRow(r: Raw): BtcBlock {
  return {
    hash: String(r.hash),
    size: num(r.size),
    strippedSize: num(r.stripped_size),
    weight: num(r.weight),
    number: big(r.number),
    version: num(r.version),
    merkleRoot: String(r.merkle_root),
    timestamp: big(r.timestamp),
    nonce: String(r.nonce),
    bits: String(r.bits),
    coinbaseParam: strOrNull(r.coinbase_param),
    transactionCount: num(r.transaction_count),
    previousHash: strOrNull(r.previous_block_hash),
  }
}

export function transactionFromRow(r: Raw): BtcTransaction {
  return {
    hash: String(r.hash),
    size: num(r.size),
    virtualSize: num(r.virtual_size),
    version: num(r.version),
    lockTime: big(r.lock_time),
    blockNumber: big(r.block_number),
    blockHash: String(r.block_hash),
    blockTimestamp: big(r.block_timestamp),
    isCoinbase: r.is_coinbase === true || r.is_coinbase === 't' || r.is_coinbase === 'true',
    index: num(r.index),
    inputs: [],
    outputs: [],
    inputValue: bigOrNull(r.input_value),
    outputValue: big(r.output_value),
    fee: bigOrNull(r.fee),
  }
}

export function inputFromRow(r: Raw): BtcInput {
  const input: BtcInput = {
    index: num(r.index),
    spentTransactionHash: String(r.spent_transaction_hash),
    spentOutputIndex: num(r.spent_output_index),
    scriptAsm: String(r.script_asm ?? ''),
    scriptHex: String(r.script_hex ?? ''),
    sequence: big(r.sequence),
    requiredSignatures: numOrNull(r.required_signatures),
    type: strOrNull(r.type),
    addresses: JSON.parse(String(r.addresses ?? '[]')) as string[],
    value: bigOrNull(r.value),
  }
  if (r.witness !== null && r.witness !== undefined) input.witness = JSON.parse(String(r.witness)) as string[]
  return input
}

export function outputFromRow(r: Raw): BtcOutput {
  return {
    index: num(r.index),
    scriptAsm: String(r.script_asm ?? ''),
    scriptHex: String(r.script_hex ?? ''),
    requiredSignatures: numOrNull(r.required_signatures),
    type: String(r.type),
    addresses: JSON.parse(String(r.addresses ?? '[]')) as string[],
    value: big(r.value),
  }
}

/** Puts inputs and outputs (rows in (block, transaction_index, index) order) into their transactions. */
export function attachInOut(txs: BtcTransaction[], inputs: readonly Raw[], outputs: readonly Raw[]): void {
  const byPosition = new Map<string, BtcTransaction>()
  for (const t of txs) byPosition.set(`${t.blockNumber}:${t.index}`, t)
  for (const r of inputs)
    byPosition.get(`${big(r.block_number)}:${num(r.transaction_index)}`)?.inputs.push(inputFromRow(r))
  for (const r of outputs) {
    byPosition.get(`${big(r.block_number)}:${num(r.transaction_index)}`)?.outputs.push(outputFromRow(r))
  }
}

/** Column names of a table, comma-separated, for SELECT and INSERT. */
export function btcColumnList(table: BtcTable): string {
  return BTC_COLUMNS[table].map((col) => col.name).join(', ')
}
