import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DragnetError } from '../../src/core/errors.ts'
import { buildMispEvent } from '../../src/share/misp/build-misp-event.ts'
import { readMispEvent } from '../../src/share/misp/read-misp-event.ts'
import { SAMPLE_BTC, SAMPLE_EXCHANGE, SAMPLE_THIEF, sampleIncident } from './shared-sample.ts'

// biome-ignore lint/suspicious/noExplicitAny: MISP JSON is read field by field and every field asserted
type Obj = any

describe('MISP events', () => {
  test('export: coin-address objects, tlp tags, the Lazarus galaxy tag, first-seen from the freeze window', () => {
    const s = sampleIncident()
    s.wallets.push({
      chain: 'bitcoin',
      address: SAMPLE_BTC,
      roles: ['endpoint'],
      tlp: 'AMBER',
      labels: [],
      endpoint: null,
    })
    const e = buildMispEvent(s, '2025-03-01T00:00:00.000Z').Event as Obj
    assert.equal(e.info, 'Harbor heist')
    assert.equal(e.date, '2025-02-21')
    assert.deepEqual(e.Tag, [{ name: 'tlp:amber' }, { name: 'misp-galaxy:threat-actor="Lazarus Group"' }])
    const objs = e.Object.map((o: Obj) => [
      o.name,
      o.template_uuid,
      o.Attribute.map((a: Obj) => `${a.object_relation}:${a.type}`),
    ])
    assert.deepEqual(objs[0], [
      'coin-address',
      'd0e6997e-78da-4815-a6a1-cfc1c1cb8a46',
      ['address-crypto:text', 'symbol:text', 'text:text'],
    ])
    // The exchange's deposit: first-seen is the freeze window's arrival, 1740147191 = 2025-02-21T14:13:11Z.
    const exchange = e.Object[1].Attribute
    assert.equal(exchange.find((a: Obj) => a.object_relation === 'first-seen').value, '2025-02-21T14:13:11.000Z')
    assert.deepEqual(exchange.find((a: Obj) => a.object_relation === 'address-crypto').Tag, [{ name: 'tlp:green' }])
    const btc = e.Object[2].Attribute
    assert.deepEqual([btc[0].object_relation, btc[0].type, btc[0].value], ['address', 'btc', SAMPLE_BTC])
    assert.equal(btc[1].value, 'BTC')
    const again = buildMispEvent(s, '2025-03-02T00:00:00.000Z').Event as Obj
    assert.equal(again.uuid, e.uuid)
    assert.deepEqual(
      again.Object.map((o: Obj) => o.uuid),
      e.Object.map((o: Obj) => o.uuid),
    )
  })

  test('Dragnet -> MISP -> Dragnet keeps every address, label, amount and marking', () => {
    const s = sampleIncident()
    const back = readMispEvent(JSON.parse(JSON.stringify(buildMispEvent(s, '2025-03-01T00:00:00.000Z'))))
    const got = back.incidents[0]
    assert.ok(got)
    assert.deepEqual(got.wallets, s.wallets)
    assert.deepEqual(got.trace, s.trace)
    assert.deepEqual({ ...got.incident, originId: null }, s.incident)
    assert.equal(got.incident.originId, `incident--${s.incident.id}`)
    assert.deepEqual(
      back.labels.map((l) => [l.address, l.category, l.source, l.confidence, l.tlp]),
      [[SAMPLE_THIEF, 'dprk-attributed', 'fbi-psa250226', 90, 'AMBER']],
    )
  })

  test("a CERT's event: btc attributes and coin-address objects become labels under the event's marking", () => {
    const cert = {
      Event: {
        uuid: '5f1b1c56-6a3c-4f0e-9c1e-7a3b2c1d0e9f',
        info: 'TraderTraitor laundering addresses',
        date: '2025-02-26',
        Orgc: { name: 'Example CERT', uuid: '9b0c6a1e-2f3d-4e5a-8b7c-6d5e4f3a2b1c' },
        Tag: [{ name: 'tlp:green' }, { name: 'misp-galaxy:threat-actor="Lazarus Group"' }],
        Attribute: [{ uuid: 'a1', type: 'btc', category: 'Financial fraud', value: SAMPLE_BTC, to_ids: true }],
        Object: [
          {
            uuid: 'o1',
            name: 'coin-address',
            Attribute: [
              {
                object_relation: 'address-crypto',
                type: 'text',
                value: SAMPLE_EXCHANGE.toUpperCase().replace('0X', '0x'),
                Tag: [{ name: 'tlp:amber' }],
              },
              { object_relation: 'symbol', type: 'text', value: 'ETH' },
            ],
          },
        ],
      },
    }
    const got = readMispEvent(cert)
    assert.deepEqual(got.incidents, [])
    assert.deepEqual(
      got.labels.map((l) => [l.chain, l.address, l.category, l.source, l.tlp, l.producer?.name]),
      [
        ['ethereum', SAMPLE_EXCHANGE, 'dprk-attributed', 'misp:example-cert', 'AMBER', 'Example CERT'],
        ['bitcoin', SAMPLE_BTC, 'dprk-attributed', 'misp:example-cert', 'GREEN', 'Example CERT'],
      ],
    )
  })

  test('a malformed event is refused naming what is wrong', () => {
    assert.throws(
      () => readMispEvent({ Event: { info: 'x', Object: [{ uuid: 'o9', name: 'coin-address', Attribute: [] }] } }),
      (e: unknown) => e instanceof DragnetError && e.code === 'INVALID_ARGUMENT' && e.details.objectId === 'o9',
    )
    assert.throws(
      () => readMispEvent({ event: {} }),
      (e: unknown) => e instanceof DragnetError && e.code === 'INVALID_ARGUMENT',
    )
  })
})
