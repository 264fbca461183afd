import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEPOSIT, OUTBOUND } from '../../bridge/thorchain/fixtures/eth-btc-swap.ts'
import { linkThorchain } from '../../bridge/thorchain/link-thorchain.ts'
import { outboundSeeds, taintedShare } from './outbound-seeds.ts'

test('the tainted share is floor(output * tainted / deposited), capped at the whole output', () => {
  // 1 of 1.35 ETH tainted: 7,452,189 * 100 / 135 = 5,520,140 with no remainder.
  assert.equal(taintedShare(7_452_189n, 10n ** 18n, 135n * 10n ** 16n), 5_520_140n)
  assert.equal(taintedShare(10n, 1n, 3n), 3n) // 3.33 floored
  assert.equal(taintedShare(10n, 5n, 3n), 10n) // more taint than deposited counts as all of it
  assert.equal(taintedShare(10n, 0n, 3n), 0n)
  assert.equal(taintedShare(10n, 1n, 0n), 0n)
})

test('a link seeds its paid outputs only, each with its share', () => {
  const [link] = linkThorchain([DEPOSIT], [OUTBOUND])
  assert.ok(link)
  // Half the deposit tainted: 7,452,189 / 2 = 3,726,094.5, floored.
  assert.deepEqual(outboundSeeds(link, 675n * 10n ** 15n), [{ txid: OUTBOUND.hash, vout: 0, tainted: 3_726_094n }])
  assert.deepEqual(
    outboundSeeds({ ...link, outboundOutputs: [{ ...link.outboundOutputs[0], vout: null } as never] }, 1n),
    [],
  )
})
