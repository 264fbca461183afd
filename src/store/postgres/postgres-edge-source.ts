import { type EdgeBatch, withAmounts } from '../edges/edge-batch.ts'
import { EdgeMemo } from '../edges/edge-memo.ts'
import type { EdgeDetail, EdgeDirection, EdgeSource, EdgeWindow } from '../edges/edge-source.ts'
import { batchFromGroups, EDGE_COLUMNS, type EdgeGroup, sortBySrcSeq } from './edge-bytes.ts'
import type { SqlParam, SqlQuery } from './sql-client.ts'

/** An int4 array parameter as PostgreSQL's array text: one string, however many ids. */
const intArray = (ids: Int32Array): string => `{${ids.join(',')}}`

/**
 * Reads the trace index of one chain in PostgreSQL or PGlite, a batch of addresses per query sent as one
 * array parameter; edges come back as a few rows of binary column strings (edge-bytes.ts).
 */
export class PostgresEdgeSource implements EdgeSource {
  queries = 0
  /** Out-edges read so far, to answer in-edge reads once they cover the window (see edge-memo.ts). */
  private readonly memo: EdgeMemo
  private constructor(
    private readonly q: SqlQuery,
    private readonly chain: string,
    private readonly backward: boolean,
    private readonly windowSql: string,
    private readonly windowParams: SqlParam[],
    readonly edgeCount: number,
    readonly addressCount: number,
    private readonly txCount: number,
  ) {
    this.memo = new EdgeMemo(addressCount)
  }

  /** Opens a source over an index the store keeps (see postgres-trace-index.ts); its bounds are the state's. */
  static async open(q: SqlQuery, chain: string, direction: EdgeDirection, window: EdgeWindow) {
    const r = await q.query<{ next_seq: string; next_txo: string; next_id: string }>(
      'SELECT next_seq, next_txo, next_id FROM trace_index_state WHERE chain = $1',
      [chain],
    )
    const s = r.rows[0]
    const where: string[] = []
    const params: SqlParam[] = []
    const add = (sql: string, v: bigint | undefined) => {
      if (v === undefined) return
      params.push(v)
      where.push(sql.replace('?', `$${params.length + 1}::BIGINT`))
    }
    add('e.block_number >= ?', window.fromBlock)
    add('e.block_number <= ?', window.toBlock)
    add('e.block_time >= ?', window.fromTime)
    add('e.block_time <= ?', window.toTime)
    const sql = where.map((w) => ` AND ${w}`).join('')
    const [edges, txs, ids] = [s?.next_seq, s?.next_txo, s?.next_id].map((v) => Number(v ?? 0)) as [
      number,
      number,
      number,
    ]
    return new PostgresEdgeSource(q, chain, direction === 'backward', sql, params, edges, ids, txs)
  }

  private get srcCol() {
    return this.backward ? 'e.dst' : 'e.src'
  }
  private get dstCol() {
    return this.backward ? 'e.src' : 'e.dst'
  }

  /** The next parameter's placeholder after the chain and the window's. */
  private p(extra: number): string {
    return `$${2 + this.windowParams.length + extra}`
  }

  /** Edges matching `where` (over trace_edges e), in no particular order, oriented for the direction. */
  private async edges(where: string, params: SqlParam[]): Promise<EdgeBatch> {
    this.queries++
    const r = await this.q.query<EdgeGroup>(
      `SELECT ${EDGE_COLUMNS} FROM trace_edges e WHERE e.chain = $1${this.windowSql}${where} GROUP BY e.seq >> 16`,
      [this.chain, ...this.windowParams, ...params],
    )
    const b = sortBySrcSeq(batchFromGroups(r.rows))
    if (this.backward) {
      ;[b.src, b.dst] = [b.dst, b.src]
      for (let i = 0; i < b.length; i++) {
        b.ord[i] = this.edgeCount - 1 - (b.ord[i] as number)
        b.txo[i] = this.txCount - 1 - (b.txo[i] as number)
      }
    }
    return withAmounts(b)
  }

  async outEdges(ids: Int32Array): Promise<EdgeBatch> {
    const b = await this.edges(` AND ${this.srcCol} = ANY(${this.p(0)}::INTEGER[])`, [intArray(ids)])
    this.memo.out(ids, b)
    return b
  }

  async outEdgesExcept(ids: Int32Array): Promise<EdgeBatch> {
    const b = await this.edges(` AND ${this.srcCol} <> ALL(${this.p(0)}::INTEGER[])`, [intArray(ids)])
    this.memo.outExcept(ids, b)
    return b
  }

