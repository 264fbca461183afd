import assert from 'node:assert/strict'
import { test } from 'node:test'
import { silentLogger } from '../src/core/logger.ts'
import { DEMO_CHAIN, playAndIngestHeist } from '../src/demo/heist-demo.ts'
import { MapEndpointLabels } from '../src/labels/endpoint-labels.ts'
import { linkWithdrawals } from '../src/mixer/link-withdrawals.ts'
import { readPoolActivity } from '../src/mixer/read-pool-activity.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'

test("the demo world's mixer leg: every planted link found by its rule, nothing else linked", async (t) => {
  const store = await openDuckDbStore(':memory:')
  t.after(() => store.close())
  const leg = (await playAndIngestHeist({ logger: silentLogger() }, store, undefined, { mixers: true })).manifest
    .mixerLeg
  assert.ok(leg)
  const labels = new MapEndpointLabels(
    leg.pools.map((p) => [p.address.toLowerCase(), { category: 'mixer' as const, name: p.name }]),
  )
  const activity = await readPoolActivity(store, DEMO_CHAIN, labels)
  assert.deepEqual(
    activity.pools.map((p) => [p.address, p.denomination, p.recognisedBy]),
    leg.pools
      .map((p) => [p.address.toLowerCase(), p.denomination, 'label+events'])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  )
  assert.equal(activity.deposits.length, leg.notes.length)
  assert.equal(activity.withdrawals.length, leg.notes.filter((n) => n.withdrawalTx !== null).length)

  const found = linkWithdrawals(activity).map((l) => [l.deposit.tx, l.withdrawal.tx, l.rules.map((r) => r.rule)])
  const planted = leg.notes
    .filter((n) => n.planted.length > 0 && n.withdrawalTx !== null)
    .map((n) => [n.depositTx.toLowerCase(), n.withdrawalTx?.toLowerCase(), [...n.planted]])
  const byWithdrawal = (a: unknown[], b: unknown[]) => String(a[1]).localeCompare(String(b[1]))
  assert.deepEqual(found.sort(byWithdrawal), planted.sort(byWithdrawal))
})
