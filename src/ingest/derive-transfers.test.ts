import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEPOSIT_TOPIC, TRANSFER_TOPIC, WITHDRAWAL_TOPIC } from '../sources/evm-rpc/event-topics.ts'
import type { Row } from '../store/store.ts'
import { type BlockRows, deriveTransfers } from './derive-transfers.ts'

const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const word = (addr: string) => `0x${addr.slice(2).padStart(64, '0')}`
const amount = (v: bigint) => `0x${v.toString(16).padStart(64, '0')}`
const WETH = a(0xeee)
const TOKEN = a(0x70c)

const tx = (i: number, from: number, to: number | null, value: string): Row => ({
  hash: h(i + 1),
  transaction_index: BigInt(i),
  from_address: a(from),
  to_address: to === null ? null : a(to),
  value,
})
const receipt = (i: number, status: bigint | null, contract: number | null = null): Row => ({
  transaction_hash: h(i + 1),
  status,
  contract_address: contract === null ? null : a(contract),
})
const log = (i: number, index: number, address: string, topics: string[], data: string): Row => ({
  log_index: BigInt(index),
  transaction_hash: h(i + 1),
  transaction_index: BigInt(i),
  address,
  data,
  topics: topics.join(','),
})
const trace = (
  i: number,
  traceAddress: string,
  from: number,
  to: number,
  value: string,
  extra: Partial<Row> = {},
): Row => ({
  transaction_hash: h(i + 1),
  transaction_index: BigInt(i),
  from_address: a(from),
  to_address: a(to),
  value,
  trace_type: 'call',
  call_type: 'call',
  trace_address: traceAddress,
  error: null,
  status: 1n,
  ...extra,
})
const block = (rows: Partial<BlockRows>): BlockRows => ({
  number: 7n,
  timestamp: 1000n,
  transactions: [],
  receipts: [],
  logs: [],
  tokenTransfers: [],
  traces: [],
  hasTraces: false,
  hasLogs: false,
  ...rows,
})
const brief = (rows: Row[]) =>
  rows.map((r) => `${r.tx_index} ${r.position} ${r.kind} ${r.from_address}>${r.to_address} ${r.asset} ${r.amount}`)

describe('deriveTransfers', () => {
  it('without traces: transaction values, minus failed ones; a creation pays the new contract', () => {
    const rows = deriveTransfers(
      block({
        transactions: [tx(0, 1, 2, '5'), tx(1, 1, 3, '6'), tx(2, 1, null, '7'), tx(3, 1, 4, '0')],
        receipts: [receipt(0, 1n), receipt(1, 0n), receipt(2, 1n, 9), receipt(3, 1n)],
      }),
      new Set(),
    )
    assert.deepEqual(brief(rows), [`0 tx native ${a(1)}>${a(2)} native 5`, `2 tx native ${a(1)}>${a(9)} native 7`])
  })

  it('with traces: calls that move value, but not failed calls, their children, or delegate/static/callcode frames', () => {
    const rows = deriveTransfers(
      block({
        transactions: [tx(0, 1, 2, '10')],
        receipts: [receipt(0, 1n)],
        hasTraces: true,
        traces: [
          trace(0, '', 1, 2, '10'),
          trace(0, '0', 2, 3, '4'),
          trace(0, '1', 2, 4, '3', { status: 0n, error: 'Reverted' }),
          trace(0, '1,0', 4, 5, '3', { status: 0n }),
          trace(0, '2', 2, 6, '1', { call_type: 'delegatecall' }),
          trace(0, '3', 2, 7, '1', { call_type: 'staticcall' }),
          trace(0, '4', 2, 8, '2', { trace_type: 'suicide', call_type: null }),
          trace(0, '5', 2, 9, '0'),
        ],
      }),
      new Set(),
    )
    assert.deepEqual(brief(rows), [
      `0 trace: native ${a(1)}>${a(2)} native 10`,
      `0 trace:0 internal ${a(2)}>${a(3)} native 4`,
      `0 trace:4 internal ${a(2)}>${a(8)} native 2`,
    ])
  })

  it('a failed transaction moves nothing even where its traces lack a status', () => {
    const rows = deriveTransfers(
      block({
        transactions: [tx(0, 1, 2, '10')],
        receipts: [receipt(0, 0n)],
        hasTraces: true,
        traces: [trace(0, '', 1, 2, '10', { status: null })],
      }),
      new Set(),
    )
    assert.deepEqual(rows, [])
  })

  it('logs: ERC-20 Transfer (3 topics, one word), not ERC-721 (4 topics); WETH only for registered tokens', () => {
    const big = 2n ** 255n + 1n
    const rows = deriveTransfers(
      block({
        transactions: [tx(0, 1, 2, '0')],
        receipts: [receipt(0, 1n)],
        hasLogs: true,
        logs: [
          log(0, 0, TOKEN, [TRANSFER_TOPIC, word(a(1)), word(a(2))], amount(big)),
          log(0, 1, TOKEN, [TRANSFER_TOPIC, word(a(1)), word(a(2)), amount(5n)], '0x'),
          log(0, 2, WETH, [DEPOSIT_TOPIC, word(a(1))], amount(3n)),
          log(0, 3, WETH, [WITHDRAWAL_TOPIC, word(a(1))], amount(2n)),
          log(0, 4, TOKEN, [DEPOSIT_TOPIC, word(a(1))], amount(9n)),
        ],
      }),
      new Set([WETH]),
    )
    assert.deepEqual(brief(rows), [
      `0 log:0 erc20 ${a(1)}>${a(2)} ${TOKEN} ${big}`,
      `0 log:2 wrap ${WETH}>${a(1)} ${WETH} 3`,
      `0 log:3 unwrap ${a(1)}>${WETH} ${WETH} 2`,
    ])
  })

  it('without logs: token_transfers rows as given', () => {
    const rows = deriveTransfers(
      block({
        transactions: [tx(0, 1, 2, '0')],
        tokenTransfers: [
          {
            token_address: TOKEN,
            from_address: a(1),
            to_address: a(2),
            value: '42',
            transaction_hash: h(1),
            log_index: 3n,
          },
        ],
      }),
      new Set(),
    )
    assert.deepEqual(brief(rows), [`0 log:3 erc20 ${a(1)}>${a(2)} ${TOKEN} 42`])
  })
})
