import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type Address, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { type Anvil, DEFAULT_MNEMONIC, startAnvil } from '../src/devnet/anvil.ts'
import { createDevnetClient, devnetChain } from '../src/devnet/devnet-client.ts'
import { MapEndpointLabels } from '../src/labels/endpoint-labels.ts'
import { type DuckDbStore, openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import { runTrace } from '../src/trace/run-trace.ts'
import { traceRequest } from '../src/trace/trace-request.ts'
import { runCli } from './support/run-cli.ts'

// One anvil chain, ingested in pieces with a reorg between, and the same chain's ethereum-etl export imported in
// pieces: both keep the trace index current, and it holds what a build from scratch holds.
const acct = (i: number) => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i }).address.toLowerCase()
const [A0, A1, A2, A3, A4, A5, A6] = [acct(0), acct(1), acct(2), acct(3), acct(4), acct(5), acct(6)]
const eth = (n: string) => parseEther(n).toString()

/** What the final chain holds, from the payments below: one value transfer per block from A0, its top-level call. */
const FINAL_EDGES = [
  ['1', 0, 'trace:', A0, A1, 'native', eth('1')],
  ['2', 0, 'trace:', A0, A2, 'native', eth('2')],
  ['3', 0, 'trace:', A0, A4, 'native', eth('5')],
  ['4', 0, 'trace:', A0, A3, 'native', eth('6')],
  ['5', 0, 'trace:', A0, A5, 'native', eth('7')],
]

interface IndexView {
  edges: unknown[][]
  seqs: number[]
  ids: Map<string, number>
  state: { nextSeq: number; nextId: number; edges: number }
}

/** The chain's index as rows: edges in seq order by what they carry, and the address ids. */
async function indexOf(store: DuckDbStore): Promise<IndexView> {
  const c = store.connection
  const e = await c.runAndReadAll(
    `SELECT e.block_number::VARCHAR, t.tx_index::INTEGER, e.position, s.address, d.address,
       coalesce(k.address, 'native'), t.amount, e.seq
     FROM trace_edges e JOIN trace_addresses s ON s.chain = e.chain AND s.id = e.src
     JOIN trace_addresses d ON d.chain = e.chain AND d.id = e.dst
     LEFT JOIN trace_addresses k ON k.chain = e.chain AND k.id = e.asset
     JOIN transfers t ON t.chain = e.chain AND t.tx_hash = e.tx_hash AND t.position = e.position
     WHERE e.chain = 'ethereum' ORDER BY e.seq`,
  )
  const a = await c.runAndReadAll("SELECT address, id FROM trace_addresses WHERE chain = 'ethereum'")
  const s = await c.runAndReadAll("SELECT next_seq, next_id, edges FROM trace_index_state WHERE chain = 'ethereum'")
  const [nextSeq, nextId, edges] = (s.getRows()[0] ?? []).map(Number) as [number, number, number]
  return {
    edges: e.getRows().map((r) => r.slice(0, 7)),
    seqs: e.getRows().map((r) => Number(r[7])),
    ids: new Map(a.getRows().map((r) => [r[0] as string, Number(r[1])])),
    state: { nextSeq, nextId, edges },
  }
}

/** Where the value A0 sent is held, traced forward: the same on every store that holds the same chain. */
async function held(store: DuckDbStore): Promise<Record<string, bigint>> {
  const request = traceRequest('ethereum', { addresses: [A0], txs: [] }, {})
  const r = await runTrace(store, request, new MapEndpointLabels())
  return Object.fromEntries(r.endpoints.filter((x) => x.category === 'held').map((x) => [x.address, x.amount]))
}

