import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api'
import { listValue } from '@duckdb/node-api'
import { AMOUNT_WIDE, allocBatch, type EdgeBatch, withAmounts } from '../edges/edge-batch.ts'
import { EdgeMemo } from '../edges/edge-memo.ts'
import type { EdgeDetail, EdgeDirection, EdgeSource, EdgeWindow } from '../edges/edge-source.ts'
import { fillTraceIds, idFilter } from './id-filter.ts'
import { copyFloat64, copyInt32, copyLimbs } from './read-columns.ts'
import { readIndexState } from './trace-index-state.ts'

const TWO_53 = '9007199254740992'
/** Separators of the long strings details and addresses come back in (control characters no value holds). */
const RECORD = '\x1e'
const FIELD = '\x1f'

/** Reads the trace index of one chain in DuckDB, a batch of addresses per query, by column vectors. */
export class DuckDbEdgeSource implements EdgeSource {
  queries = 0
  /** Out-edges read so far, to answer in-edge reads once they cover the window (see edge-memo.ts). */
  private readonly memo: EdgeMemo
  private constructor(
    private readonly c: DuckDBConnection,
    private readonly chain: string,
    private readonly backward: boolean,
    private readonly windowSql: string,
    private readonly windowParams: DuckDBValue[],
    readonly edgeCount: number,
    readonly addressCount: number,
    private readonly txCount: number,
  ) {
    this.memo = new EdgeMemo(addressCount)
  }

  /** Opens a source over an index built by ensureTraceIndex and kept current by the store's writes. */
  static async open(c: DuckDBConnection, chain: string, direction: EdgeDirection, window: EdgeWindow) {
    // Seqs and txos may have gaps after removals: the state's next ones bound every ord (see the index contract).
    const state = await readIndexState(c, chain)
    const [edges, txs, addresses] = state ? [state.nextSeq, state.nextTxo, state.nextId] : [0, 0, 0]
    const where: string[] = []
    const params: DuckDBValue[] = []
    const add = (sql: string, v: bigint | undefined) => {
      if (v === undefined) return
      params.push(v)
      where.push(sql.replace('?', `$${params.length + 1}`))
    }
    add('block_number >= ?', window.fromBlock)
    add('block_number <= ?', window.toBlock)
    add('block_time >= ?', window.fromTime)
    add('block_time <= ?', window.toTime)
    const sql = where.map((w) => ` AND ${w}`).join('')
    return new DuckDbEdgeSource(c, chain, direction === 'backward', sql, params, edges, addresses, txs)
  }

  private async withIds<T>(ids: Int32Array, fn: () => Promise<T>): Promise<T> {
    await fillTraceIds(this.c, ids)
    return fn()
  }

  /** The placeholder number of the first parameter after the chain and the window's. */
  private get nextParam(): number {
    return 2 + this.windowParams.length
  }

