import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { DEPOSIT, OUTBOUND } from '../../bridge/thorchain/fixtures/eth-btc-swap.ts'
import { linkThorchain } from '../../bridge/thorchain/link-thorchain.ts'
import { parseMidgardActions } from '../../bridge/thorchain/midgard-actions.ts'
import { midgardLinks } from '../../bridge/thorchain/midgard-links.ts'
import { mergeMidgard } from './merge-midgard.ts'

const FILE = new URL('../../bridge/thorchain/fixtures/midgard-actions-eth-btc.json', import.meta.url)
const indexed = midgardLinks(parseMidgardActions(JSON.parse(readFileSync(FILE, 'utf8'))).actions).links

test("Midgard's outbound completes a link whose payout the chains' data lacks, its output found when ingested", () => {
  const [pending] = linkThorchain([DEPOSIT], [])
  assert.ok(pending)
  assert.equal(pending.outboundTx, null)
  const [notIngested] = mergeMidgard([pending], indexed, [])
  assert.deepEqual(
    [notIngested?.source, notIngested?.outboundTx, notIngested?.outboundOutputs[0]?.vout, notIngested?.outboundAmount],
    ['midgard', OUTBOUND.hash, null, 7_452_189n],
  )
  const [ingested] = mergeMidgard([pending], indexed, [OUTBOUND])
  assert.equal(ingested?.outboundOutputs[0]?.vout, 0)
})

test("the chains' own link wins where it has the outbound", () => {
  const own = linkThorchain([DEPOSIT], [OUTBOUND])
  assert.deepEqual(mergeMidgard(own, indexed, [OUTBOUND]), own)
})
