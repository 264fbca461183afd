import assert from 'node:assert/strict'
import { test } from 'node:test'
import { opReturnText, paidOutputs, recogniseBtcOutbound } from './btc-outbound.ts'
import { btcTx, payTo } from './fixtures/btc-tx.ts'
import { RECORDED_OUT, RECORDED_REFUND } from './fixtures/recorded-outbounds.ts'

test('the recorded OUT payout: its memo from the OP_RETURN, the swapper paid, the vault change left out', () => {
  // The script as the chain has it (6a 44 <68 bytes>): the asm is not needed to read it.
  const op = RECORDED_OUT.outputs[2]
  assert.ok(op)
  assert.equal(
    op.scriptHex,
    '6a444f55543a42354645344632443331304433324144443344373043314538303645323234393433413038453733414338393238374142333734423635363643343630354438',
  )
  assert.equal(
    opReturnText({ ...op, scriptAsm: '' }),
    'OUT:B5FE4F2D310D32ADD3D70C1E806E224943A08E73AC89287AB374B6566C4605D8',
  )
  const o = recogniseBtcOutbound(RECORDED_OUT)
  assert.ok(o)
  assert.deepEqual(o.memo, {
    function: 'out',
    inboundHash: 'b5fe4f2d310d32add3d70c1e806e224943a08e73ac89287ab374b6566c4605d8',
  })
  const paid = [
    { txid: RECORDED_OUT.hash, vout: 0, address: 'bc1qtgsttdcy3z67hegc36l99egdm36va0m5r0gece', value: 24574773n },
  ]
  assert.deepEqual(paidOutputs(o, 'bc1qtgsttdcy3z67hegc36l99egdm36va0m5r0gece'), paid)
  // Without the memo's destination (a THORName, say) the paid output is the one that is not change to the vault.
  assert.deepEqual(paidOutputs(o, null), paid)
  assert.deepEqual(paidOutputs(o, 'BC1QTGSTTDCY3Z67HEGC36L99EGDM36VA0M5R0GECE'), paid)
})

test('the recorded REFUND: ten vault inputs in the record, the depositor paid back', () => {
  const o = recogniseBtcOutbound(RECORDED_REFUND)
  assert.ok(o)
  assert.deepEqual(o.memo, {
    function: 'refund',
    inboundHash: '1a15d2c488fca6fe4b50a930bdfcf320dad6fcff629b8d91310648e35fcee967',
  })
  assert.deepEqual(paidOutputs(o, null), [
    { txid: RECORDED_REFUND.hash, vout: 0, address: 'bc1qss42t2tk76cst7267xj4jsuddqea69zgdkql89', value: 2943300n },
  ])
})

test('a transaction without a THORChain memo is no outbound', () => {
  const plain = btcTx(
    '00'.repeat(32),
    { number: 1n, hash: '11'.repeat(32), timestamp: 0n },
    [],
    [payTo(0, 'bc1qtgsttdcy3z67hegc36l99egdm36va0m5r0gece', 1000n, '00145a20b5b70488b5ebe5188ebe52e50ddc74cebf74')],
  )
  assert.equal(recogniseBtcOutbound(plain), null)
  const other = {
    ...RECORDED_OUT,
    outputs: RECORDED_OUT.outputs.map((x) =>
      x.index === 2 ? { ...x, scriptAsm: 'OP_RETURN 3d3a623a78', scriptHex: '6a053d3a623a78' } : x,
    ),
  }
  assert.equal(recogniseBtcOutbound(other), null) // '=:b:x' is an inbound memo, not an outbound
})
