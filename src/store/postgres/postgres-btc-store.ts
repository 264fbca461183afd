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
import type { SqlClient, SqlParam, SqlQuery } from './sql-client.ts'

type Raw = Record<string, unknown>

const SQL_TYPE: Record<BtcColumnType, string> = {
  text: 'TEXT',
  int: 'INTEGER',
  bigint: 'BIGINT',
  sat: 'NUMERIC(78, 0)',
  bool: 'BOOLEAN',
  json: 'TEXT',
}

/** The BtcStore on PostgreSQL or PGlite: each table's rows of a batch as one INSERT of text arrays (unnest). */
export class PostgresBtcStore implements BtcStore {
  constructor(private readonly client: SqlClient) {}

  private async transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T> {
    try {
      return await this.client.transaction(fn)
    } catch (error) {
      throw error instanceof DragnetError
        ? error
        : new DragnetError('STORE_ERROR', `store write failed: ${(error as Error).message}`, { cause: error })
    }
  }

  private async all(sql: string, params: SqlParam[] = [], q: SqlQuery = this.client): Promise<Raw[]> {
    return (await q.query<Raw>(sql, params)).rows
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
    await this.transaction(async (tx) => {
      for (const table of BTC_TABLES) {
        const col = table === 'btc_blocks' ? 'number' : 'block_number'
        await tx.query(`DELETE FROM ${table} WHERE chain = $1 AND ${col} BETWEEN $2 AND $3`, [chain, from, to])
        if (rows[table].length > 0) await tx.query(insertSql(table), [chain, ...columnArrays(table, rows[table])])
      }
      if (checkpoint) await putCheckpoint(tx, checkpoint)
    })
  }

  async rollbackBtcFrom(chain: UtxoChainName, block: bigint): Promise<void> {
    await this.transaction(async (tx) => {
      for (const table of BTC_TABLES) {
        const col = table === 'btc_blocks' ? 'number' : 'block_number'
        await tx.query(`DELETE FROM ${table} WHERE chain = $1 AND ${col} >= $2`, [chain, block])
      }
      const [prev] = await this.all(
        'SELECT number, hash FROM btc_blocks WHERE chain = $1 AND number < $2 ORDER BY number DESC LIMIT 1',
        [chain, block],
        tx,
      )
      if (prev) {
        const cp = { chain, job: BTC_INGEST_JOB, block: BigInt(prev.number as string), blockHash: String(prev.hash) }
        await putCheckpoint(tx, cp)
      } else await tx.query('DELETE FROM checkpoints WHERE chain = $1 AND job = $2', [chain, BTC_INGEST_JOB])
    })
  }

  async btcBlockHashes(chain: UtxoChainName, from: bigint, to: bigint): Promise<Map<bigint, string>> {
    const rows = await this.all('SELECT number, hash FROM btc_blocks WHERE chain = $1 AND number BETWEEN $2 AND $3', [
      chain,
      from,
      to,
    ])
    return new Map(rows.map((r) => [BigInt(r.number as string), r.hash as string]))
  }

