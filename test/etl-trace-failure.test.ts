import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { cli } from './etl-helpers.ts'

// ethereum-etl's geth trace extraction (test_extract_geth_traces_job) writes traces with a blank status and
// transaction_hash, an error only on the frame that failed. Block 7 below: transaction 0's top call
// reverted, its child call (0) and grandchild (0,0) did not error themselves; transaction 1's top call
// succeeded but its child (0) ran out of gas; transaction 2 is a plain successful call.
const TRACES_HEADER =
  'block_number,transaction_hash,transaction_index,from_address,to_address,value,input,output,trace_type,call_type,' +
  'reward_type,gas,gas_used,subtraces,trace_address,error,status,trace_id'
const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const trace = (tx: number, from: number, to: number, value: string, addr: string, error: string, subtraces: number) =>
  `7,,${tx},${a(from)},${a(to)},${value},0x,0x,call,call,,100000,21000,${subtraces},"${addr}",${error},,`
const TRACES = [
  TRACES_HEADER,
  trace(0, 1, 2, '5000', '', 'execution reverted', 1),
  trace(0, 2, 3, '3000', '0', '', 1),
  trace(0, 3, 4, '1000', '0,0', '', 0),
  trace(1, 5, 6, '700', '', '', 1),
  trace(1, 6, 7, '200', '0', 'out of gas', 0),
  trace(2, 8, 9, '42', '', '', 0),
].join('\n')
const TRANSACTIONS = [
  'hash,nonce,block_hash,block_number,transaction_index,from_address,to_address,value,gas,gas_price,input,block_timestamp,max_fee_per_gas,max_priority_fee_per_gas,transaction_type',
  `${h(100)},0,${h(7)},7,0,${a(1)},${a(2)},5000,100000,1,0x,1700000000,,,0`,
  `${h(101)},0,${h(7)},7,1,${a(5)},${a(6)},700,100000,1,0x,1700000000,,,0`,
  `${h(102)},0,${h(7)},7,2,${a(8)},${a(9)},42,100000,1,0x,1700000000,,,0`,
].join('\n')

test('geth traces with a blank status: children of a reverted call move nothing, as on RPC ingest', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-etl-revert-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'traces.csv'), `${TRACES}\n`)
  writeFileSync(join(dir, 'transactions.csv'), `${TRANSACTIONS}\n`)
  const db = join(dir, 'store.duckdb')
  const r = await cli(['import', 'etl', join(dir, 'traces.csv'), join(dir, 'transactions.csv'), '--db', db])
  assert.equal(r.code, 0, r.err)
  const exported = await cli(['export', 'transfers', '--db', db])
  assert.equal(exported.code, 0, exported.err)
  // Transaction 0 moves nothing (its top call reverted, undoing 3000 and 1000 below it); transaction 1 moves
  // its top call's 700 but not the 200 of the child that ran out of gas; transaction 2 moves 42.
  assert.deepEqual(exported.out.trimEnd().split('\n').slice(1), [
    `7,1700000000,${h(101)},1,trace:,native,${a(5)},${a(6)},native,700`,
    `7,1700000000,${h(102)},2,trace:,native,${a(8)},${a(9)},native,42`,
  ])
})
