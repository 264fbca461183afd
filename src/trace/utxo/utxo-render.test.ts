import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { renderCsv, renderJson } from '../render/render-formats.ts'
import { renderTable } from '../render/render-table.ts'
import { DEFAULT_LIMITS } from '../trace-types.ts'
import { traceUtxo } from './trace-utxo.ts'
import { TxChain } from './utxo-test-kit.ts'

describe('a UTXO result renders as an EVM one', () => {
  it('JSON (amounts as decimal strings), table and CSV', () => {
    const c = new TxChain()
    c.tx('theft', [{ ext: 'victim', value: 100_001_000n }], [['S', 100_000_000n]])
    c.tx(
      'pay',
      [['theft', 0]],
      [
        ['bc1qpayee', 60_000_000n],
        ['bc1qchange', 39_990_000n],
      ],
    )
    const r = traceUtxo(
      c.txs,
      {
        chain: 'bitcoin',
        model: 'fifo',
        seedAddresses: ['S'],
        seedTxs: [],
        limits: DEFAULT_LIMITS,
        clusters: new Map([['bc1qpayee', 'bc1qchange']]),
      },
      new Map(),
    )
    const json = JSON.parse(renderJson(r))
    assert.equal(json.totals.native.held, '99990000')
    assert.equal(json.fees.native, '10000')
    assert.equal(json.clusters[0].amount, '60000000')
    assert.equal(json.endpoints[0].cluster, 'bc1qchange')
    assert.match(renderTable(r), /bc1qpayee/)
    assert.match(renderCsv(r), /bc1qchange/)
  })
})
