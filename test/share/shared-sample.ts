import type { SharedIncident } from '../../src/share/share-source.ts'

const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
export const SAMPLE_THIEF = a(0x7f01)
export const SAMPLE_EXCHANGE = a(0xec01)
export const SAMPLE_BTC = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh'

/** A shared incident written out by hand: a Lazarus-attributed seed, an exchange endpoint, trace figures. */
export function sampleIncident(): SharedIncident {
  return {
    producer: {
      id: '11111111-1111-4111-8111-111111111111',
      name: 'Alpha Exchange',
      createdAt: '2025-02-21T00:00:00.000Z',
      stixId: null,
    },
    incident: {
      id: '22222222-2222-4222-8222-222222222222',
      originId: null,
      title: 'Harbor heist',
      description: 'Hot wallet drained',
      status: 'open',
      tlp: 'AMBER',
      chain: 'ethereum',
      occurredAt: '2025-02-21T14:13:00Z',
      createdAt: '2025-02-21T15:00:00.000Z',
    },
    wallets: [
      {
        chain: 'ethereum',
        address: SAMPLE_THIEF,
        roles: ['seed'],
        tlp: 'AMBER',
        labels: [
          {
            chain: 'ethereum',
            address: SAMPLE_THIEF,
            category: 'dprk-attributed',
            name: 'Lazarus Group',
            source: 'fbi-psa250226',
            sourceDate: '2025-02-26',
            confidence: 90,
            programmes: [],
            asset: 'ETH',
            notes: null,
          },
        ],
        endpoint: null,
      },
      {
        chain: 'ethereum',
        address: SAMPLE_EXCHANGE,
        roles: ['endpoint'],
        tlp: 'GREEN',
        labels: [],
        endpoint: {
          category: 'exchange',
          name: 'Harbor Exchange',
          amounts: { native: '600000000000000000000' },
          freezableBy: [{ kind: 'exchange', name: 'Harbor Exchange' }],
        },
      },
    ],
    trace: {
      id: '33333333-3333-4333-8333-333333333333',
      tlp: 'AMBER',
      model: 'poison',
      direction: 'forward',
      finishedAt: '2025-02-21T16:00:00.000Z',
      assets: { native: { symbol: 'ETH', decimals: 18 } },
      totals: { native: { stolen: '1000000000000000000000', exchange: '600000000000000000000' } },
      freezeWindows: [
        {
          address: SAMPLE_EXCHANGE,
          asset: 'native',
          freezableBy: [{ kind: 'exchange', name: 'Harbor Exchange' }],
          received: '600000000000000000000',
          left: '0',
          remaining: '600000000000000000000',
          arrived: { tx: `0x${'ab'.repeat(32)}`, block: '21895238', time: '1740147191' },
          departed: null,
          seconds: null,
        },
      ],
    },
  }
}
