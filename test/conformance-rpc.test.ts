import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { startRecordedServer } from './support/recorded-rpc-server.ts'
import { runCli } from './support/run-cli.ts'

/**
 * ethereum-etl conformance: `dragnet ingest evm` against a loopback node that answers only with the real
 * recorded responses of ethereum-etl's test suite, then `dragnet export` compared with ethereum-etl's expected
 * files, ignoring row order (as ethereum-etl's own tests do).
 */
const C = '../shared/data/conformance/ethereum-etl'
const dir = mkdtempSync(join(tmpdir(), 'dragnet-conf-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let n = 0

interface Case {
  name: string
  fixtures: string[]
  block: string
  args: string[]
  expect: Record<string, string>
  /** Columns ethereum-etl leaves empty in this job but Dragnet fills; compared as empty on both sides. */
  blank?: string[]
}

const cases: Case[] = [
  {
    name: 'blocks_with_transactions',
    fixtures: [`${C}/test_export_blocks_job/blocks_with_transactions`],
    block: '47218-47219',
    args: ['--only', 'blocks'],
    expect: {
      blocks: `${C}/test_export_blocks_job/blocks_with_transactions/expected_blocks.csv`,
      transactions: `${C}/test_export_blocks_job/blocks_with_transactions/expected_transactions.csv`,
    },
  },
  {
    name: 'block_without_transactions (genesis)',
    fixtures: [`${C}/test_export_blocks_job/block_without_transactions`],
    block: '0-0',
    args: ['--only', 'blocks'],
    expect: { blocks: `${C}/test_export_blocks_job/block_without_transactions/expected_blocks.csv` },
  },
  {
    name: 'block_with_logs, receipts_with_logs and block_with_transfers (block 483920, full ingest)',
    fixtures: [
      `${C}/test_export_blocks_job/block_with_logs`,
      `${C}/test_export_receipts_job/receipts_with_logs`,
      `${C}/test_export_token_transfers_job/block_with_transfers`,
    ],
    block: '483920-483920',
    args: [],
    expect: {
      blocks: `${C}/test_export_blocks_job/block_with_logs/expected_blocks.csv`,
      transactions: `${C}/test_export_blocks_job/block_with_logs/expected_transactions.csv`,
      receipts: `${C}/test_export_receipts_job/receipts_with_logs/expected_receipts.csv`,
      logs: `${C}/test_export_receipts_job/receipts_with_logs/expected_logs.csv`,
      token_transfers: `${C}/test_export_token_transfers_job/block_with_transfers/expected_token_transfers.csv`,
    },
  },
  ...[
    ['block_with_create', '0xf44f2'],
    ['block_with_error', '0xf45bf'],
    ['block_with_subtraces', '0xf4240'],
    ['block_with_suicide', '0xf7105'],
  ].flatMap(([fixture, hex]) => {
    const b = String(BigInt(hex as string))
    return [
      {
        name: `trace_block ${fixture}`,
        fixtures: [`${C}/test_export_traces_job/${fixture}`],
        block: `${b}-${b}`,
        args: ['--only', 'traces', '--traces', 'parity'],
        expect: { traces: `${C}/test_export_traces_job/${fixture}/expected_traces.csv` },
      },
      {
        name: `debug_traceBlockByNumber callTracer ${fixture}`,
        fixtures: [`${C}/test_extract_geth_traces_job/${fixture}`],
        block: `${b}-${b}`,
        args: ['--only', 'traces', '--traces', 'debug'],
        expect: { traces: `${C}/test_extract_geth_traces_job/${fixture}/expected_traces.csv` },
        // ethereum-etl's geth extraction leaves these to a later step; Dragnet computes status at ingest.
        blank: ['status'],
      },
    ]
  }),
]

function sortedLines(text: string, blank: readonly string[]): string[] {
  const lines = text.split('\n').filter((l) => l.length > 0)
  if (lines.length === 0) return []
  const header = lines[0] as string
  const names = header.split(',')
  const blankIdx = blank.map((b) => names.indexOf(b)).filter((i) => i >= 0)
  // Blanking needs field positions; the blanked columns never hold commas or quotes, so a split is exact for them.
  const rows = lines.slice(1).map((l) => (blankIdx.length === 0 ? l : blankFields(l, blankIdx)))
  return [header, ...rows.sort()]
}

function blankFields(line: string, idx: number[]): string {
  const fields: string[] = []
  let cur = ''
  let quoted = false
  for (const ch of line) {
    if (ch === '"') quoted = !quoted
    if (ch === ',' && !quoted) {
      fields.push(cur)
      cur = ''
    } else cur += ch
  }
  fields.push(cur)
  for (const i of idx) fields[i] = ''
  return fields.join(',')
}

describe('ethereum-etl conformance: ingest evm over recorded RPC, then export', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const server = await startRecordedServer(c.fixtures)
      const db = join(dir, `c${n++}.duckdb`)
      try {
        const [from, to] = c.block.split('-') as [string, string]
        const run = await runCli([
          'ingest',
          'evm',
          '--rpc',
          server.url,
          '--from',
          from,
          '--to',
          to,
          '--db',
          db,
          '--json',
          ...c.args,
        ])
        assert.equal(run.code, 0, run.stderr)
        for (const [table, expectedFile] of Object.entries(c.expect)) {
          const out = join(dir, `${n}-${table}.csv`)
          const exp = await runCli(['export', table, '--format', 'csv', '--out', out, '--db', db])
          assert.equal(exp.code, 0, exp.stderr)
          const got = existsSync(out) ? readFileSync(out, 'utf8') : ''
          assert.deepEqual(
            sortedLines(got, c.blank ?? []),
            sortedLines(readFileSync(expectedFile, 'utf8'), c.blank ?? []),
            `${table} differs`,
          )
        }
      } finally {
        await server.close()
      }
    })
  }

  test('callTracer statuses agree with trace_block statuses for the same calls', async () => {
    const fixtures = [
      ['block_with_error', '0xf45bf'],
      ['block_with_subtraces', '0xf4240'],
      ['block_with_create', '0xf44f2'],
    ] as const
    let failedCalls = 0
    for (const [fixture, hex] of fixtures) {
      const block = String(BigInt(hex))
      const server = await startRecordedServer([`${C}/test_extract_geth_traces_job/${fixture}`])
      const db = join(dir, `s${n++}.duckdb`)
      await runCli([
        'ingest',
        'evm',
        '--rpc',
        server.url,
        '--from',
        block,
        '--to',
        block,
        '--only',
        'traces',
        '--traces',
        'debug',
        '--db',
        db,
      ])
      const out = join(dir, `s${n}.csv`)
      await runCli(['export', 'traces', '--format', 'csv', '--out', out, '--db', db])
      await server.close()
      const statuses = (file: string) => {
        const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n')
        const cols = (header as string).split(',')
        return rows
          .map((r) => blankFields(r, []).split(','))
          .filter((f) => f[cols.indexOf('trace_type')] !== 'reward')
          .map(
            (f) =>
              `${f[cols.indexOf('transaction_index')]}:${f[cols.indexOf('trace_address')]}:${f[cols.indexOf('status')]}`,
          )
          .sort()
      }
      const parity = statuses(`${C}/test_export_traces_job/${fixture}/expected_traces.csv`)
      failedCalls += parity.filter((s) => s.endsWith(':0')).length
      assert.deepEqual(statuses(out), parity)
    }
    assert.equal(failedCalls, 1, 'block_with_error holds exactly one failed call')
  })
})