  /** Reads edges in no particular order, restricted by a join (after FROM) and a WHERE condition. */
  private async edges(join: string, where: string, params: DuckDBValue[]): Promise<EdgeBatch> {
    this.queries++
    // The low word comes whole and is split into limbs here; from 2^116 up (hi beyond 2^53, or text) the
    // amount comes as text.
    const sql = `SELECT seq, txo, src, dst, asset, kind + CASE WHEN hi >= ${TWO_53} THEN ${AMOUNT_WIDE} ELSE 0 END,
        lo, hi::DOUBLE,
        CASE WHEN amount_text IS NOT NULL THEN amount_text
          WHEN hi >= ${TWO_53} THEN (hi::HUGEINT * 9223372036854775808::HUGEINT + lo)::VARCHAR END
      FROM trace_edges ${join}
      WHERE chain = $1${where}${this.windowSql}`
    // Materialised (DuckDB runs it in parallel), so the row count is known and the columns are sized once.
    const result = await this.c.run(sql, [this.chain, ...this.windowParams, ...params])
    const b = allocBatch(result.rowCount)
    const kinds = new Int32Array(2048)
    // The result is materialised: its chunks are read synchronously, without a round trip each.
    for (let ci = 0; ci < result.chunkCount; ci++) {
      const chunk = result.getChunk(ci)
      const n = chunk.rowCount
      if (n === 0) continue
      const at = b.length
      b.length = at + n
      copyInt32(chunk.getColumnVector(0), n, b.ord, at)
      copyInt32(chunk.getColumnVector(1), n, b.txo, at)
      copyInt32(chunk.getColumnVector(this.backward ? 3 : 2), n, b.src, at)
      copyInt32(chunk.getColumnVector(this.backward ? 2 : 3), n, b.dst, at)
      copyInt32(chunk.getColumnVector(4), n, b.asset, at)
      const k = n <= kinds.length ? kinds : new Int32Array(n)
      copyInt32(chunk.getColumnVector(5), n, k, 0)
      b.kind.set(k.subarray(0, n), at)
      copyLimbs(chunk.getColumnVector(6), n, b.l0, b.l1, b.l2, at)
      copyFloat64(chunk.getColumnVector(7), n, b.hi, at)
      let text: ReturnType<typeof chunk.getColumnVector> | undefined
      for (let i = 0; i < n; i++) {
        if (!((k[i] as number) & AMOUNT_WIDE)) continue
        text ??= chunk.getColumnVector(8)
        b.wide.set(at + i, BigInt(String(text.getItem(i))))
      }
    }
    if (this.backward) {
      for (let i = 0; i < b.length; i++) {
        b.ord[i] = this.edgeCount - 1 - (b.ord[i] as number)
        b.txo[i] = this.txCount - 1 - (b.txo[i] as number)
      }
    }
    return withAmounts(b)
  }

  private get srcCol() {
    return this.backward ? 'dst' : 'src'
  }
  private get dstCol() {
    return this.backward ? 'src' : 'dst'
  }

  /** Edges whose `column` is (or, with `except`, is not) one of `ids`, with more conditions after. */
  private async edgesOf(
    column: string,
    ids: Int32Array,
    except: boolean,
    where = '',
    params: DuckDBValue[] = [],
  ): Promise<EdgeBatch> {
    const f = await idFilter(this.c, column, ids, this.addressCount, this.nextParam + params.length, except)
    return this.edges(f.join, where + f.where, [...params, ...f.params])
  }

  async outEdges(ids: Int32Array): Promise<EdgeBatch> {
    const b = await this.edgesOf(this.srcCol, ids, false)
    this.memo.out(ids, b)
    return b
  }

  async outEdgesExcept(ids: Int32Array): Promise<EdgeBatch> {
    const b = await this.edgesOf(this.srcCol, ids, true)
    this.memo.outExcept(ids, b)
    return b
  }

  inEdges(ids: Int32Array, txos?: Int32Array): Promise<EdgeBatch> {
    const held = this.memo.inEdges(ids, txos, this.addressCount)
    if (held) return Promise.resolve(held)
    if (!txos) return this.edgesOf(this.dstCol, ids, false)
    const real = this.backward ? txos.map((t) => this.txCount - 1 - t) : txos
    const where = ` AND txo IN (SELECT unnest($${this.nextParam}::INTEGER[]))`
    return this.edgesOf(this.dstCol, ids, false, where, [listValue(Array.from(real))])
  }

  async txEdges(hashes: readonly string[]): Promise<{ batch: EdgeBatch; found: Set<string> }> {
    const list = listValue([...hashes])
    const n = 2 + this.windowParams.length
    const batch = await this.edges('', ` AND tx_hash IN (SELECT unnest($${n}::VARCHAR[]))`, [list])
    this.queries++
    const r = await this.c.runAndReadAll(
      `SELECT DISTINCT tx_hash FROM trace_edges WHERE chain = $1 AND tx_hash IN (SELECT unnest($2::VARCHAR[]))`,
      [this.chain, list],
    )
    return { batch, found: new Set(r.getRows().map((row) => row[0] as string)) }
  }

