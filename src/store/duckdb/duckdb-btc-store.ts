import { type DuckDBAppender, type DuckDBConnection, type DuckDBValue, listValue } from '@duckdb/node-api'
import type {
  BtcBlock,
  BtcTransaction,
  ClusterAssignment,
  ClusterLink,
  Outpoint,
  UtxoChainName,
} from '../../core/btc-types.ts'
import { outpointKey } from '../../core/btc-types.ts'
import { DragnetError } from '../../core/errors.ts'
import {
  attachInOut,
  BTC_COLUMNS,
  BTC_INGEST_JOB,
  BTC_TABLES,
  type BtcCell,
  type BtcColumnType,
  type BtcCounts,
  type BtcReadOptions,
  type BtcStore,
  type BtcTable,
  blockFromRow,
  btcColumnList,
  btcRows,
  outputFromRow,
  type StoredBtcOutput,
  transactionFromRow,
} from '../btc-store.ts'
import type { Checkpoint } from '../store.ts'
import { duckDbTransaction } from './duckdb-transaction.ts'

type Raw = Record<string, unknown>

const SQL_TYPE: Record<BtcColumnType, string> = {
  text: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  sat: 'HUGEINT',
  bool: 'BOOLEAN',
  json: 'VARCHAR',
}

/**
 * The BtcStore on the DuckDB store's one connection: rows are appended to temporary staging tables first,
 * then one transaction replaces the batch's blocks and stores the checkpoint.
 */
export class DuckDbBtcStore implements BtcStore {
  constructor(private readonly connection: DuckDBConnection) {}

