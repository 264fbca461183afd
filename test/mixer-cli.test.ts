import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runInProcess } from '../src/cli/main.ts'
import { addr, txHash } from '../src/mixer/pool-activity-fixture.ts'
import { depositLog, transfer, tx, withdrawalLog } from '../src/mixer/pool-rows-fixture.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'

const BIN = join(import.meta.dirname, '../bin/dragnet.js')
const POOL = addr('e001')
const [U1, U2, U3] = [addr('a1'), addr('a2'), addr('a3')]
const E18 = 10n ** 18n
const ZERO = addr('0')

/**
 * One 1 ETH pool: U1, U2 and U3 pay a note in (blocks 1-3, 12 s apart) and U1 withdraws to itself in block 4.
 * Only address-match links: each transaction prices its gas differently, and the pool is too busy for timing.
 */
async function writeStore(db: string): Promise<void> {
  const store = await openDuckDbStore(db)
  try {
    const depositors = [U1, U2, U3]
    await store.writeBatch({
      chain: 'devnet',
      fromBlock: 1n,
      toBlock: 4n,
      replace: [],
      tables: {
        transactions: [...depositors.map((u, i) => tx(i + 1, i + 1, u, POOL, E18)), tx(4, 4, U1, POOL)],
        logs: [
          ...depositors.map((_, i) => depositLog(i + 1, i + 1, 0, POOL, i)),
          withdrawalLog(4, 4, 0, POOL, U1, 44, ZERO, 0n),
        ],
        transfers: [
          ...depositors.map((u, i) => transfer(i + 1, i + 1, u, POOL, 'native', E18)),
          transfer(4, 4, POOL, U1, 'native', E18),
        ],
      },
    })
  } finally {
    await store.close()
  }
}

describe('dragnet mixer pools / links', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-mixer-'))
  const db = join(dir, 'mixer.duckdb')
  before(() => writeStore(db))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const run = (...args: string[]) => runInProcess(['mixer', ...args, '--chain', 'devnet', '--db', db])

  it('lists the pool with its denomination, counts and current anonymity set', async () => {
    const r = await run('pools', '--json')
    assert.equal(r.code, 0, r.err)
    assert.deepEqual(JSON.parse(r.out), {
      chain: 'devnet',
      pools: [
        {
          chain: 'devnet',
          address: POOL,
          asset: 'native',
          denomination: '1000000000000000000',
          name: null,
          recognisedBy: 'events',
          deposits: 3,
          withdrawals: 1,
          anonymitySet: 2,
          denominationText: '1 ETH',
        },
      ],
    })
    const text = await run('pools')
    assert.equal(text.code, 0, text.err)
    assert.match(
      text.out,
      new RegExp(`${POOL} {2}1 ETH {2}deposits 3 {2}withdrawals 1 {2}anonymity set 2 {2}by events`),
    )
  })

  it('links the withdrawal to its recipient’s own deposit, with evidence, and nothing with the rule off', async () => {
    const r = await run('links', '--json')
    assert.equal(r.code, 0, r.err)
    const out = JSON.parse(r.out)
    assert.equal(out.minConfidence, 0.5)
    assert.deepEqual(
      out.links.map((l: { id: string; confidence: number; anonymitySet: unknown; rules: { rule: string }[] }) => [
        l.id,
        l.confidence,
        l.anonymitySet,
        l.rules.map((x) => x.rule),
      ]),
      [[`${txHash(1)}:0>${txHash(4)}:0`, 0.95, { before: 3, after: 3 }, ['address-match']]],
    )
    const text = await run('links', '--pool', POOL)
    assert.equal(text.code, 0, text.err)
    assert.match(text.out, /^1 link at confidence 0.5 or more\n/)
    assert.match(text.out, new RegExp(`address-match 0.95: ${U1} deposited into pool ${POOL} in ${txHash(1)}`))
    assert.match(text.out, /confidence 0.950 {2}anonymity set 3 before, 3 after/)
    const off = await run('links', '--off', 'address-match', '--json')
    assert.equal(off.code, 0, off.err)
    assert.deepEqual(JSON.parse(off.out).links, [])
    const high = await run('links', '--min-confidence', '0.96', '--json')
    assert.deepEqual(JSON.parse(high.out).links, [])
  })

  it('refuses bad input with its error code and exit status', async () => {
    for (const [args, code, status] of [
      [['--pool', '0xZZ00000000000000000000000000000000000001'], 'INVALID_ADDRESS', 3],
      [['--pool', addr('beef')], 'INVALID_ARGUMENT', 2],
      [['--min-confidence', '1.5'], 'INVALID_ARGUMENT', 2],
      [['--min-confidence', '0'], 'INVALID_ARGUMENT', 2],
      [['--min-confidence', 'high'], 'INVALID_ARGUMENT', 2],
      [['--off', 'nonsense'], 'INVALID_ARGUMENT', 2],
      [['--timing-window', '-5'], 'INVALID_ARGUMENT', 2],
    ] as const) {
      const r = await run('links', ...args, '--json')
      assert.equal(r.code, status, `${args.join(' ')}: ${r.err}`)
      assert.equal(JSON.parse(r.err).error.code, code, args.join(' '))
    }
    const chain = await runInProcess(['mixer', 'pools', '--chain', 'nosuch', '--db', db, '--json'])
    assert.equal(JSON.parse(chain.err).error.code, 'CHAIN_UNKNOWN')
  })

  it('ends quietly when its reader closes the pipe', async () => {
    for (const command of ['links', 'pools']) {
      const ended = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, 'mixer', command, '--chain', 'devnet', '--db', db], {
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        let stderr = ''
        child.stderr.setEncoding('utf8').on('data', (t: string) => {
          stderr += t
        })
        child.stdout.destroy()
        child.on('error', reject)
        child.on('close', (code) => resolve({ code, stderr }))
      })
      assert.deepEqual(ended, { code: 0, stderr: '' }, command)
    }
  })
})
