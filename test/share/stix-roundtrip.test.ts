import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildStixBundle } from '../../src/share/stix/build-bundle.ts'
import { readBundle } from '../../src/share/stix/read-bundle.ts'
import { StixSchemas } from '../../src/share/stix/stix-schemas.ts'
import { validateBundle } from '../../src/share/stix/validate-bundle.ts'
import { SAMPLE_THIEF, sampleIncident } from './shared-sample.ts'

const schemas = new StixSchemas()

test('Dragnet -> STIX -> Dragnet keeps every address, label, amount and marking', () => {
  const original = sampleIncident()
  const bundle = validateBundle(schemas, buildStixBundle(original, '2025-03-01T00:00:00.000Z'))
  const back = readBundle(bundle)
  assert.equal(back.incidents.length, 1)
  const got = back.incidents[0]
  assert.ok(got)
  assert.deepEqual(got.wallets, original.wallets)
  assert.deepEqual(got.trace, original.trace)
  assert.deepEqual({ ...got.incident, id: original.incident.id, originId: null }, original.incident)
  assert.equal(got.incident.originId, `incident--${original.incident.id}`)
  assert.equal(got.producer.name, 'Alpha Exchange')
  // The labels, with the wallet's marking and the producer's identity.
  assert.deepEqual(
    back.labels.map((l) => [l.address, l.category, l.source, l.confidence, l.tlp, l.producer?.name]),
    [[SAMPLE_THIEF, 'dprk-attributed', 'fbi-psa250226', 90, 'AMBER', 'Alpha Exchange']],
  )
  // A second pass through STIX gives the same objects under the same ids.
  const again = buildStixBundle(got, '2025-03-02T00:00:00.000Z')
  assert.deepEqual(again.objects.map((o) => o.id).sort(), bundle.objects.map((o) => o.id).sort())
})

test("another producer's indicators become labels with its identity, confidence and marking", () => {
  const bundle = validateBundle(schemas, {
    type: 'bundle',
    id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
    objects: [
      {
        type: 'identity',
        spec_version: '2.1',
        id: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
        created: '2025-01-01T00:00:00.000Z',
        modified: '2025-01-01T00:00:00.000Z',
        name: 'Example CERT',
        identity_class: 'organization',
      },
      {
        type: 'intrusion-set',
        spec_version: '2.1',
        id: 'intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29',
        created: '2025-01-01T00:00:00.000Z',
        modified: '2025-01-01T00:00:00.000Z',
        name: 'TraderTraitor',
      },
      {
        type: 'indicator',
        spec_version: '2.1',
        id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        created_by_ref: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
        created: '2025-02-26T00:00:00.000Z',
        modified: '2025-02-26T00:00:00.000Z',
        pattern:
          "[cryptocurrency-wallet:value = '0x47666FAB8BD0AC7003BCE3F5C3585383F09486E2' OR cryptocurrency-wallet:value = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh']",
        pattern_type: 'stix',
        valid_from: '2025-02-26T00:00:00Z',
        confidence: 85,
        object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
      },
      {
        type: 'relationship',
        spec_version: '2.1',
        id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
        created: '2025-02-26T00:00:00.000Z',
        modified: '2025-02-26T00:00:00.000Z',
        relationship_type: 'indicates',
        source_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        target_ref: 'intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29',
      },
    ],
  })
  const got = readBundle(bundle)
  assert.deepEqual(got.incidents, [])
  assert.deepEqual(
    got.labels.map((l) => [l.chain, l.address, l.category, l.name, l.source, l.sourceDate, l.confidence, l.tlp]),
    [
      [
        'ethereum',
        '0x47666fab8bd0ac7003bce3f5c3585383f09486e2',
        'dprk-attributed',
        'Lazarus Group',
        'stix:example-cert',
        '2025-02-26',
        85,
        'GREEN',
      ],
      [
        'bitcoin',
        'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
        'dprk-attributed',
        'Lazarus Group',
        'stix:example-cert',
        '2025-02-26',
        85,
        'GREEN',
      ],
    ],
  )
  assert.deepEqual(got.labels[0]?.producer, {
    id: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
    name: 'Example CERT',
  })
})