  private async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return await duckDbTransaction(this.connection, fn)
  }

  private async all(sql: string, params: DuckDBValue[] = []): Promise<Raw[]> {
    const r = await this.connection.runAndReadAll(sql, params)
    return r.getRowObjects() as Raw[]
  }

  async writeBtcBatch(
    chain: UtxoChainName,
    from: bigint,
    to: bigint,
    blocks: readonly BtcBlock[],
    transactions: readonly BtcTransaction[],
    checkpoint?: Checkpoint,
  ): Promise<void> {
    const rows = btcRows(blocks, transactions)
    for (const table of BTC_TABLES) await this.stage(table, chain, rows[table])
    await this.transaction(async () => {
      for (const table of BTC_TABLES) {
        const col = table === 'btc_blocks' ? 'number' : 'block_number'
        await this.connection.run(`DELETE FROM ${table} WHERE chain = $1 AND ${col} BETWEEN $2 AND $3`, [
          chain,
          from,
          to,
        ])
        await this.connection.run(`INSERT INTO ${table} SELECT * FROM stage_${table}`)
      }
      if (checkpoint) await this.putCheckpoint(checkpoint)
    })
    for (const table of BTC_TABLES) await this.connection.run(`DROP TABLE IF EXISTS temp.stage_${table}`)
  }

  private async stage(table: BtcTable, chain: string, rows: BtcCell[][]): Promise<void> {
    const cols = BTC_COLUMNS[table]
    const defs = cols.map((c) => `${c.name} ${SQL_TYPE[c.type]}`).join(', ')
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE stage_${table} (chain VARCHAR, ${defs})`)
    const appender = await this.connection.createAppender(`stage_${table}`, 'main', 'temp')
    try {
      for (const row of rows) {
        appender.appendVarchar(chain)
        for (let i = 0; i < cols.length; i++) appendCell(appender, (cols[i] as { type: BtcColumnType }).type, row[i])
        appender.endRow()
      }
      appender.flushSync()
    } catch (cause) {
      throw new DragnetError('STORE_ERROR', `cannot stage ${table} rows: ${(cause as Error).message}`, { cause })
    } finally {
      appender.closeSync()
    }
  }

  private async putCheckpoint(cp: Checkpoint): Promise<void> {
    await this.connection.run(
      `INSERT INTO checkpoints VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (chain, job) DO UPDATE SET block = excluded.block, block_hash = excluded.block_hash,
       updated_at = excluded.updated_at`,
      [cp.chain, cp.job, cp.block, cp.blockHash, new Date().toISOString()],
    )
  }

  async rollbackBtcFrom(chain: UtxoChainName, block: bigint): Promise<void> {
    await this.transaction(async () => {
      for (const table of BTC_TABLES) {
        const col = table === 'btc_blocks' ? 'number' : 'block_number'
        await this.connection.run(`DELETE FROM ${table} WHERE chain = $1 AND ${col} >= $2`, [chain, block])
      }
      const [prev] = await this.all(
        'SELECT number, hash FROM btc_blocks WHERE chain = $1 AND number < $2 ORDER BY number DESC LIMIT 1',
        [chain, block],
      )
      if (prev) {
        const cp = { chain, job: BTC_INGEST_JOB, block: prev.number as bigint, blockHash: prev.hash as string }
        await this.putCheckpoint(cp)
      } else {
        await this.connection.run('DELETE FROM checkpoints WHERE chain = $1 AND job = $2', [chain, BTC_INGEST_JOB])
      }
    })
  }

  async btcBlockHashes(chain: UtxoChainName, from: bigint, to: bigint): Promise<Map<bigint, string>> {
    const rows = await this.all('SELECT number, hash FROM btc_blocks WHERE chain = $1 AND number BETWEEN $2 AND $3', [
      chain,
      from,
      to,
    ])
    return new Map(rows.map((r) => [r.number as bigint, r.hash as string]))
  }

  async getBtcCheckpoint(chain: UtxoChainName): Promise<Checkpoint | undefined> {
    const [r] = await this.all('SELECT block, block_hash FROM checkpoints WHERE chain = $1 AND job = $2', [
      chain,
      BTC_INGEST_JOB,
    ])
    if (!r) return undefined
    return { chain, job: BTC_INGEST_JOB, block: r.block as bigint, blockHash: (r.block_hash as string | null) ?? null }
  }

  async *readBtcBlocks(chain: UtxoChainName, options: BtcReadOptions = {}): AsyncIterable<BtcBlock[]> {
    const size = options.batchSize ?? 1024
    let next = options.fromBlock ?? -1n
    for (;;) {
      const rows = await this.all(
        `SELECT ${btcColumnList('btc_blocks')} FROM btc_blocks WHERE chain = $1 AND number >= $2 AND number <= $3
         ORDER BY number LIMIT ${size}`,
        [chain, next, options.toBlock ?? 2n ** 62n],
      )
      if (rows.length === 0) return
      yield rows.map(blockFromRow)
      next = (rows.at(-1)?.number as bigint) + 1n
    }
  }

  async *readBtcTransactions(chain: UtxoChainName, options: BtcReadOptions = {}): AsyncIterable<BtcTransaction[]> {
    const size = options.batchSize ?? 1024
    const to = options.toBlock ?? 2n ** 62n
    let after: [bigint, number] = [(options.fromBlock ?? 0n) - 1n, 2 ** 31 - 1]
    for (;;) {
      const rows = await this.all(
        `SELECT ${btcColumnList('btc_transactions')} FROM btc_transactions WHERE chain = $1 AND block_number <= $4
         AND (block_number > $2 OR (block_number = $2 AND index > $3)) ORDER BY block_number, index LIMIT ${size}`,
        [chain, after[0], after[1], to],
      )
      if (rows.length === 0) return
      const txs = rows.map(transactionFromRow)
      const first = txs[0] as BtcTransaction
      const last = txs.at(-1) as BtcTransaction
      const range = [chain, first.blockNumber, last.blockNumber]
      const order = 'ORDER BY block_number, transaction_index, index'
      const where = 'WHERE chain = $1 AND block_number BETWEEN $2 AND $3'
      const inputs = await this.all(`SELECT ${btcColumnList('btc_inputs')} FROM btc_inputs ${where} ${order}`, range)
      const outputs = await this.all(`SELECT ${btcColumnList('btc_outputs')} FROM btc_outputs ${where} ${order}`, range)
      attachInOut(txs, inputs, outputs)
      yield txs
      after = [last.blockNumber, last.index]
    }
  }

  async btcOutputs(chain: UtxoChainName, outpoints: readonly Outpoint[]): Promise<Map<string, StoredBtcOutput>> {
    const out = new Map<string, StoredBtcOutput>()
    if (outpoints.length === 0) return out
    const wanted = new Set(outpoints.map(outpointKey))
    const txids = [...new Set(outpoints.map((o) => o.txid))]
    const rows = await this.all(
      `SELECT ${btcColumnList('btc_outputs')} FROM btc_outputs
       WHERE chain = $1 AND transaction_hash IN (SELECT unnest($2::VARCHAR[])) ORDER BY block_number`,
      [chain, listValue(txids)],
    )
    for (const r of rows) {
      const key = `${r.transaction_hash}:${r.index}`
      if (wanted.has(key)) out.set(key, { ...outputFromRow(r), blockNumber: r.block_number as bigint })
    }
    return out
  }

  async countBtc(chain?: UtxoChainName): Promise<BtcCounts> {
    const count = async (table: BtcTable) => {
      const rows = chain
        ? await this.all(`SELECT count(*) AS n FROM ${table} WHERE chain = $1`, [chain])
        : await this.all(`SELECT count(*) AS n FROM ${table}`)
      return Number(rows[0]?.n ?? 0)
    }
    return {
      blocks: await count('btc_blocks'),
      transactions: await count('btc_transactions'),
      inputs: await count('btc_inputs'),
      outputs: await count('btc_outputs'),
    }
  }

  async replaceClusters(
    chain: UtxoChainName,
    links: readonly ClusterLink[],
    assignments: readonly ClusterAssignment[],
  ): Promise<void> {
    await this.transaction(async () => {
      await this.connection.run('DELETE FROM btc_cluster_links WHERE chain = $1', [chain])
      await this.connection.run('DELETE FROM btc_clusters WHERE chain = $1', [chain])
      const l = await this.connection.createAppender('btc_cluster_links')
      try {
        for (const x of links) {
          for (const v of [chain, x.a, x.b, x.rule]) l.appendVarchar(v)
          l.appendInteger(x.confidence)
          l.appendVarchar(x.tx)
          l.endRow()
        }
        l.flushSync()
      } finally {
        l.closeSync()
      }
      const a = await this.connection.createAppender('btc_clusters')
      try {
        for (const x of assignments) {
          for (const v of [chain, x.address, x.cluster]) a.appendVarchar(v)
          a.endRow()
        }
        a.flushSync()
      } finally {
        a.closeSync()
      }
    })
  }

  async clustersOf(chain: UtxoChainName, addresses: readonly string[]): Promise<Map<string, string>> {
    if (addresses.length === 0) return new Map()
    const rows = await this.all(
      'SELECT address, cluster FROM btc_clusters WHERE chain = $1 AND address IN (SELECT unnest($2::VARCHAR[]))',
      [chain, listValue([...addresses])],
    )
    return new Map(rows.map((r) => [r.address as string, r.cluster as string]))
  }

  async clusterLinks(chain: UtxoChainName, addresses?: readonly string[]): Promise<ClusterLink[]> {
    const base = 'SELECT a, b, rule, confidence, tx FROM btc_cluster_links WHERE chain = $1'
    const order = 'ORDER BY a, b, rule, tx'
    const rows =
      addresses === undefined
        ? await this.all(`${base} ${order}`, [chain])
        : await this.all(
            `${base} AND (a IN (SELECT unnest($2::VARCHAR[])) OR b IN (SELECT unnest($2::VARCHAR[]))) ${order}`,
            [chain, listValue([...addresses])],
          )
    return rows.map((r) => ({
      chain,
      a: r.a as string,
      b: r.b as string,
      rule: r.rule as string,
      confidence: Number(r.confidence),
      tx: r.tx as string,
    }))
  }
}

function appendCell(appender: DuckDBAppender, type: BtcColumnType, v: BtcCell | undefined): void {
  if (v === null || v === undefined) appender.appendNull()
  else if (type === 'int') appender.appendInteger(Number(v))
  else if (type === 'bigint') appender.appendBigInt(BigInt(v))
  else if (type === 'sat') appender.appendHugeInt(BigInt(v))
  else if (type === 'bool') appender.appendBoolean(v === true)
  else appender.appendVarchar(String(v))
}
