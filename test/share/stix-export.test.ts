import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { incidentFor } from '../../src/server/db/incidents.ts'
import { gatherIncident } from '../../src/share/gather-incident.ts'
import { buildStixBundle } from '../../src/share/stix/build-bundle.ts'
import { StixSchemas } from '../../src/share/stix/stix-schemas.ts'
import { uuidv5 } from '../../src/share/stix/uuid5.ts'
import { validateBundle } from '../../src/share/stix/validate-bundle.ts'
import { HOLDER } from '../server/fixture-world.ts'
import { testLabels } from '../server/server-kit.ts'
import { EXCHANGE, LAZARUS_LABEL, type ShareWorld, shareWorld, THIEF } from './share-world.ts'

// Worked out with Python's uuid.uuid5(STIX namespace, '{"value":"<address>"}'), the STIX 2.1 rule for SCO ids.
const WALLET_IDS = {
  [THIEF]: 'cryptocurrency-wallet--3f7abcd6-bdab-57fd-9e10-f8e869341860',
  [EXCHANGE]: 'cryptocurrency-wallet--0d637cd5-0038-5f62-acb8-4cc698908d35',
  [HOLDER]: 'cryptocurrency-wallet--c2c2b44a-a74f-56b2-9c89-1d6f71b39dc3',
}
const AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'
const CLEAR = 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487'

// biome-ignore lint/suspicious/noExplicitAny: bundle objects are read field by field and every field asserted
type Obj = any

describe('STIX 2.1 export of an incident', () => {
  let w: ShareWorld
  const schemas = new StixSchemas()
  before(async () => {
    w = await shareWorld()
  })
  after(async () => {
    await w?.close()
  })

  const exportOnce = async (modified: string) => {
    const me = await w.t.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${w.a.viewerKey}` },
    })
    const principal = { ...JSON.parse(me.body), orgName: 'Alpha Exchange', platform: false, keyId: 'k' }
    const access = await incidentFor(w.t.db, principal, w.incidentId)
    return buildStixBundle(await gatherIncident(w.t.db, testLabels([LAZARUS_LABEL]), access), modified)
  }

  test('uuidv5 matches RFC 4122 (Python: uuid5(NAMESPACE_DNS, "python.org"))', () => {
    assert.equal(uuidv5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org'), '886313e1-3b8a-5372-9b90-0c9aee199e5d')
  })

  test('wallets, indicators, Lazarus, notes and markings; the bundle validates', async () => {
    const bundle = await exportOnce('2030-01-01T00:00:00.000Z')
    validateBundle(schemas, bundle)
    const objs = bundle.objects as Obj[]
    const of = (type: string) => objs.filter((o) => o.type === type)
    const wallets = of('cryptocurrency-wallet')
    assert.deepEqual(Object.fromEntries(wallets.map((o) => [o.value, o.id])), WALLET_IDS)
    for (const o of wallets) assert.equal(o.x_dragnet_chain, 'ethereum')
    const exchange = wallets.find((o) => o.value === EXCHANGE)
    assert.deepEqual(exchange.x_dragnet_endpoint.amounts, { native: '600' })
    assert.deepEqual(exchange.x_dragnet_endpoint.freezableBy, [{ kind: 'exchange', name: 'Harbor Exchange' }])
    assert.deepEqual(wallets.find((o) => o.value === HOLDER).x_dragnet_endpoint.amounts, { native: '400' })
    const thief = wallets.find((o) => o.value === THIEF)
    assert.deepEqual(thief.x_dragnet_roles, ['seed'])
    assert.equal(thief.x_dragnet_labels[0].source, 'fbi-psa250226')
    // Indicators for the seed and the held funds, not for the exchange's deposit address.
    const patterns = of('indicator')
      .map((o) => o.pattern)
      .sort()
    assert.deepEqual(
      patterns,
      [`[cryptocurrency-wallet:value = '${THIEF}']`, `[cryptocurrency-wallet:value = '${HOLDER}']`].sort(),
    )
    const [set] = of('intrusion-set')
    assert.equal(set.name, 'Lazarus Group')
    assert.ok(set.aliases.includes('TraderTraitor') && set.aliases.includes('APT38'))
    assert.deepEqual(set.external_references, [
      { source_name: 'mitre-attack', external_id: 'G0032', url: 'https://attack.mitre.org/groups/G0032/' },
    ])
    const thiefIndicator = of('indicator').find((o) => o.pattern.includes(THIEF))
    assert.equal(thiefIndicator.confidence, 90)
    const rels = of('relationship').map(
      (o) => `${o.source_ref.split('--')[0]} ${o.relationship_type} ${o.target_ref.split('--')[0]}`,
    )
    assert.ok(rels.includes('indicator indicates intrusion-set'))
    assert.ok(rels.includes('cryptocurrency-wallet related-to incident'))
    assert.ok(rels.includes('incident attributed-to intrusion-set'))
    const [incident] = of('incident')
    assert.equal(incident.id, `incident--${w.incidentId}`)
    assert.deepEqual(incident.object_marking_refs, [AMBER])
    const figures = of('note').find((o) => o.abstract === 'Trace figures')
    assert.equal(figures.x_dragnet_trace.totals.native.stolen, '1000')
    assert.equal(figures.x_dragnet_trace.totals.native.exchange, '600')
    assert.equal(figures.x_dragnet_trace.totals.native.held, '400')
    const windows = of('note').find((o) => o.abstract === 'Freeze windows')
    assert.deepEqual(
      windows.x_dragnet_freeze_windows.map((x: Obj) => [x.address, x.received, x.remaining]),
      [[EXCHANGE, '600', '600']],
    )
    // Every object but the markings carries one, and only the published TLP 2.0 ones are defined.
    assert.deepEqual(
      of('marking-definition')
        .map((o) => o.id)
        .sort(),
      [AMBER, CLEAR].sort(),
    )
    for (const o of objs.filter((x) => x.type !== 'marking-definition')) assert.equal(o.object_marking_refs.length, 1)
    assert.deepEqual(
      of('identity').map((o) => o.name),
      ['Alpha Exchange'],
    )
  })

  test('a second export keeps every id and moves modified', async () => {
    const one = await exportOnce('2030-01-01T00:00:00.000Z')
    const two = await exportOnce('2030-01-02T00:00:00.000Z')
    const ids = (b: typeof one) => b.objects.map((o) => o.id).sort()
    assert.deepEqual(ids(two), ids(one))
    const inc = (b: typeof one) => b.objects.find((o) => o.type === 'incident') as Obj
    assert.equal(inc(one).modified, '2030-01-01T00:00:00.000Z')
    assert.equal(inc(two).modified, '2030-01-02T00:00:00.000Z')
    assert.equal(inc(two).created, inc(one).created)
  })
})
