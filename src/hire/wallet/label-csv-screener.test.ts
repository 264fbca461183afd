import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DragnetError } from '../../core/errors.ts'
import { createLabelScreener, parseLabelCsv } from './label-csv-screener.ts'

describe('label CSV screener', () => {
  const screener = createLabelScreener(
    parseLabelCsv(
      'address,label,category,source\n0xAbC0000000000000000000000000000000000001,Example,sanctioned,OFAC (test)\n',
    ),
  )

  it('matches EVM addresses case-insensitively and reports the category and source', async () => {
    assert.deepEqual(await screener.screen('0xabc0000000000000000000000000000000000001'), {
      risky: true,
      categories: ['sanctioned'],
      reason: 'labelled "Example" by OFAC (test)',
    })
  })

  it('knows nothing about unlabelled addresses', async () => {
    assert.equal(await screener.screen('0x0000000000000000000000000000000000000002'), undefined)
  })

  it('rejects a line without a category', () => {
    assert.throws(
      () => parseLabelCsv('0xabc,only-a-label\n'),
      (e: unknown) => e instanceof DragnetError && e.code === 'HIRE_INVALID_DATA',
    )
  })
})
