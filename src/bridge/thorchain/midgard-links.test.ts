import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { DragnetError } from '../../core/errors.ts'
import { DEPOSIT, OUTBOUND } from './fixtures/eth-btc-swap.ts'
import { RECORDED_OUT } from './fixtures/recorded-outbounds.ts'
import { linkThorchain } from './link-thorchain.ts'
import { parseMidgardActions } from './midgard-actions.ts'
import { midgardLinks } from './midgard-links.ts'

// The fixture is constructed in Midgard's /v2/actions format (see fixtures/README.md): one Ether -> Bitcoin
// swap matching eth-btc-swap.ts, one RUNE -> Bitcoin swap as Midgard recorded it.
const FILE = new URL('./fixtures/midgard-actions-eth-btc.json', import.meta.url)
const actions = () => parseMidgardActions(JSON.parse(readFileSync(FILE, 'utf8')), 'midgard-actions-eth-btc.json')

test("Midgard's record of the swap agrees with the link read from the two chains", () => {
  const { links, unconverted } = midgardLinks(actions().actions, { btcTxs: [OUTBOUND] })
  assert.deepEqual(unconverted, [])
  // The RUNE inbound happened inside THORChain: no chain deposit, no crossing.
  assert.equal(links.length, 1)
  const [fromChain] = linkThorchain([DEPOSIT], [OUTBOUND])
  assert.deepEqual(links[0], { ...fromChain, source: 'midgard' })
  // 135,000,000 in THORChain's 1e8 units is 1.35 ETH: exactly the deposit's wei.
  assert.equal(links[0]?.inboundAmount, 1_350_000_000_000_000_000n)
})

test('without the Bitcoin transaction Midgard still names the payout, its output index unknown', () => {
  const [link] = midgardLinks(actions().actions).links
  assert.deepEqual(link?.outboundOutputs, [
    { txid: OUTBOUND.hash, vout: null, address: '3GsSTWcQfbEpMQW4nJ6oPr1UhQZZCS74KD', value: 7_452_189n },
  ])
  assert.equal(link?.outboundTx, '3af6fd4de838bfa6308c729073e2fa5c3ada74b13f4d8a80a865b98df4e1640d')
  assert.notEqual(RECORDED_OUT.hash, link?.outboundTx)
})

test('a file not in the actions shape fails with BRIDGE_MALFORMED naming the field', () => {
  const bad = JSON.parse(readFileSync(FILE, 'utf8'))
  bad.actions[0].in[0].coins[0].amount = 1.35
  assert.throws(
    () => parseMidgardActions(bad, 'x.json'),
    (e: unknown) =>
      e instanceof DragnetError &&
      e.code === 'BRIDGE_MALFORMED' &&
      e.details.where === 'actions[0].in[0].coins[0].amount',
  )
  assert.throws(() => parseMidgardActions([], 'x.json'), { code: 'BRIDGE_MALFORMED' })
})