  inEdges(ids: Int32Array, txos?: Int32Array): Promise<EdgeBatch> {
    const held = this.memo.inEdges(ids, txos, this.addressCount)
    if (held) return Promise.resolve(held)
    let where = ` AND ${this.dstCol} = ANY(${this.p(0)}::INTEGER[])`
    const params: SqlParam[] = [intArray(ids)]
    if (txos) {
      const real = this.backward ? txos.map((t) => this.txCount - 1 - t) : txos
      where += ` AND e.txo = ANY(${this.p(1)}::INTEGER[])`
      params.push(intArray(real))
    }
    return this.edges(where, params)
  }

  async txEdges(hashes: readonly string[]): Promise<{ batch: EdgeBatch; found: Set<string> }> {
    const list = [...hashes]
    const batch = await this.edges(` AND e.tx_hash = ANY(${this.p(0)}::TEXT[])`, [list])
    this.queries++
    const r = await this.q.query<{ tx_hash: string }>(
      'SELECT DISTINCT tx_hash FROM trace_edges WHERE chain = $1 AND tx_hash = ANY($2::TEXT[])',
      [this.chain, list],
    )
    return { batch, found: new Set(r.rows.map((row) => row.tx_hash)) }
  }

  async resolve(addresses: readonly string[]): Promise<Int32Array> {
    const out = new Int32Array(addresses.length).fill(-1)
    if (addresses.length === 0) return out
    this.queries++
    const r = await this.q.query<{ address: string; id: number }>(
      'SELECT address, id FROM trace_addresses WHERE chain = $1 AND address = ANY($2::TEXT[])',
      [this.chain, [...addresses]],
    )
    const byAddress = new Map(r.rows.map((row) => [row.address, Number(row.id)]))
    addresses.forEach((a, i) => {
      out[i] = byAddress.get(a) ?? -1
    })
    return out
  }

  async addressesOf(ids: Int32Array): Promise<string[]> {
    if (ids.length === 0) return []
    this.queries++
    const r = await this.q.query<{ id: number; address: string }>(
      'SELECT id, address FROM trace_addresses WHERE chain = $1 AND id = ANY($2::INTEGER[])',
      [this.chain, intArray(ids)],
    )
    const byId = new Map(r.rows.map((row) => [Number(row.id), row.address]))
    return Array.from(ids, (id) => byId.get(id) ?? '')
  }

  async details(ords: Int32Array): Promise<Map<number, EdgeDetail>> {
    const out = new Map<number, EdgeDetail>()
    if (ords.length === 0) return out
    const seqs = this.backward ? ords.map((o) => this.edgeCount - 1 - o) : ords
    this.queries++
    const r = await this.q.query<{
      seq: number
      tx_hash: string
      block_number: string
      block_time: string | null
      position: string
    }>(
      `SELECT seq, tx_hash, block_number, block_time, position FROM trace_edges
       WHERE chain = $1 AND seq = ANY($2::INTEGER[])`,
      [this.chain, intArray(seqs)],
    )
    for (const row of r.rows) {
      const seq = Number(row.seq)
      out.set(this.backward ? this.edgeCount - 1 - seq : seq, {
        tx: row.tx_hash,
        block: BigInt(row.block_number),
        time: row.block_time === null ? null : BigInt(row.block_time),
        position: row.position,
      })
    }
    return out
  }

  async contracts(ids: Int32Array): Promise<Set<number>> {
    if (ids.length === 0) return new Set()
    this.queries++
    const r = await this.q.query<{ id: number }>(
      `SELECT a.id FROM trace_addresses a WHERE a.chain = $1 AND a.id = ANY($2::INTEGER[]) AND (
         a.address IN (SELECT contract_address FROM receipts WHERE chain = $1 AND contract_address IS NOT NULL)
         OR a.address IN (SELECT to_address FROM traces WHERE chain = $1 AND trace_type = 'create' AND to_address IS NOT NULL))`,
      [this.chain, intArray(ids)],
    )
    return new Set(r.rows.map((row) => Number(row.id)))
  }

  async wrappedNative(): Promise<Int32Array> {
    this.queries++
    const r = await this.q.query<{ id: number }>(
      `SELECT a.id FROM tokens t JOIN trace_addresses a ON a.chain = t.chain AND a.address = t.address
         WHERE t.chain = $1 AND t.wrapped_native
       UNION SELECT DISTINCT asset FROM trace_edges WHERE chain = $1 AND kind IN (3, 4)`,
      [this.chain],
    )
    return Int32Array.from(r.rows.map((row) => Number(row.id)))
  }
}
