import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AddressTransferRow, TransferKey } from '../../store/address-transfers.ts'
import { Lock } from '../lock.ts'
import { CSV_HEADER, transfersCsv } from './transfer-rows.ts'

const A = '0x00000000000000000000000000000000000000aa'
const B = '0x00000000000000000000000000000000000000bb'

/** n transfers, one per block, A paying B n wei in block n; read after a key as a store would. */
function chainOf(n: number) {
  const rows: AddressTransferRow[] = Array.from({ length: n }, (_, i) => ({
    key: { block: BigInt(i + 1), txIndex: 0n, cls: 0, logIndex: -1n, position: 'tx', tx: `0x${(i + 1).toString(16)}` },
    time: null,
    from: A,
    to: B,
    asset: 'native',
    amount: String(i + 1),
  }))
  const reads: number[] = []
  const read = async (page: { limit: number; after?: TransferKey }) => {
    reads.push(page.limit)
    const start = page.after ? rows.findIndex((r) => r.key.block === page.after?.block) + 1 : 0
    return rows.slice(start, start + page.limit)
  }
  return { read, reads }
}

const units = async () => () => ({ symbol: 'ETH', decimals: 18 })

describe('transfersCsv', () => {
  it('reads page by page and stops at the row limit, saying it was cut', async () => {
    const { read, reads } = chainOf(7)
    const r = await transfersCsv({
      lock: new Lock(),
      read,
      unitsFor: units,
      chain: 'c',
      address: A,
      from: undefined,
      rowLimit: 5,
      pageSize: 2,
    })
    assert.equal(r.truncated, true)
    assert.equal(r.rows, 5)
    const lines = r.text.trimEnd().split('\n')
    assert.equal(lines[0], CSV_HEADER)
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      ['1', '2', '3', '4', '5'],
    )
    assert.equal(
      lines[1],
      '1,,0x1,0,,tx,out,0x00000000000000000000000000000000000000aa,0x00000000000000000000000000000000000000bb,native,ETH,18,1,0.000000000000000001',
    )
    assert.deepEqual(reads, [3, 3, 2], 'one more than each page, to know whether more follow')
  })
  it('is not cut when the list ends exactly at the limit', async () => {
    const { read } = chainOf(5)
    const r = await transfersCsv({
      lock: new Lock(),
      read,
      unitsFor: units,
      chain: 'c',
      address: B,
      from: undefined,
      rowLimit: 5,
      pageSize: 2,
    })
    assert.equal(r.truncated, false)
    assert.equal(r.rows, 5)
    assert.ok(r.text.split('\n')[1]?.includes(',in,'))
  })
})