  async getBtcCheckpoint(chain: UtxoChainName): Promise<Checkpoint | undefined> {
    const [r] = await this.all('SELECT block, block_hash FROM checkpoints WHERE chain = $1 AND job = $2', [
      chain,
      BTC_INGEST_JOB,
    ])
    if (!r) return undefined
    const blockHash = (r.block_hash as string | null) ?? null
    return { chain, job: BTC_INGEST_JOB, block: BigInt(r.block as string), blockHash }
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
      const blocks = rows.map(blockFromRow)
      yield blocks
      next = (blocks.at(-1) as BtcBlock).number + 1n
    }
  }

  async *readBtcTransactions(chain: UtxoChainName, options: BtcReadOptions = {}): AsyncIterable<BtcTransaction[]> {
    const size = options.batchSize ?? 1024
    const to = options.toBlock ?? 2n ** 62n
    let after: [bigint, number] = [(options.fromBlock ?? 0n) - 1n, 2 ** 31 - 1]
    for (;;) {
      const rows = await this.all(
        `SELECT ${btcColumnList('btc_transactions')} FROM btc_transactions WHERE chain = $1 AND block_number <= $4
         AND (block_number, index) > ($2, $3) ORDER BY block_number, index LIMIT ${size}`,
        [chain, after[0], after[1], to],
      )
      if (rows.length === 0) return
      const txs = rows.map(transactionFromRow)
      const first = txs[0] as BtcTransaction
      const last = txs.at(-1) as BtcTransaction
      const range = [chain, first.blockNumber, last.blockNumber]
      const tail = 'WHERE chain = $1 AND block_number BETWEEN $2 AND $3 ORDER BY block_number, transaction_index, index'
      const inputs = await this.all(`SELECT ${btcColumnList('btc_inputs')} FROM btc_inputs ${tail}`, range)
      const outputs = await this.all(`SELECT ${btcColumnList('btc_outputs')} FROM btc_outputs ${tail}`, range)
      attachInOut(txs, inputs, outputs)
      yield txs
      after = [last.blockNumber, last.index]
    }
  }

  async btcOutputs(chain: UtxoChainName, outpoints: readonly Outpoint[]): Promise<Map<string, StoredBtcOutput>> {
    const out = new Map<string, StoredBtcOutput>()
    if (outpoints.length === 0) return out
    const wanted = new Set(outpoints.map(outpointKey))
    const rows = await this.all(
      `SELECT ${btcColumnList('btc_outputs')} FROM btc_outputs WHERE chain = $1 AND transaction_hash = ANY($2::TEXT[])
       ORDER BY block_number`,
      [chain, [...new Set(outpoints.map((o) => o.txid))]],
    )
    for (const r of rows) {
      const key = `${r.transaction_hash}:${r.index}`
      if (wanted.has(key)) out.set(key, { ...outputFromRow(r), blockNumber: BigInt(r.block_number as string) })
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
    await this.transaction(async (tx) => {
      await tx.query('DELETE FROM btc_cluster_links WHERE chain = $1', [chain])
      await tx.query('DELETE FROM btc_clusters WHERE chain = $1', [chain])
      if (links.length > 0) {
        await tx.query(
          `INSERT INTO btc_cluster_links (chain, a, b, rule, confidence, tx)
           SELECT $1, u.a, u.b, u.rule, u.confidence::INTEGER, u.tx
           FROM unnest($2::TEXT[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::TEXT[]) AS u(a, b, rule, confidence, tx)`,
          [
            chain,
            links.map((l) => l.a),
            links.map((l) => l.b),
            links.map((l) => l.rule),
            links.map((l) => String(l.confidence)),
            links.map((l) => l.tx),
          ],
        )
      }
      if (assignments.length > 0) {
        await tx.query(
          `INSERT INTO btc_clusters (chain, address, cluster) SELECT $1, u.address, u.cluster
           FROM unnest($2::TEXT[], $3::TEXT[]) AS u(address, cluster)`,
          [chain, assignments.map((a) => a.address), assignments.map((a) => a.cluster)],
        )
      }
    })
  }

  async clustersOf(chain: UtxoChainName, addresses: readonly string[]): Promise<Map<string, string>> {
    if (addresses.length === 0) return new Map()
    const rows = await this.all(
      'SELECT address, cluster FROM btc_clusters WHERE chain = $1 AND address = ANY($2::TEXT[])',
      [chain, [...addresses]],
    )
    return new Map(rows.map((r) => [r.address as string, r.cluster as string]))
  }

  async clusterLinks(chain: UtxoChainName, addresses?: readonly string[]): Promise<ClusterLink[]> {
    const base = 'SELECT a, b, rule, confidence, tx FROM btc_cluster_links WHERE chain = $1'
    const order = 'ORDER BY a COLLATE "C", b COLLATE "C", rule COLLATE "C", tx COLLATE "C"'
    const rows =
      addresses === undefined
        ? await this.all(`${base} ${order}`, [chain])
        : await this.all(`${base} AND (a = ANY($2::TEXT[]) OR b = ANY($2::TEXT[])) ${order}`, [chain, [...addresses]])
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

function insertSql(table: BtcTable): string {
  const cols = BTC_COLUMNS[table]
  const names = cols.map((c) => c.name)
  const casts = cols.map((c) => `u.${c.name}::${SQL_TYPE[c.type]}`)
  const arrays = cols.map((_c, i) => `$${i + 2}::TEXT[]`)
  return `INSERT INTO ${table} (chain, ${names.join(', ')}) SELECT $1, ${casts.join(', ')}
    FROM unnest(${arrays.join(', ')}) AS u(${names.join(', ')})`
}

function columnArrays(table: BtcTable, rows: readonly BtcCell[][]): (string | null)[][] {
  return BTC_COLUMNS[table].map((_c, i) => rows.map((r) => text(r[i])))
}

function text(v: BtcCell | undefined): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return String(v)
}

async function putCheckpoint(tx: SqlQuery, cp: Checkpoint): Promise<void> {
  await tx.query(
    `INSERT INTO checkpoints VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (chain, job) DO UPDATE SET block = excluded.block, block_hash = excluded.block_hash,
     updated_at = excluded.updated_at`,
    [cp.chain, cp.job, cp.block, cp.blockHash, new Date().toISOString()],
  )
}