  async resolve(addresses: readonly string[]): Promise<Int32Array> {
    const out = new Int32Array(addresses.length).fill(-1)
    if (addresses.length === 0) return out
    this.queries++
    const r = await this.c.runAndReadAll(
      'SELECT address, id FROM trace_addresses WHERE chain = $1 AND address IN (SELECT unnest($2::VARCHAR[]))',
      [this.chain, listValue([...addresses])],
    )
    const byAddress = new Map(r.getRows().map((row) => [row[0] as string, row[1] as number]))
    addresses.forEach((a, i) => {
      out[i] = byAddress.get(a) ?? -1
    })
    return out
  }

  async addressesOf(ids: Int32Array): Promise<string[]> {
    if (ids.length === 0) return []
    this.queries++
    const f = await idFilter(this.c, 'a.id', ids, this.addressCount, 2)
    // Grouped into long strings: DuckDB hands JavaScript one long string far faster than many short ones.
    const r = await this.c.runAndReadAll(
      `SELECT string_agg(a.id::VARCHAR || chr(31) || a.address, chr(30)) FROM trace_addresses a ${f.join}
       WHERE a.chain = $1${f.where} GROUP BY a.id >> 16`,
      [this.chain, ...f.params],
    )
    const byId = new Map<number, string>()
    for (const [text] of r.getRows()) {
      for (const entry of (text as string).split(RECORD)) {
        const cut = entry.indexOf(FIELD)
        byId.set(Number(entry.slice(0, cut)), entry.slice(cut + 1))
      }
    }
    return Array.from(ids, (id) => byId.get(id) ?? '')
  }

  async details(ords: Int32Array): Promise<Map<number, EdgeDetail>> {
    const out = new Map<number, EdgeDetail>()
    if (ords.length === 0) return out
    const seqs = this.backward ? ords.map((o) => this.edgeCount - 1 - o) : ords
    this.queries++
    const f = await idFilter(this.c, 'e.seq', seqs, this.edgeCount, 2)
    const r = await this.c.runAndReadAll(
      `SELECT string_agg(concat_ws(chr(31), e.seq, e.block_number, coalesce(e.block_time::VARCHAR, ''), e.tx_hash,
         e.position), chr(30)) FROM trace_edges e ${f.join} WHERE e.chain = $1${f.where} GROUP BY e.seq >> 16`,
      [this.chain, ...f.params],
    )
    for (const [text] of r.getRows()) {
      for (const entry of (text as string).split(RECORD)) {
        const [seq, block, time, tx, position] = entry.split(FIELD) as [string, string, string, string, string]
        const ord = this.backward ? this.edgeCount - 1 - Number(seq) : Number(seq)
        out.set(ord, { tx, block: BigInt(block), time: time === '' ? null : BigInt(time), position })
      }
    }
    return out
  }

  async contracts(ids: Int32Array): Promise<Set<number>> {
    if (ids.length === 0) return new Set()
    this.queries++
    const r = await this.withIds(ids, () =>
      this.c.runAndReadAll(
        `SELECT a.id FROM trace_addresses a WHERE a.chain = $1 AND a.id IN (SELECT id FROM trace_ids) AND (
           a.address IN (SELECT contract_address FROM receipts WHERE chain = $1 AND contract_address IS NOT NULL)
           OR a.address IN (SELECT to_address FROM traces WHERE chain = $1 AND trace_type = 'create' AND to_address IS NOT NULL))`,
        [this.chain],
      ),
    )
    return new Set(r.getRows().map((row) => row[0] as number))
  }

  async wrappedNative(): Promise<Int32Array> {
    this.queries++
    const r = await this.c.runAndReadAll(
      `SELECT a.id FROM tokens t JOIN trace_addresses a ON a.chain = t.chain AND a.address = t.address
         WHERE t.chain = $1 AND t.wrapped_native
       UNION SELECT DISTINCT asset FROM trace_edges WHERE chain = $1 AND kind IN (3, 4)`,
      [this.chain],
    )
    return Int32Array.from(r.getRows().map((row) => row[0] as number))
  }
}