async function withStore<T>(db: string, fn: (s: DuckDbStore) => Promise<T>): Promise<T> {
  const store = await openDuckDbStore(db)
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

async function cli(args: string[]): Promise<void> {
  const r = await runCli(args)
  assert.equal(r.code, 0, r.stderr)
}

describe('incremental trace index on a real chain', () => {
  let anvil: Anvil
  let dir: string
  const ingest = (db: string, from: number, to: number) =>
    cli(['ingest', 'evm', '--rpc', anvil.rpcUrl, '--from', String(from), '--to', String(to), '--db', db, '--json'])
  // The same index, built from scratch from the final chain.
  let scratch: IndexView
  const ensure = (db: string) => withStore(db, (s) => s.traceIndex.ensure('ethereum'))

  before(async () => {
    anvil = await startAnvil()
    dir = mkdtempSync(join(tmpdir(), 'dragnet-index-'))
  })
  after(async () => {
    await anvil.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('is appended to by ingest, cut back by a reorg, and equals a build from scratch', async () => {
    const wallet = createDevnetClient(
      anvil.rpcUrl,
      mnemonicToAccount(DEFAULT_MNEMONIC),
      devnetChain(31337, anvil.rpcUrl),
    )
    const rpc = (method: string, params: unknown[] = []) =>
      wallet.request({ method, params } as never) as Promise<unknown>
    const pay = async (to: string, amount: string) => {
      const hash = await wallet.sendTransaction({ to: to as Address, value: parseEther(amount) })
      await wallet.waitForTransactionReceipt({ hash, pollingInterval: 5 })
    }
    const db = join(dir, 'pieces.duckdb')
    await pay(A1, '1') // block 1
    await pay(A2, '2') // block 2
    await ingest(db, 0, 2)
    assert.deepEqual(await ensure(db), { rebuilt: true }, 'the first trace builds the index')
    const snapshot = await rpc('evm_snapshot')
    await pay(A3, '3') // block 3, replaced below
    await pay(A6, '4') // block 4, replaced below: A6 appears nowhere else
    await ingest(db, 3, 4)
    const appended = await withStore(db, indexOf)
    assert.deepEqual(appended.seqs, [0, 1, 2, 3])
    assert.deepEqual(
      [...appended.ids],
      [
        [A0, 0],
        [A1, 1],
        [A2, 2],
        [A3, 3],
        [A6, 4],
      ],
    )
    await rpc('evm_revert', [snapshot])
    await pay(A4, '5') // new block 3
    await pay(A3, '6') // new block 4
    await pay(A5, '7') // block 5
    await ingest(db, 5, 5) // finds blocks 3 and 4 replaced, removes them and stores 3 to 5
    assert.deepEqual(await ensure(db), { rebuilt: false }, 'ingest kept the index current')
    const pieces = await withStore(db, indexOf)

    const whole = join(dir, 'whole.duckdb')
    await ingest(whole, 0, 5)
    assert.deepEqual(await ensure(whole), { rebuilt: true })
    scratch = await withStore(whole, indexOf)

    assert.deepEqual(scratch.edges, FINAL_EDGES)
    assert.deepEqual(pieces.edges, FINAL_EDGES)
    // The removed edges' seqs are not handed out again; ids keep to first appearance and are never reused.
    assert.deepEqual(pieces.seqs, [0, 1, 4, 5, 6])
    assert.deepEqual(pieces.state, { nextSeq: 7, nextId: 7, edges: 5 })
    assert.deepEqual(
      [...pieces.ids.entries()].sort((x, y) => x[1] - y[1]),
      [
        [A0, 0],
        [A1, 1],
        [A2, 2],
        [A3, 3],
        [A6, 4],
        [A4, 5],
        [A5, 6],
      ],
    )
    assert.deepEqual(scratch.seqs, [0, 1, 2, 3, 4])
    assert.deepEqual(
      [...scratch.ids.entries()].sort((x, y) => x[1] - y[1]),
      [
        [A0, 0],
        [A1, 1],
        [A2, 2],
        [A4, 3],
        [A3, 4],
        [A5, 5],
      ],
    )
    // A6's only edge went with the reorg: it keeps its id, and the address sets differ by it alone.
    assert.deepEqual(
      [...pieces.ids.keys()].filter((a) => !scratch.ids.has(a)),
      [A6],
    )
    const expectHeld = {
      [A1]: parseEther('1'),
      [A2]: parseEther('2'),
      [A4]: parseEther('5'),
      [A3]: parseEther('6'),
      [A5]: parseEther('7'),
    }
    assert.deepEqual(await withStore(db, held), expectHeld)
    assert.deepEqual(await withStore(whole, held), expectHeld)
    // --reindex builds the same index as from scratch.
    await withStore(db, (s) => s.traceIndex.ensure('ethereum', { rebuild: true }))
    assert.deepEqual(await withStore(db, indexOf), scratch)
  })

  it('is kept current by import etl, appending and rewriting from a re-imported block', async () => {
    const source = join(dir, 'whole.duckdb')
    const exportRange = async (name: string, from: number, to: number) => {
      const out = join(dir, name)
      mkdirSync(out)
      for (const table of ['blocks', 'transactions', 'receipts', 'logs', 'token_transfers', 'traces']) {
        const file = join(out, `${table}.csv`)
        await cli([
          'export',
          table,
          '--from-block',
          String(from),
          '--to-block',
          String(to),
          '--out',
          file,
          '--db',
          source,
        ])
      }
      return out
    }
    const early = await exportRange('early', 0, 2)
    const late = await exportRange('late', 3, 5)
    const db = join(dir, 'etl.duckdb')
    await cli(['import', 'etl', early, '--db', db, '--json'])
    assert.deepEqual(await ensure(db), { rebuilt: true })
    await cli(['import', 'etl', late, '--db', db, '--json'])
    assert.deepEqual(await ensure(db), { rebuilt: false }, 'the import appended to the index')
    const appended = await withStore(db, indexOf)
    assert.deepEqual(appended.edges, FINAL_EDGES)
    assert.deepEqual(appended, scratch)
    // Importing blocks 0-2 again rewrites the index from block 0: the edges come back with new seqs.
    await cli(['import', 'etl', early, '--db', db, '--json'])
    assert.deepEqual(await ensure(db), { rebuilt: false })
    const rewritten = await withStore(db, indexOf)
    assert.deepEqual(rewritten.edges, FINAL_EDGES)
    assert.deepEqual(rewritten.seqs, [5, 6, 7, 8, 9])
    assert.deepEqual(rewritten.ids, scratch.ids)
  })
})
