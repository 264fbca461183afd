import assert from 'node:assert/strict'
import { test } from 'node:test'
import { TLP_MARKINGS, tlpAllows, tlpAllowsExport, tlpForbidsSharing } from './tlp.ts'

test('TLP: who sees an object, by marking, for its owner, a shared organisation and an outsider', () => {
  const audience = new Set(['owner', 'partner'])
  const table = TLP_MARKINGS.map((tlp) => [
    tlp,
    tlpAllows(tlp, 'owner', 'owner', audience),
    tlpAllows(tlp, 'owner', 'partner', audience),
    tlpAllows(tlp, 'owner', 'outsider', audience),
  ])
  assert.deepEqual(table, [
    ['CLEAR', true, true, true],
    ['GREEN', true, true, true],
    ['AMBER', true, true, false],
    ['AMBER+STRICT', true, false, false],
    ['RED', true, true, false],
  ])
  // A child object owned by the partner and marked strict stays the partner's, even from the incident's owner.
  assert.equal(tlpAllows('AMBER+STRICT', 'partner', 'owner', audience), false)
})

test('TLP: only AMBER+STRICT forbids sharing; only RED keeps exports with the owner', () => {
  assert.deepEqual(
    TLP_MARKINGS.filter((t) => tlpForbidsSharing(t)),
    ['AMBER+STRICT'],
  )
  assert.deepEqual(
    TLP_MARKINGS.filter((t) => !tlpAllowsExport(t, 'owner', 'partner')),
    ['RED'],
  )
  assert.equal(tlpAllowsExport('RED', 'owner', 'owner'), true)
})
